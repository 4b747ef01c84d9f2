package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PEM block: its type and DER bytes; written as Go's {@code pem.EncodeToMemory} writes it (64 columns). */
record Pem(String type, byte[] der) {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    /** The first PEM block in {@code text}, as Go's {@code pem.Decode} takes the first; {@code what} names the input. */
    static Pem decode(byte[] text, String what) {
        Matcher m = BLOCK.matcher(new String(text, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new SkiffException(what + " is not a PEM file (no -----BEGIN …----- block)");
        }
        String body = m.group(2);
        if (body.contains(":")) {
            // Proc-Type/DEK-Info headers: an OpenSSL-encrypted key, which is not sigstore's format.
            throw new SkiffException(what + " has PEM headers, which neither cosign nor skopeo writes");
        }
        try {
            return new Pem(m.group(1), Base64.getMimeDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new SkiffException(what + ": the " + m.group(1) + " block is not base64");
        }
    }

    byte[] encode() {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            out.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        out.append("-----END ").append(type).append("-----\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
