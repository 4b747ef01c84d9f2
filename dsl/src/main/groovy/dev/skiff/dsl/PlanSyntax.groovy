package dev.skiff.dsl

import groovy.transform.CompileStatic
import groovy.transform.TupleConstructor

/**
 * Finds where a plan's text goes wrong, for the mistakes Groovy's parser reports far from where
 * they are: its error recovery places a missing {@code )} or {@code }} at the enclosing block's
 * {@code {}, and a trailing comma ({@code images 'a:1',}) makes the next line a value, so the plan
 * fails later with "to without a value". A small scanner of Groovy's strings, comments and
 * brackets (enough for plans, not a parser) places them at the line and column where the fix goes.
 */
@CompileStatic
final class PlanSyntax {
    /** A mistake at a line and column (1-based), with what was expected there. */
    @TupleConstructor
    static final class Mistake {
        final int line
        final int column
        final String what
        final String expected
    }

    private static final Map<Character, Character> CLOSERS = [('(' as char): ')' as char, ('[' as char): ']' as char, ('{' as char): '}' as char]
    /** The characters after which a '/' starts a slashy string (a regex), not a division. */
    private static final String BEFORE_SLASHY = '~(,=[{;:!&|?+-*%<>^'

    private PlanSyntax() {
    }

    /**
     * A line of statements that ends with a comma while the next line starts another word of the
     * plan (or closes the block): Groovy would take that word as one more value.
     */
    static Mistake trailingComma(String text, Set<String> words) {
        def scan = new Scan(text)
        scan.run()
        List<String> lines = text.readLines()
        for (int i = 0; i < lines.size(); i++) {
            Token last = scan.lastOnLine[i + 1]
            if (last == null || last.ch != (',' as char) || !(last.depthTop in [null, '{' as char])) {
                continue
            }
            int next = i + 1
            while (next < lines.size() && (lines[next].trim().isEmpty() || scan.firstOnLine[next + 1] == null)) {
                next++
            }
            if (next >= lines.size()) {
                continue
            }
            String start = lines[next].trim()
            def word = (start =~ /^([A-Za-z_]\w*)(?!\s*:)\b/)
            boolean closes = start.startsWith('}')
            if (closes || (word.find() && words.contains(word.group(1)))) {
                String statement = lines[i].trim()
                return new Mistake(i + 1, last.column, "a trailing comma after ${statement[0..-2].trim()}".toString(),
                        "no comma at the end of line ${i + 1}: the next line (${closes ? '}' : word.group(1) + ' …'}) is not one of its values".toString())
            }
        }
        null
    }

    /**
     * The first unbalanced bracket or unclosed string: a {@code (} or {@code [} not closed on its
     * line is placed at that line's end; a {@code {} not closed, before the first later line
     * indented no deeper than the line that opened it (where its {@code }} belongs).
     */
    static Mistake brackets(String text) {
        def scan = new Scan(text)
        scan.run()
        if (scan.unclosedString != null) {
            Token s = scan.unclosedString
            return new Mistake(s.line, s.column, "a string opened with ${s.ch} is not closed on its line".toString(),
                    "a closing ${s.ch} before the end of line ${s.line}".toString())
        }
        if (scan.extra != null) {
            Token x = scan.extra
            return new Mistake(x.line, x.column, "an extra '${x.ch}' closes nothing".toString(), "a '${x.ch}' only after its opening '${opener(x.ch)}'".toString())
        }
        Token open = scan.unclosed
        if (open == null) {
            return null
        }
        String close = String.valueOf(CLOSERS[open.ch])
        List<String> lines = text.readLines()
        if (open.ch != ('{' as char)) {
            int end = lineEnd(scan, lines, open.line)
            return new Mistake(open.line, end, "missing '${close}' (the '${open.ch}' at column ${open.column} is not closed)".toString(),
                    "'${close}' at the end of line ${open.line}".toString())
        }
        int indent = indentOf(lines[open.line - 1])
        for (int n = open.line + 1; n <= lines.size() && n <= (scan.stopLine ?: lines.size()); n++) {
            String line = lines[n - 1]
            if (line.trim().isEmpty() || scan.firstOnLine[n] == null || line.trim().startsWith('}')) {
                continue
            }
            if (indentOf(line) <= indent) {
                return new Mistake(n, indentOf(line) + 1, "missing '}' before this line (the '{' at line ${open.line}, column ${open.column} is not closed)".toString(),
                        "'}' to end the block of line ${open.line}".toString())
            }
        }
        int last = scan.stopLine ?: lines.size()
        new Mistake(last, lineEnd(scan, lines, last), "missing '}' (the '{' at line ${open.line}, column ${open.column} is not closed)".toString(),
                "'}' to end the block of line ${open.line}".toString())
    }

    private static char opener(char close) {
        CLOSERS.find { it.value == close }.key
    }

    /** The column after the last character of code on {@code line} (comments excluded). */
    private static int lineEnd(Scan scan, List<String> lines, int line) {
        scan.endOfLine[line] ?: lines[line - 1].length() + 1
    }

    private static int indentOf(String line) {
        int i = 0
        while (i < line.length() && (line.charAt(i) == (' ' as char) || line.charAt(i) == ('\t' as char))) {
            i++
        }
        i
    }

    /** One significant character: where it is and the bracket it sits in. */
    @TupleConstructor
    static final class Token {
        final char ch
        final int line
        final int column
        final Character depthTop
    }

