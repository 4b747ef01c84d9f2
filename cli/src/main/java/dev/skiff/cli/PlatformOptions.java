package dev.skiff.cli;

import dev.skiff.model.Platform;
import picocli.CommandLine.Option;

/**
 * skopeo's {@code --override-os}, {@code --override-arch}, {@code --override-variant}: which image
 * of a multi-platform index to use instead of this machine's. An overridden architecture drops
 * this machine's variant, as skopeo does (arm64 then means any arm64 image, v8 first).
 */
final class PlatformOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

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
        // given after the command, else before it (skopeo's global form: skiff --override-arch arm64 inspect …)
        String os = mixee == null ? this.os : GlobalOptions.<String>value(mixee, "--override-os");
        String arch = mixee == null ? this.arch : GlobalOptions.<String>value(mixee, "--override-arch");
        String variant = mixee == null ? this.variant : GlobalOptions.<String>value(mixee, "--override-variant");
        Platform here = Platform.current();
        String v = variant != null ? variant : arch != null ? null : here.variant();
        return Platform.of(os != null ? os : here.os(), arch != null ? arch : here.architecture(), v);
    }
}
