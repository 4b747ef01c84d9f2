package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.Path

/**
 * The README and the pages under docs/, read the way the specs that run their examples need them.
 * A block a spec runs sits between two markers in its page:
 *
 * <pre>
 * &lt;!-- air-gap-recipe --&gt;
 * ```sh
 * ./jbang copy …
 * ```
 * &lt;!-- /air-gap-recipe --&gt;
 * </pre>
 *
 * Files are named from the clone's root ({@code README.md}, {@code docs/air-gap.md}); a marker or
 * heading that is not there fails the spec with the file's name, so a page that moved or was renamed
 * is found at once.
 */
class Docs {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    /** The whole text of {@code file} (relative to the clone's root). */
    static String text(String file) {
        Path path = ROOT.resolve(file)
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no ${file} in ${ROOT}")
        }
        Files.readString(path)
    }

    /**
     * The lines between {@code <!-- marker -->} and {@code <!-- /marker -->} in {@code file}, without
     * the fence lines, joined with newlines and ending with one: a block to give bash as it is.
     */
    static String block(String file, String marker) {
        blockLines(file, marker).join('\n') + '\n'
    }

    /** As {@link #block}, one line per element, blank and {@code #} comment lines left out: lines to run one by one. */
    static List<String> commands(String file, String marker) {
        blockLines(file, marker).findAll { it && !it.startsWith('#') }
    }

    /** The block's lines, fence lines left out (blank lines and comments kept). */
    static List<String> blockLines(String file, String marker) {
        String text = text(file)
        int start = text.indexOf("<!-- ${marker} -->")
        int end = text.indexOf("<!-- /${marker} -->")
        if (start < 0 || end < start) {
            throw new AssertionError("no block <!-- ${marker} --> … <!-- /${marker} --> in ${file}")
        }
        text.substring(start, end).readLines().findAll { !it.startsWith('```') && !it.startsWith('<!--') }
    }

    /**
     * The section of {@code file} under the heading whose text is {@code heading} (any level), up to the
     * next heading of the same or a higher level; the heading line included.
     */
    static String section(String file, String heading) {
        List<String> lines = text(file).readLines()
        boolean inCode = false
        int start = -1
        int level = 0
        List<String> out = []
        for (String line : lines) {
            if (line.startsWith('```')) {
                inCode = !inCode
            }
            def m = inCode ? null : (line =~ /^(#{1,6}) (.*)$/)
            if (m && m.matches()) {
                int l = m.group(1).length()
                if (start >= 0 && l <= level) {
                    break
                }
                if (start < 0 && m.group(2).trim() == heading) {
                    start = out.size()
                    level = l
                }
            }
            if (start >= 0) {
                out << line
            }
        }
        if (start < 0) {
            throw new AssertionError("no heading '${heading}' in ${file}")
        }
        out.join('\n') + '\n'
    }
}
