package dev.skiff.dsl

/**
 * A mistake in a plan, found before anything is copied: what is wrong and what was expected.
 * The line is filled in from the plan's own stack frame when the plan is evaluated.
 */
class PlanException extends RuntimeException {
    final String what
    final String expected
    final String file
    final int line
    /** The column of a syntax mistake (1-based), 0 when only the line is known. */
    final int column

    PlanException(String what, String expected) {
        super("${what}; expected ${expected}".toString())
        this.what = what
        this.expected = expected
        this.file = null
        this.line = 0
        this.column = 0
    }

    PlanException(PlanException mistake, String file, int line) {
        super("${file}, line ${line}: ${mistake.message}".toString(), mistake)
        this.what = mistake.what
        this.expected = mistake.expected
        this.file = file
        this.line = line
        this.column = 0
    }

    /** A syntax mistake, placed at a line and column of {@code file}. */
    PlanException(PlanException mistake, String file, int line, int column) {
        super("${file}, line ${line}${column > 0 ? ", column ${column}" : ''}: ${mistake.message}".toString(), mistake)
        this.what = mistake.what
        this.expected = mistake.expected
        this.file = file
        this.line = line
        this.column = column
    }

    /** This mistake placed in {@code file} at the line of that file's innermost frame in this stack. */
    PlanException at(String file) {
        this.file != null ? this : new PlanException(this, file, lineIn(file, this))
    }

    /**
     * The line of {@code file} where the mistake was made: the innermost frame of that file in the
     * deepest cause that has one (Groovy names a script's frames after its file).
     */
    static int lineIn(String file, Throwable t) {
        def chain = []
        for (Throwable c = t; c != null && !chain.contains(c); c = c.cause) {
            chain << c
        }
        for (Throwable c : chain.reverse()) {
            def frame = c.stackTrace.find { it.fileName == file && it.lineNumber > 0 }
            if (frame != null) {
                return frame.lineNumber
            }
        }
        0
    }
}
