package dev.skiff.trust.gpg;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies an OpenPGP signed message (what {@code gpg --sign} and gpgme write) in-process with
 * Bouncy Castle against a set of trusted keys, and returns the signed content. A key that is
 * revoked or expired is refused, as gpgme refuses it for containers/image.
 */
public final class GpgVerifier {
    private GpgVerifier() {}

    /** The verified content and the primary key fingerprint of its signer. */
    public record Verified(byte[] content, String fingerprint) {}

    public static Verified verify(byte[] signedMessage, GpgKeys trusted) {
        try {
            InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signedMessage));
            BcPGPObjectFactory f = new BcPGPObjectFactory(in);
            Object o = f.nextObject();
            if (o instanceof PGPCompressedData compressed) {
                f = new BcPGPObjectFactory(compressed.getDataStream());
                o = f.nextObject();
            }
            if (!(o instanceof PGPOnePassSignatureList ops) || ops.size() != 1) {
                throw new SkiffException("the signature is not an OpenPGP signed message with one signature");
            }
            PGPOnePassSignature ops0 = ops.get(0);
            GpgKeys.Found key = trusted.find(ops0.getKeyID());
            if (key == null) {
                throw new SkiffException("the signature was made by key ID "
                        + Long.toHexString(ops0.getKeyID()).toUpperCase(java.util.Locale.ROOT)
                        + ", which is not one of the trusted keys (" + trusted + ")");
            }
            ops0.init(new BcPGPContentVerifierBuilderProvider(), key.key());
            if (!(f.nextObject() instanceof PGPLiteralData literal)) {
                throw new SkiffException("the signed message holds no literal data");
            }
            byte[] content =
                    BoundedRead.readAll(literal.getInputStream(), BoundedRead.MANIFEST_LIMIT, "signed content");
            ops0.update(content);
            if (!(f.nextObject() instanceof PGPSignatureList list) || list.size() != 1) {
                throw new SkiffException("the signed message lacks its signature packet");
            }
            PGPSignature sig = list.get(0);
            if (!ops0.verify(sig)) {
                throw new SkiffException("the signature does not match its content (invalid signature)");
            }
            String unusable = key.unusable(System.currentTimeMillis() / 1000);
            if (unusable != null) {
                throw new SkiffException("the signature was made by a key that may not be trusted: " + unusable);
            }
            return new Verified(content, GpgKeys.fingerprint(key.primary()));
        } catch (PGPException | IOException | RuntimeException e) {
            if (e instanceof SkiffException s) {
                throw s;
            }
            throw new SkiffException("the signature is not a valid OpenPGP message: " + e.getMessage(), e);
        }
    }
}
