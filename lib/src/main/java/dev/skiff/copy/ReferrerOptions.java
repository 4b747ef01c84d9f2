package dev.skiff.copy;

import java.util.List;

/**
 * Whether a copy carries the image's referrers (OCI 1.1 manifests whose {@code subject} is the image,
 * cosign's {@code sha256-HEX.sig/.att/.sbom} tags), recursively, and which artifact types: empty
 * {@code artifactTypes} means every type. A referrer's type is its {@code artifactType}, else (a
 * cosign tag, which has none) the media type of its first layer.
 */
public record ReferrerOptions(boolean enabled, List<String> artifactTypes) {
    public static final ReferrerOptions NONE = new ReferrerOptions(false, List.of());

    public ReferrerOptions {
        artifactTypes = artifactTypes == null ? List.of() : List.copyOf(artifactTypes);
    }

    /** These options carrying referrers (or not). */
    public ReferrerOptions withReferrers(boolean value) {
        return new ReferrerOptions(value, artifactTypes);
    }

    /** These options carrying only referrers of these artifact types (none: every type). */
    public ReferrerOptions withReferrers(List<String> types) {
        return new ReferrerOptions(enabled, types);
    }

    /** True when a referrer of {@code type} is carried. */
    public boolean accepts(String type) {
        return artifactTypes.isEmpty() || artifactTypes.contains(type);
    }
}
