package dev.skiff.transport.archive;

import dev.skiff.io.BoundedRead;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Random access to the files of a tar archive without unpacking it: the headers are scanned once
 * (ustar, GNU long names, PAX), each entry is recorded under its cleaned name ({@code ./a/b} is
 * {@code a/b}), and {@link #open} reads an entry's bytes in place. Thread-safe after
 * {@link #open(Path)}: entries are read with positional reads, so parallel copies may share it.
 *
 * <p>A tar is untrusted input. Scanning refuses, with a {@link TarException} naming the archive
 * and the entry: names that are absolute or contain {@code ..}, hard links, entries that extend
 * past the end of the file (a truncated tar), corrupt headers and oversized PAX or long-name
 * records. Symlinks are followed only inside the archive ({@link #resolve}): relative to the
 * link's folder, never above the archive root, cycles detected. Nothing is ever written to disk.
 */
public final class TarIndex implements Closeable {
    /** PAX and GNU long-name records are read into memory; past this bound the archive is refused. */
    public static final int MAX_HEADER_RECORD = 1024 * 1024;
    /** More entries than any image archive has; a bound on the memory the index takes. */
    public static final int MAX_ENTRIES = 1_000_000;

    private static final int BLOCK = 512;
    private static final int MAX_LINK_HOPS = 40;

    /** What an entry is. Other kinds (devices, FIFOs, sparse files) are recorded but cannot be opened. */
    public enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        OTHER
    }

    /** One member of the archive: its cleaned name, kind, data offset and size, and a symlink's target. */
    public record Entry(String name, Kind kind, long offset, long size, String linkTarget) {}

    private final Path archive;
    private final FileChannel channel;
    private final Map<String, Entry> entries;

    private TarIndex(Path archive, FileChannel channel, Map<String, Entry> entries) {
        this.archive = archive;
        this.channel = channel;
        this.entries = entries;
    }

    /** Scans the archive's headers; fails with a {@link TarException} on anything malformed or hostile. */
    public static TarIndex open(Path archive) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(archive, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new dev.skiff.SkiffException("no archive at " + archive + ": the file does not exist");
        }
        try {
            Map<String, Entry> entries = new Scanner(archive, channel).scan();
            return new TarIndex(archive, channel, entries);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path archive() {
        return archive;
    }

    /** Every entry by cleaned name, in archive order (a later duplicate replaces an earlier one, as tar does). */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The entry {@code name} refers to after following symlinks inside the archive; empty when there is none. */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(resolve(name));
    }

    public boolean contains(String name) {
        Entry e = resolve(name);
        return e != null && e.kind() == Kind.FILE;
    }

    /**
     * Follows {@code name} (cleaned; symlinks in any component followed inside the archive) to its
     * entry, or null when nothing is there. A symlink that leaves the archive or a cycle throws.
     */
    public Entry resolve(String name) {
        String clean = clean(name, name);
        Deque<String> pending = new ArrayDeque<>(clean.isEmpty() ? List.of() : List.of(clean.split("/")));
        List<String> done = new ArrayList<>();
        String via = null;
        int hops = 0;
        Entry current = null;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (done.isEmpty()) {
                    throw new TarException(archive, name, "the symlink \"" + via + "\" points outside the archive");
                }
                done.remove(done.size() - 1);
                current = null;
                continue;
            }
            done.add(part);
            current = entries.get(String.join("/", done));
            if (current != null && current.kind() == Kind.SYMLINK) {
                via = current.name();
                if (++hops > MAX_LINK_HOPS) {
                    throw new TarException(
                            archive,
                            name,
                            "symlink cycle through \"" + via + "\" (more than " + MAX_LINK_HOPS + " links followed)");
                }
                String target = current.linkTarget();
                if (target.startsWith("/")) {
                    throw new TarException(
                            archive,
                            name,
                            "the symlink \"" + via + "\" points to the absolute path \"" + target
                                    + "\", outside the archive");
                }
                // The target is relative to the link's folder: drop the link's own name, then walk the target.
                done.remove(done.size() - 1);
                List<String> parts = new ArrayList<>(List.of(target.split("/")));
                Collections.reverse(parts);
                parts.forEach(pending::addFirst);
                current = null;
            }
        }
        return current;
    }

    /** The size of the file {@code name} refers to; throws when it is not a regular file in the archive. */
    public long size(String name) {
        return file(name).size();
    }

    /** Streams the file {@code name} refers to from its place in the archive (nothing is extracted). */
    public InputStream open(String name) {
        Entry e = file(name);
        return new EntryStream(e);
    }

    /** Reads a small file (a manifest, index.json) into memory, refusing one larger than {@code limit}. */
    public byte[] readAll(String name, int limit) throws IOException {
        Entry e = file(name);
        if (e.size() > limit) {
            throw new TarException(
                    archive, name, "it is " + e.size() + " bytes, larger than the limit of " + limit + " bytes");
        }
        try (InputStream in = new EntryStream(e)) {
            return BoundedRead.readAll(in, limit, "entry " + name + " of " + archive);
        }
    }

    private Entry file(String name) {
        Entry e = resolve(name);
        if (e == null) {
            throw new TarException(archive, name, "no such file in the archive");
        }
        if (e.kind() != Kind.FILE) {
            throw new TarException(
                    archive, name, "not a regular file (" + e.kind().name().toLowerCase() + ")");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * A tar member name as a key: no leading {@code ./}, no {@code //} or trailing slash. Absolute
     * names and any {@code ..} component are refused; {@code entry} names the member in the error.
     */
    private String clean(String raw, String entry) {
        return cleanName(archive, raw, entry);
    }

    static String cleanName(Path archive, String raw, String entry) {
        if (raw.startsWith("/")) {
            throw new TarException(archive, entry, "absolute path; archive members must be relative");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new TarException(archive, entry, "name contains a NUL byte");
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new TarException(
                        archive, entry, "name contains \"..\"; refusing a path that could leave the archive");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Reads one entry's bytes with positional reads, so several may be open at once. */
    private final class EntryStream extends InputStream {
        private final Entry entry;
        private long position;

        EntryStream(Entry entry) {
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = entry.size() - position;
            if (left <= 0) {
                return -1;
            }
            int want = (int) Math.min(len, left);
            int n = channel.read(ByteBuffer.wrap(b, off, want), entry.offset() + position);
            if (n < 0) {
                throw new TarException(archive, entry.name(), "the archive ended inside this entry (truncated tar)");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long step = Math.max(0, Math.min(n, entry.size() - position));
            position += step;
            return step;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, entry.size() - position);
        }
    }

    /** One pass over the headers. */
    private static final class Scanner {
        private final Path archive;
        private final FileChannel channel;
        private final long length;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private long position;
        // Extended names and sizes from PAX ('x') or GNU ('L', 'K') records apply to the next entry only.
        private final byte[] firstBytes = new byte[2];
        private String nextName;
        private String nextLink;
        private Long nextSize;

        Scanner(Path archive, FileChannel channel) throws IOException {
            this.archive = archive;
            this.channel = channel;
            this.length = channel.size();
        }

        Map<String, Entry> scan() throws IOException {
            byte[] header = new byte[BLOCK];
            if (length >= 2) {
                readFully(firstBytes, 0);
                if (firstBytes[0] == (byte) 0x1f && firstBytes[1] == (byte) 0x8b) {
                    throw new TarException(
                            archive,
                            null,
                            "the file is gzip-compressed, not a plain tar: decompress it first (gunzip)");
                }
            }
            while (true) {
                if (position == length) {
                    break; // EOF at a block boundary without end blocks: accepted, as Go's archive/tar does.
                }
                if (position == 0 && length < BLOCK) {
                    throw new TarException(
                            archive, null, "the file is " + length + " bytes, too short to be a tar archive");
                }
                if (position + BLOCK > length) {
                    throw new TarException(
                            archive, null, "truncated tar: the archive ends inside a header at offset " + position);
                }
                readFully(header, position);
                if (isZero(header)) {
                    break;
                }
                checkChecksum(header);
                long headerAt = position;
                position += BLOCK;
                String rawName = name(header);
                char type = (char) header[156];
                long size = nextSize != null && isPaxSizeType(type) ? nextSize : number(header, 124, 12, rawName);
                if (size < 0) {
                    throw new TarException(archive, rawName, "negative size in its header at offset " + headerAt);
                }
                long dataAt = position;
                if (dataAt + size > length) {
                    throw new TarException(
                            archive,
                            nextName != null ? nextName : rawName,
                            "truncated tar: the entry needs " + size + " bytes at offset " + dataAt
                                    + " but the file ends at " + length);
                }
                position = dataAt + padded(size);
                switch (type) {
                    case 'x' -> applyPax(parsePax(readRecord(dataAt, size, rawName), rawName));
                    case 'g' ->
                        parsePax(
                                readRecord(dataAt, size, rawName),
                                rawName); // checked, then ignored: no per-file meaning
                    case 'L' -> nextName = cString(readRecord(dataAt, size, rawName));
                    case 'K' -> nextLink = cString(readRecord(dataAt, size, rawName));
                    default -> record(header, type, rawName, dataAt, size);
                }
            }
            return entries;
        }

        private boolean isPaxSizeType(char type) {
            return type != 'x' && type != 'g' && type != 'L' && type != 'K';
        }

        private void record(byte[] header, char type, String rawName, long dataAt, long size) {
            String shown = nextName != null ? nextName : rawName;
            String link = nextLink != null ? nextLink : cString(header, 157, 100);
            nextName = null;
            nextLink = null;
            nextSize = null;
            if (entries.size() >= MAX_ENTRIES) {
                throw new TarException(archive, shown, "more than " + MAX_ENTRIES + " entries; refusing the archive");
            }
            String name = cleanName(archive, shown, shown);
            Kind kind = switch (type) {
                case '0', '\0', '7' -> Kind.FILE;
                case '5' -> Kind.DIRECTORY;
                case '2' -> Kind.SYMLINK;
                case '1' ->
                    throw new TarException(
                            archive,
                            shown,
                            "hard link to \"" + link + "\"; hard links are not accepted in image archives");
                default -> Kind.OTHER;
            };
            if (kind == Kind.FILE && shown.endsWith("/")) {
                kind = Kind.DIRECTORY; // old tars mark directories only by the slash
            }
            if (kind == Kind.SYMLINK && link.isEmpty()) {
                throw new TarException(archive, shown, "symlink with an empty target");
            }
            if (name.isEmpty()) {
                if (kind == Kind.DIRECTORY) {
                    return; // "./" itself
                }
                throw new TarException(archive, shown, "empty member name");
            }
            entries.remove(name); // keep archive order for the last occurrence
            entries.put(
                    name,
                    new Entry(
                            name, kind, dataAt, kind == Kind.DIRECTORY ? 0 : size, kind == Kind.SYMLINK ? link : null));
        }

        private void applyPax(Map<String, String> pax) {
            if (pax.containsKey("path")) {
                nextName = pax.get("path");
            }
            if (pax.containsKey("linkpath")) {
                nextLink = pax.get("linkpath");
            }
            if (pax.containsKey("size")) {
                try {
                    nextSize = Long.parseLong(pax.get("size"));
                } catch (NumberFormatException e) {
                    throw new TarException(archive, nextName, "PAX size \"" + pax.get("size") + "\" is not a number");
                }
            }
        }

        private byte[] readRecord(long at, long size, String entry) throws IOException {
            if (size > MAX_HEADER_RECORD) {
                throw new TarException(
                        archive,
                        entry,
                        "extended header of " + size + " bytes is larger than the limit of " + MAX_HEADER_RECORD
                                + " bytes");
            }
            byte[] b = new byte[(int) size];
            readFully(b, at);
            return b;
        }

        /** PAX records: {@code "LEN key=value\n"}, LEN counting the whole record. */
        private Map<String, String> parsePax(byte[] data, String entry) {
            Map<String, String> out = new HashMap<>();
            int i = 0;
            while (i < data.length) {
                if (data[i] == 0) {
                    break;
                }
                int space = i;
                while (space < data.length && data[space] != ' ') {
                    space++;
                }
                int len;
                try {
                    len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new TarException(archive, entry, "malformed PAX header (bad record length)");
                }
                if (len <= space - i + 1 || i + len > data.length || data[i + len - 1] != '\n') {
                    throw new TarException(archive, entry, "malformed PAX header (record length " + len + ")");
                }
                String record = new String(data, space + 1, i + len - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq <= 0) {
                    throw new TarException(archive, entry, "malformed PAX header (no key=value)");
                }
                out.put(record.substring(0, eq), record.substring(eq + 1));
                i += len;
            }
            return out;
        }

        private String name(byte[] h) {
            String name = cString(h, 0, 100);
            boolean ustar =
                    h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
            if (ustar) {
                String prefix = cString(h, 345, 155);
                if (!prefix.isEmpty()) {
                    return prefix + "/" + name;
                }
            }
            return name;
        }

        private void checkChecksum(byte[] h) {
            long stored;
            try {
                stored = number(h, 148, 8, null);
            } catch (TarException e) {
                throw notTar();
            }
            long unsigned = 0;
            long signed = 0;
            for (int i = 0; i < BLOCK; i++) {
                int b = (i >= 148 && i < 156) ? ' ' : h[i];
                unsigned += b & 0xff;
                signed += b;
            }
            if (stored != unsigned && stored != signed) {
                throw notTar();
            }
        }

        private TarException notTar() {
            return new TarException(
                    archive,
                    null,
                    "corrupt or missing tar header at offset " + position
                            + " (bad checksum); the file is not a tar archive or is damaged");
        }

        /** An octal field, or GNU base-256 when the high bit is set. */
        private long number(byte[] h, int off, int len, String entry) {
            if ((h[off] & 0x80) != 0) {
                if ((h[off] & 0x40) != 0) {
                    throw new TarException(archive, entry, "negative number in its header");
                }
                long v = h[off] & 0x3f;
                for (int i = 1; i < len; i++) {
                    if (v > (Long.MAX_VALUE >> 8)) {
                        throw new TarException(archive, entry, "number in its header is too large");
                    }
                    v = (v << 8) | (h[off + i] & 0xff);
                }
                return v;
            }
            long v = 0;
            int i = off;
            int end = off + len;
            while (i < end && (h[i] == ' ' || h[i] == 0)) {
                i++;
            }
            boolean any = false;
            for (; i < end; i++) {
                byte b = h[i];
                if (b == 0 || b == ' ') {
                    break;
                }
                if (b < '0' || b > '7') {
                    throw new TarException(archive, entry, "invalid octal number in its header");
                }
                v = (v << 3) | (b - '0');
                any = true;
            }
            return any ? v : 0;
        }

        private void readFully(byte[] b, long at) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                int n = channel.read(buf, at + buf.position());
                if (n < 0) {
                    throw new TarException(
                            archive, null, "truncated tar: unexpected end of file at offset " + (at + buf.position()));
                }
            }
        }

        private static boolean isZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }

        private static long padded(long size) {
            return (size + BLOCK - 1) / BLOCK * BLOCK;
        }

        private static String cString(byte[] b) {
            return cString(b, 0, b.length);
        }

        private static String cString(byte[] b, int off, int len) {
            int end = off;
            while (end < off + len && b[end] != 0) {
                end++;
            }
            return new String(b, off, end - off, StandardCharsets.UTF_8);
        }
    }
}
