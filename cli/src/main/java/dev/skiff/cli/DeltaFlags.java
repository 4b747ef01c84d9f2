package dev.skiff.cli;

import dev.skiff.delta.DeltaFrom;
import dev.skiff.delta.InvalidInventoryException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** sync's {@code --delta-from FILE}: write a bundle without the blobs an inventory lists. */
final class DeltaFlags {
    static final String FLAG = "--delta-from";

    @Option(
            names = FLAG,
            paramLabel = "INVENTORY",
            description =
                    "Write a delta bundle (--dest oci or oci-archive): every manifest, only the blobs INVENTORY (from the inventory command) lacks.")
    Path inventory;

    /** The loaded inventory, or null; a destination that is no bundle or an unusable file is a usage error. */
    DeltaFrom deltaFrom(CommandLine line, String dest) throws IOException {
        if (inventory == null) {
            return null;
        }
        if (!dest.equals("oci") && !dest.equals("oci-archive")) {
            throw new CommandLine.ParameterException(
                    line, FLAG + " writes a bundle: use --dest oci or --dest oci-archive, not --dest " + dest);
        }
        try {
            return DeltaFrom.load(inventory);
        } catch (InvalidInventoryException e) {
            throw new CommandLine.ParameterException(
                    line, e.getMessage() + " (" + FLAG + " takes a file the inventory command wrote)");
        }
    }

    /** What to try when a delta bundle lacks blobs the destination does not hold either. */
    static String advice(String subject) {
        return "import it into the registry its inventory (" + subject
                + ") was taken from, or make the bundle again with " + FLAG
                + " and an inventory of this destination (or without " + FLAG + " for a full bundle)";
    }
}
