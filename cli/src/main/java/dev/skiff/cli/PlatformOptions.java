package dev.skiff.cli;

import dev.skiff.model.Platform;
import picocli.CommandLine.Option;

/**
 * skopeo's {@code --override-os}, {@code --override-arch}, {@code --override-variant}: which image
 * of a multi-platform index to use instead of this machine's. An overridden architecture drops
 * this machine's variant, as skopeo does (arm64 then means any arm64 image, v8 first).
 */
final class PlatformOptions {
    @Option(
            names = "--override-os",
            paramLabel = "OS",
            description = "Use the image for OS instead of this machine's (linux).")
    String os;

    @Option(
            names = "--override-arch",
            paramLabel = "ARCH",
            description = "Use the image for ARCH instead of this machine's (amd64, arm64, arm…).")
    String arch;

    @Option(
            names = "--override-variant",
            paramLabel = "VARIANT",
            description = "Use the image for VARIANT of the architecture (v8, v7…).")
    String variant;

    Platform platform() {
        Platform here = Platform.current();
        String v = variant != null ? variant : arch != null ? null : here.variant();
        return Platform.of(os != null ? os : here.os(), arch != null ? arch : here.architecture(), v);
    }
}
