package dev.skiff.trust.ocicrypt;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;

/**
 * ocicrypt's {@code pkcs7} scheme: the layer's private options in a CMS EnvelopedData (the content
 * key RSA-wrapped per recipient certificate, recipients named by issuer and serial number), DER,
 * as the annotation's (base64) value.
 *
 * <p>ocicrypt asks its PKCS#7 library (go.mozilla.org/pkcs7) for AES-128-GCM, and that library
 * writes the GCM parameters wrapped once more in a primitive SEQUENCE tag, with the nonce tagged
 * [4], and reads only that form. So Skiff writes AES-256-CBC, which that library and every CMS reader decrypt, and reads
 * ocicrypt's GCM form by unwrapping the extra tag first ({@link #normalize}).
 */
final class Pkcs7 {
    private Pkcs7() {}

    static byte[] wrap(List<X509Certificate> recipients, byte[] optsData) {
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            for (X509Certificate cert : recipients) {
                generator.addRecipientInfoGenerator(
                        new JceKeyTransRecipientInfoGenerator(cert).setProvider(KeyFiles.BC));
            }
            CMSEnvelopedData data = generator.generate(
                    new CMSProcessableByteArray(optsData),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC)
                            .setProvider(KeyFiles.BC)
                            .build());
            return data.toASN1Structure().getEncoded("DER");
        } catch (Exception e) {
            throw new IllegalStateException("PKCS#7 encryption failed: " + e.getMessage(), e);
        }
    }

    /** The options in {@code packet} opened with one of {@code keys}; null when none of them opens it. */
    static byte[] unwrap(List<PrivateKey> keys, byte[] packet) {
        CMSEnvelopedData data;
        try {
            data = new CMSEnvelopedData(normalize(packet));
        } catch (CMSException | RuntimeException e) {
            throw new IllegalArgumentException("the pkcs7 packet is not a CMS EnvelopedData: " + e.getMessage());
        }
        for (RecipientInformation info : data.getRecipientInfos().getRecipients()) {
            if (!(info instanceof KeyTransRecipientInformation)) {
                continue;
            }
            for (PrivateKey key : keys) {
                if (!"RSA".equals(key.getAlgorithm())) {
                    continue;
                }
                try {
                    return info.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(KeyFiles.BC));
                } catch (CMSException | RuntimeException wrongKey) {
                    // try the next key
                }
            }
        }
        return null;
    }

    /**
     * The packet with go.mozilla.org/pkcs7's doubly wrapped algorithm parameters (a primitive
     * SEQUENCE tag around a whole SEQUENCE) replaced by the inner SEQUENCE; other bytes as they
     * are. Definite-length DER only; anything else is returned unchanged.
     */
    static byte[] normalize(byte[] der) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(der.length);
            int end = rewrite(der, 0, der.length, out);
            return end == der.length ? out.toByteArray() : der;
        } catch (IllegalArgumentException e) {
            return der;
        }
    }

    /** Re-encodes the TLVs in {@code [from, to)} into {@code out}; returns where it stopped. */
    private static int rewrite(byte[] d, int from, int to, java.io.ByteArrayOutputStream out) {
        int i = from;
        while (i < to) {
            int tag = d[i] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-byte tag");
            }
            int[] len = length(d, i + 1);
            int start = i + 1 + len[1];
            int stop = start + len[0];
            if (stop > to) {
                throw new IllegalArgumentException("truncated");
            }
            if (tag == 0x10 && len[0] > 0 && (d[start] & 0xff) == 0x30) {
                // the primitive SEQUENCE around a SEQUENCE: keep the inner one; its nonce is tagged
                // [4] where GCMParameters has an OCTET STRING
                byte[] inner = java.util.Arrays.copyOfRange(d, start, stop);
                if (inner.length > 2 && (inner[1] & 0xff) < 0x80 && (inner[2] & 0xff) == 0x84) {
                    inner[2] = 0x04;
                }
                out.write(inner, 0, inner.length);
            } else if ((tag & 0x20) != 0) {
                java.io.ByteArrayOutputStream inner = new java.io.ByteArrayOutputStream(len[0]);
                rewrite(d, start, stop, inner);
                out.write(tag);
                writeLength(out, inner.size());
                out.write(inner.toByteArray(), 0, inner.size());
            } else {
                out.write(d, i, stop - i);
            }
            i = stop;
        }
        return i;
    }

    /** {length, bytes the length took}. */
    private static int[] length(byte[] d, int at) {
        int first = d[at] & 0xff;
        if (first < 0x80) {
            return new int[] {first, 1};
        }
        int n = first & 0x7f;
        if (n == 0 || n > 3) {
            throw new IllegalArgumentException("indefinite or huge length");
        }
        int v = 0;
        for (int k = 1; k <= n; k++) {
            v = (v << 8) | (d[at + k] & 0xff);
        }
        return new int[] {v, 1 + n};
    }

    private static void writeLength(java.io.ByteArrayOutputStream out, int n) {
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
    }
}
