package dev.skiff.delta;

import dev.skiff.name.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plan's "write a delta bundle against this inventory": the file given, the digest of its
 * bytes (which the bundle names) and what it lists. Loaded once, when the plan is made, so a
 * corrupt file stops the plan before anything is written.
 */
public record DeltaFrom(Path file, Digest digest, Inventory inventory) {
    public DeltaFrom {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(inventory, "inventory");
    }

    /** Reads and checks the inventory file; an unusable one is an {@link InvalidInventoryException} naming it. */
    public static DeltaFrom load(Path file) throws IOException {
        byte[] raw = Inventory.readBytes(file);
        return new DeltaFrom(file, Digest.sha256(raw), Inventory.parse(raw, file.toString()));
    }

    /** True when the bundle leaves this blob out: the destination already holds it. */
    public boolean omits(Digest blob) {
        return inventory.holds(blob);
    }
}