    /** A bracket, with the string mode to go back to when it closes a GString's {@code ${…}}. */
    @TupleConstructor
    private static final class Open {
        final char ch
        final int line
        final int column
        final int indent
        final String resume
    }

    private static final class Scan {
        final String text
        final Map<Integer, Token> lastOnLine = [:]
        final Map<Integer, Token> firstOnLine = [:]
        /** The column after the last character of code or string on each line. */
        final Map<Integer, Integer> endOfLine = [:]
        Token unclosedString
        Token extra
        Token unclosed
        Integer stopLine
        private final Deque<Open> stack = new ArrayDeque<>()
        private int i
        private int line = 1
        private int column = 1

        Scan(String text) {
            this.text = text
        }

        private char at(int k) {
            k < text.length() ? text.charAt(k) : (0 as char)
        }

        private boolean starts(String s) {
            text.startsWith(s, i)
        }

        private void advance(int n) {
            move(n, true)
        }

        /** Past a comment: its characters are not the end of a line's code. */
        private void skip(int n) {
            move(n, false)
        }

        private void move(int n, boolean code) {
            for (int k = 0; k < n && i < text.length(); k++) {
                char c = text.charAt(i)
                if (c == ('\n' as char)) {
                    line++
                    column = 1
                } else {
                    column++
                    if (code && !Character.isWhitespace(c)) {
                        endOfLine[line] = column
                    }
                }
                i++
            }
        }

        private void significant(char c) {
            def token = new Token(c, line, column, stack.isEmpty() ? null : stack.peek().ch as Character)
            lastOnLine[line] = token
            if (!firstOnLine.containsKey(line)) {
                firstOnLine[line] = token
            }
        }

        private int indentHere() {
            int start = text.lastIndexOf('\n', i - 1) + 1
            int k = start
            while (k < text.length() && (text.charAt(k) == (' ' as char) || text.charAt(k) == ('\t' as char))) {
                k++
            }
            k - start
        }

        void run() {
            if (starts('#!')) {
                while (i < text.length() && at(i) != ('\n' as char)) {
                    skip(1)
                }
            }
            String mode = null  // null: code; otherwise the string's closing delimiter
            char previous = 0 as char
            while (i < text.length()) {
                char c = at(i)
                if (mode != null) {
                    if (c == ('\\' as char)) {
                        advance(2)
                    } else if (mode in ['"', '"""'] && starts('${')) {
                        stack.push(new Open('$' as char, line, column, indentHere(), mode))
                        mode = null
                        advance(2)
                        previous = '{' as char
                    } else if (starts(mode)) {
                        advance(mode.length())
                        mode = null
                    } else if (c == ('\n' as char) && mode in ["'", '"']) {
                        return  // unclosedString was set when the string opened; cleared only when it closes
                    } else {
                        advance(1)
                    }
                    if (mode == null && unclosedString != null && stack.peek()?.ch != ('$' as char)) {
                        unclosedString = null
                    }
                    continue
                }
                if (Character.isWhitespace(c)) {
                    advance(1)
                    continue
                }
                if (starts('//')) {
                    while (i < text.length() && at(i) != ('\n' as char)) {
                        skip(1)
                    }
                    continue
                }
                if (starts('/*')) {
                    int end = text.indexOf('*/', i + 2)
                    skip(end < 0 ? text.length() - i : end + 2 - i)
                    continue
                }
                significant(c)
                if (starts("'''") || starts('"""')) {
                    mode = text.substring(i, i + 3)
                    advance(3)
                } else if (c == ("'" as char) || c == ('"' as char)) {
                    unclosedString = new Token(c, line, column, null)
                    mode = String.valueOf(c)
                    advance(1)
                } else if (starts('$/')) {
                    mode = '/$'
                    advance(2)
                } else if (c == ('/' as char) && (previous == (0 as char) || BEFORE_SLASHY.indexOf(previous as int) >= 0)) {
                    mode = '/'
                    advance(1)
                } else if (CLOSERS.containsKey(c)) {
                    stack.push(new Open(c, line, column, indentHere(), null))
                    advance(1)
                } else if (c in [')' as char, ']' as char, '}' as char]) {
                    if (stack.isEmpty()) {
                        extra = new Token(c, line, column, null)
                        return
                    }
                    Open top = stack.peek()
                    if (top.ch == ('$' as char) && c == ('}' as char)) {
                        stack.pop()
                        mode = top.resume
                        advance(1)
                        continue
                    }
                    if (CLOSERS[top.ch] != c && c != ('}' as char) && top.ch == ('{' as char)) {
                        extra = new Token(c, line, column, null)
                        return
                    }
                    if (CLOSERS[top.ch] != c) {
                        unclosed = new Token(top.ch, top.line, top.column, null)
                        stopLine = line
                        return
                    }
                    boolean first = firstOnLine[line].column == column
                    if (c == ('}' as char) && first && indentHere() < top.indent) {
                        unclosed = new Token(top.ch, top.line, top.column, null)
                        stopLine = line
                        return
                    }
                    stack.pop()
                    advance(1)
                } else {
                    advance(1)
                }
                previous = c
            }
            if (unclosedString == null && !stack.isEmpty()) {
                Open top = stack.peek()
                unclosed = new Token(top.ch == ('$' as char) ? '{' as char : top.ch, top.line, top.column, null)
            }
        }
    }
}
