package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.sample.SampleImage;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sample-image DESTINATION}: writes a small real image, to rehearse a runbook offline. */
@Command(
        name = "sample-image",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a small but real image (random tar+gzip layers) to DESTINATION, offline.",
            "Several --platform values give a multi-platform index."
        },
        footer = {"", "Example:", "  skiff sample-image --platform linux/amd64,linux/arm64 oci:./layout:multi"})
final class SampleImageCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SideOptions.Destination destination;

    @Option(
            names = "--platform",
            split = ",",
            paramLabel = "OS/ARCH[/VARIANT]",
            defaultValue = "linux/amd64",
            description = "Platforms to build (default linux/amd64).")
    String[] platforms;

    @Option(names = "--layers", defaultValue = "2", description = "Layers per image (default 2).")
    int layers;

    @Option(
            names = "--layer-size",
            defaultValue = "65536",
            paramLabel = "BYTES",
            description = "Random bytes per layer (default 65536).")
    int layerSize;

    @Option(
            names = "--format",
            defaultValue = "oci",
            paramLabel = "oci|docker",
            description = "Manifest format (default oci).")
    String format;

    @Option(
            names = "--compression",
            defaultValue = "gzip",
            paramLabel = "gzip|none",
            description = "Layer compression (default gzip; none writes plain tar layers).")
    String compression;

    @Parameters(
            index = "0",
            paramLabel = "DESTINATION",
            description = "Where to write the image: TRANSPORT:REFERENCE (oci:PATH:TAG, docker://HOST/REPO:TAG…).")
    String destinationRef;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> RegistryFlags.DESTINATION.advise(hint, subject);
    }

    @Override
    public Integer call() throws Exception {
        SampleImage sample = new SampleImage()
                .layers(layers)
                .layerSize(layerSize)
                .format(format)
                .compression(compression)
                .platforms(Arrays.stream(platforms).map(Platform::parse).toList())
                .label("org.opencontainers.image.title", "skiff sample image");
        ManifestDocument top = Skiff.writeSample(sample, destinationRef, destination.options());
        spec.commandLine().getOut().println("Wrote " + destinationRef + ": " + top.digest());
        return 0;
    }
}
