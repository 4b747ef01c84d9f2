package dev.skiff.sync;

import dev.skiff.name.ImageName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a plan one run takes: the {@code index}-th (1-based) of {@code count} disjoint parts.
 * An image belongs to the part chosen by SHA-256 of its destination repository, so every tag of a
 * repository lands in the same part (blob mounts and dedup keep working within it), the split is
 * the same on every machine and every run (unlike {@code String.hashCode}, which is not specified
 * to stay the same), and the union of the {@code count} parts is the whole plan.
 */
public record Shard(int index, int count) {
    /** The whole plan: one part of one. */
    public static final Shard WHOLE = new Shard(1, 1);

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException(
                    "a shard is I/N with 1 <= I <= N (the I-th of N parts), not " + index + "/" + count);
        }
    }

    /** {@code I/N}, as {@code --shard} takes it; anything else is an IllegalArgumentException saying what is expected. */
    public static Shard parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a shard: write I/N, the I-th of N parts counting from 1 (e.g. 2/3)");
        }
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("\"" + text + "\" is not a shard: I must be between 1 and N (1/" + count
                    + " to " + count + "/" + count + ")");
        }
        return new Shard(index, count);
    }

    public boolean whole() {
        return count == 1;
    }

    /** Whether the images of {@code repository} (a destination repository, without tag or digest) are in this part. */
    public boolean holds(String repository) {
        return whole() || part(repository, count) == index;
    }

    /** The items of a plan this part takes, in plan order. */
    public List<SyncItem> select(List<SyncItem> items) {
        return whole()
                ? items
                : items.stream().filter(i -> holds(repositoryOf(i))).toList();
    }

    /** The 1-based part of {@code count} that {@code repository} falls in: SHA-256, first 8 bytes, unsigned, mod count. */
    public static int part(String repository, int count) {
        byte[] hash = sha256(repository);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, count) + 1;
    }

    /**
     * The destination repository of an item: the registry name when the destination has one, else
     * the reference with its tag (and any suffix after it) or digest taken off.
     */
    public static String repositoryOf(SyncItem item) {
        ImageName name = item.destination().dockerReference();
        if (name != null) {
            return name.repositoryName();
        }
        String ref = item.destination().toString();
        int slash = ref.lastIndexOf('/');
        int at = ref.indexOf('@', slash + 1);
        if (at >= 0) {
            return ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        return colon > slash && colon > ref.indexOf(':') ? ref.substring(0, colon) : ref;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code I/N}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
