package dev.skiff.trust;

import dev.skiff.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One signature of one manifest, untrusted until a policy requirement verified it. The storage form
 * ({@link #toBlob()}) is containers/image's, so a signature skopeo wrote to a {@code dir:} or a
 * lookaside reads back here and the other way round: a simple signing signature is stored as the
 * bare OpenPGP message; any other format as {@code 0x00 FORMAT-ID '\n' DATA}.
 */
public sealed interface Signature permits SimpleSignature, SigstoreSignature {
    /** The bytes as {@code dir:} keeps them in {@code signature-N} (and as a lookaside serves them). */
    byte[] toBlob();

    static Signature fromBlob(byte[] blob) {
        if (blob == null || blob.length == 0) {
            throw new SkiffException("signature is empty");
        }
        if (blob[0] != 0x00) {
            // Before the format prefix existed every stored signature was an OpenPGP message.
            return new SimpleSignature(blob);
        }
        int newline = -1;
        for (int i = 1; i < blob.length && i < 64; i++) {
            if (blob[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new SkiffException("signature has a format prefix without an end of line");
        }
        String format = new String(blob, 1, newline - 1, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(blob, newline + 1, blob.length);
        return switch (format) {
            case SimpleSignature.FORMAT -> new SimpleSignature(data);
            case SigstoreSignature.FORMAT -> SigstoreSignature.fromBlobData(data);
            default -> throw new SkiffException("signature format \"" + format + "\" is not one Skiff knows");
        };
    }
}
