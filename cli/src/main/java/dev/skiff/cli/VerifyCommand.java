package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.Skiff;
import dev.skiff.io.GoJson;
import dev.skiff.io.Sizes;
import dev.skiff.model.Json;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.verify.BlobProblem;
import dev.skiff.verify.ComparisonRow;
import dev.skiff.verify.DeepReport;
import dev.skiff.verify.ImageComparison;
import dev.skiff.verify.Note;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify SOURCE DESTINATION}: proves by digest that the destination holds what the source
 * holds; {@code verify --deep IMAGE}: re-reads every stored blob. Exit 0 when all is well, 1 when
 * something differs or is damaged.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compare the image at SOURCE with the image at DESTINATION by digest (every platform of an index),",
            "or with --deep re-read every blob of IMAGE from where it is stored and check its size and digest.",
            "Exits 0 when they match (or the image is intact), 1 otherwise."
        },
        footer = {
            "",
            "Examples:",
            "  skiff verify --dest-tls-verify=false oci-archive:./app.tar:v1 docker://127.0.0.1:5000/team/app:v1",
            "  skiff verify --deep --diff-ids oci:./layout"
        })
final class VerifyCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SideOptions.Source source;

    @Mixin
    SideOptions.Destination destination;

    @Mixin
    SideOptions.Single single;

    /** Accepted as skopeo accepts them on every command (the policy applies where images are copied). */
    @Mixin
    TrustFlags trustFlags;

    @Option(
            names = "--deep",
            description =
                    "Re-read every blob of IMAGE and check its size and digest (one image, or every image of oci:DIR with no tag).")
    boolean deep;

    @Option(
            names = "--diff-ids",
            description = "With --deep: uncompress every layer and check it against the config's rootfs.diff_ids.")
    boolean diffIds;

    @Option(
            names = {"-a", "--all"},
            description = "Every platform of an index must be present and equal (deep: check every platform).")
    boolean all;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(
            names = "--decryption-key",
            paramLabel = "KEY[:PASSWORD]",
            description =
                    "Decrypt encrypted (ocicrypt) layers with this key to compare their plaintext with the other image's layers. Repeatable.")
    List<String> decryptionKeys;

    @Parameters(
            paramLabel = "SOURCE DESTINATION | IMAGE",
            arity = "1..2",
            description = "Two images to compare by digest, or one to re-read with --deep.")
    List<String> images = new ArrayList<>();

    @Override
    public Advice advice() {
        return (hint, side, subject) -> switch (hint) {
            case ALL_PLATFORMS -> "--all checks every one";
            case ONE_PLATFORM_COPIED -> "copy with --all to carry every platform";
            case DECRYPTION_KEY_NEEDED -> "pass --decryption-key to compare the plaintext of encrypted layers";
            default ->
                deep
                        ? RegistryFlags.SINGLE.advise(hint, subject)
                        : Reach.flags(
                                        side,
                                        subject,
                                        Reach.ofReference(source(images)),
                                        Reach.ofReference(destination(images)))
                                .advise(hint, subject);
        };
    }

    private static String source(List<String> images) {
        return images.isEmpty() ? null : images.get(0);
    }

    private static String destination(List<String> images) {
        return images.size() < 2 ? null : images.get(1);
    }

    @Override
    public Integer call() throws Exception {
        if (deep && images.size() != 1) {
            throw new ParameterException(spec.commandLine(), "verify --deep takes one IMAGE, got " + images.size());
        }
        if (!deep && images.size() != 2) {
            throw new ParameterException(
                    spec.commandLine(),
                    "verify takes SOURCE and DESTINATION (or --deep IMAGE), got " + images.size() + " reference");
        }
        if (diffIds && !deep) {
            throw new ParameterException(spec.commandLine(), "--diff-ids goes with --deep");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean ok;
        if (deep) {
            DeepReport report = Skiff.verifyDeep(images.get(0), all, diffIds, Platform.current(), deepOptions());
            out.println(json ? GoJson.marshalIndent(toJson(report)) : text(report));
            ok = report.intact();
        } else {
            ImageComparison c = Skiff.verify(
                    images.get(0),
                    images.get(1),
                    all,
                    Platform.current(),
                    source.options(),
                    destination.options(),
                    dev.skiff.trust.ocicrypt.LayerCrypto.of(List.of(), List.of(), decryptionKeys));
            out.println(json ? GoJson.marshalIndent(toJson(c)) : text(c));
            ok = c.matches();
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** --creds/--tls-verify for the one image; --src-… also work, as the image is a source. */
    private dev.skiff.transport.TransportOptions deepOptions() {
        boolean srcGiven = source.creds != null || !source.tlsVerify;
        return srcGiven ? source.options() : single.options();
    }

    private String text(ImageComparison c) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"PLATFORM", "SOURCE", "DESTINATION", "MATCH"});
        for (ComparisonRow r : c.rows()) {
            lines.add(new String[] {
                r.platform(),
                digest(r.source()),
                digest(r.destination()),
                r.status().label()
            });
        }
        StringBuilder b = new StringBuilder(table(lines));
        c.notes().forEach(n -> b.append("Note: ").append(worded(n)).append('\n'));
        b.append(
                c.matches()
                        ? "Verified: " + c.destination() + " holds what " + c.source() + " holds"
                        : "Mismatch: " + c.destination() + " does not hold what " + c.source() + " holds");
        return b.toString();
    }

    private String text(DeepReport r) {
        StringBuilder b = new StringBuilder();
        for (BlobProblem p : r.problems()) {
            b.append(p.digest())
                    .append(" (")
                    .append(p.role())
                    .append("): ")
                    .append(p.kind().label())
                    .append(" — ")
                    .append(p.detail())
                    .append('\n');
        }
        for (Digest d : r.unreferenced()) {
            b.append(d).append(": stored but no image references it (not an error)\n");
        }
        r.notes().forEach(n -> b.append("Note: ").append(worded(n)).append('\n'));
        String counts = r.images() + (r.images() == 1 ? " image, " : " images, ") + r.blobs() + " blobs, "
                + Sizes.human(r.bytes());
        b.append(
                r.intact()
                        ? "Intact: " + r.image() + " (" + counts + " re-read, every digest and size correct)"
                        : "Damaged: " + r.image() + " has " + r.problems().size()
                                + (r.problems().size() == 1 ? " problem" : " problems") + " (" + counts + " re-read)");
        return b.toString();
    }

    private ObjectNode toJson(ImageComparison c) {
        ObjectNode root = Json.object();
        root.put("Source", c.source());
        root.put("Destination", c.destination());
        root.put("Match", c.matches());
        ArrayNode rows = root.putArray("Images");
        for (ComparisonRow r : c.rows()) {
            ObjectNode o = rows.addObject();
            o.put("Platform", r.platform());
            o.put("SourceDigest", r.source() == null ? null : r.source().toString());
            o.put(
                    "DestinationDigest",
                    r.destination() == null ? null : r.destination().toString());
            o.put("Status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        c.notes().forEach(n -> root.withArray("Notes").add(worded(n)));
        if (c.notes().isEmpty()) {
            root.putArray("Notes");
        }
        return root;
    }

    private ObjectNode toJson(DeepReport r) {
        ObjectNode root = Json.object();
        root.put("Image", r.image());
        root.put("Intact", r.intact());
        root.put("Images", r.images());
        root.put("Blobs", r.blobs());
        root.put("Bytes", r.bytes());
        ArrayNode problems = root.putArray("Problems");
        for (BlobProblem p : r.problems()) {
            ObjectNode o = problems.addObject();
            o.put("Digest", p.digest().toString());
            o.put("Role", p.role());
            o.put("Problem", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("Detail", p.detail());
        }
        r.unreferenced().forEach(d -> root.withArray("Unreferenced").add(d.toString()));
        if (r.unreferenced().isEmpty()) {
            root.putArray("Unreferenced");
        }
        r.notes().forEach(n -> root.withArray("Notes").add(worded(n)));
        return root;
    }

    /** A note's sentence, with what to try in verify's flags. */
    private String worded(Note n) {
        String tip = n.hint() == dev.skiff.Hint.NONE ? null : advice().advise(n.hint(), dev.skiff.Side.UNKNOWN, null);
        return tip == null ? n.text() : n.text() + "; " + tip;
    }

    private static String digest(Digest d) {
        return d == null ? "-" : d.toString();
    }

    private static String table(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                b.append(i == l.length - 1 ? l[i] : String.format("%-" + (widths[i] + 2) + "s", l[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
