package dev.skiff.cli;

import dev.skiff.copy.ReferrerOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --referrers} and {@code --referrers-type} of copy and sync: signatures and SBOMs follow the image. */
final class ReferrerFlags {
    static final String ADVICE =
            "copy without --referrers, or to a destination that keeps referrers (docker://, oci:, oci-archive:) with digests unchanged";

    @Option(
            names = "--referrers",
            description =
                    "Copy each image's referrers with it, recursively: OCI 1.1 referrers (SBOMs, attestations; the registry's referrers API or its sha256-HEX fallback tag) and cosign's sha256-HEX.sig/.att/.sbom tags.")
    boolean referrers;

    @Option(
            names = "--referrers-type",
            paramLabel = "TYPE",
            description =
                    "With --referrers, copy only referrers of this artifactType (repeatable); a cosign tag's type is its first layer's media type.")
    List<String> types;

    ReferrerOptions options() {
        boolean on = referrers || (types != null && !types.isEmpty());
        return new ReferrerOptions(on, types);
    }
}
