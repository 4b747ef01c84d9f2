package dev.skiff.transport.layout;

import dev.skiff.name.InvalidReferenceException;
import java.util.regex.Pattern;

/**
 * {@code PATH[:REF]} as {@code oci:} and {@code oci-archive:} write it: as in skopeo, the path ends
 * at the first colon; what follows is the {@code org.opencontainers.image.ref.name} (a tag such
 * as {@code v1}, or a longer name such as {@code team/app:v1}); an empty one means none.
 */
public record LayoutPath(String path, String refName) {
    // The OCI image-layout ref.name grammar: components of alphanumerics joined by separators.
    private static final Pattern REF_NAME = Pattern.compile("[A-Za-z0-9]+(?:[-._:@/+]+[A-Za-z0-9]+)*");

    /** Splits and checks what follows {@code transport:}; errors show the whole reference. */
    public static LayoutPath parse(String transport, String withinTransport) {
        int colon = withinTransport.indexOf(':');
        String path = colon < 0 ? withinTransport : withinTransport.substring(0, colon);
        String ref = colon < 0 || colon == withinTransport.length() - 1 ? null : withinTransport.substring(colon + 1);
        if (path.isEmpty()) {
            throw new InvalidReferenceException("invalid reference \"" + transport + ":" + withinTransport
                    + "\": the " + (transport.equals("oci") ? "layout" : "archive") + " path is empty (expected "
                    + transport + ":PATH[:TAG])");
        }
        checkRefName(transport, path, ref);
        return new LayoutPath(path, ref);
    }

    public static void checkRefName(String transport, String path, String refName) {
        if (refName != null && !REF_NAME.matcher(refName).matches()) {
            throw new InvalidReferenceException("invalid reference \"" + transport + ":" + path + ":" + refName
                    + "\": the tag must be letters and digits joined by - . _ : @ / +");
        }
    }

    /** {@code PATH} or {@code PATH:REF}, as parsed. */
    public String withinTransport() {
        return refName == null ? path : path + ":" + refName;
    }
}
