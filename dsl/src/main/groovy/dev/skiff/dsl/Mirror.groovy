package dev.skiff.dsl

import dev.skiff.sync.SyncListener
import dev.skiff.sync.SyncLog
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncReport
import dev.skiff.sync.SyncRunner
import java.nio.file.Files
import java.nio.file.Path
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import org.codehaus.groovy.control.messages.SyntaxErrorMessage

/**
 * Mirror plans for Groovy and Java hosts (a Jenkins shared library, a Gradle task):
 * {@link #plan(String)} reads a plan's text into lib's {@link SyncPlan}s, {@link #run(Path)} reads
 * a plan file and runs each plan with the same {@link SyncRunner} as {@code skiff sync}. Mistakes
 * are {@link PlanException}s naming the file and line, raised before anything is copied.
 */
final class Mirror {
    private Mirror() {
    }

    /** The plans in a plan's text (named {@code plan.groovy} in messages). */
    static List<SyncPlan> plan(String text) {
        plan(text, 'plan.groovy', Path.of('').toAbsolutePath())
    }

    /** The plans in a plan file; relative paths in it are relative to the working directory, {@code planDir} is its folder. */
    static List<SyncPlan> plans(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new dev.skiff.SkiffException("no plan file at ${file}: give the path of a .groovy mirror plan")
        }
        script(file).plans
    }

    /** The evaluated plan file: its plans and its plan-wide settings ({@code emit}). */
    static MirrorScript script(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new dev.skiff.SkiffException("no plan file at ${file}: give the path of a .groovy mirror plan")
        }
        script(Files.readString(file), file.fileName.toString(), file.toAbsolutePath().parent)
    }

    static List<SyncPlan> plan(String text, String name, Path planDir) {
        script(text, name, planDir).plans
    }

    static MirrorScript script(String text, String name, Path planDir) {
        def config = new CompilerConfiguration()
        config.scriptBaseClass = MirrorScript.name
        def shell = new GroovyShell(Mirror.classLoader, new Binding(planDir: planDir.toString()), config)
        def comma = PlanSyntax.trailingComma(text, STATEMENTS)
        if (comma != null) {
            throw syntaxMistake(comma, name)
        }
        MirrorScript script
        try {
            script = (MirrorScript) shell.parse(new GroovyCodeSource(text, name, '/groovy/skiff-plan'))
        } catch (MultipleCompilationErrorsException e) {
            def placed = PlanSyntax.brackets(text)
            if (placed != null) {
                throw syntaxMistake(placed, name)
            }
            def syntax = e.errorCollector.errors.find { it instanceof SyntaxErrorMessage }?.cause
            def what = (syntax?.originalMessage ?: e.message.readLines().find { it.trim() } ?: 'cannot compile').trim()
            throw new PlanException(new PlanException(what, 'valid Groovy (check quotes, braces and commas)'), name, syntax?.startLine ?: 0, syntax?.startColumn ?: 0)
        }
        try {
            script.run()
        } catch (PlanException e) {
            throw e.at(name)
        } catch (MissingMethodException e) {
            throw MirrorScript.unknown(e.method, e.arguments as List, MirrorScript.WORDS, 'the plan', e).at(name)
        } catch (MissingPropertyException e) {
            throw MirrorScript.unknown(e.property, null, MirrorScript.WORDS, 'the plan', e).at(name)
        } catch (java.util.regex.PatternSyntaxException e) {
            throw ImagesSpec.invalid(e).initCause(e).at(name)
        }
        if (script.plans.isEmpty()) {
            throw new PlanException(new PlanException('the plan has no mirror block', MirrorScript.WORDS.mirror), name, 1)
        }
        script
    }

    /** Words that start a statement of a plan (not a value such as oci(…) or env(…)): a trailing comma before one is a mistake. */
    static final Set<String> STATEMENTS = (['mirror'] + MirrorSpec.WORDS.keySet() + ImagesSpec.WORDS.keySet() + RegistrySpec.WORDS.keySet()) as Set<String>

    private static PlanException syntaxMistake(PlanSyntax.Mistake m, String name) {
        new PlanException(new PlanException(m.what, m.expected), name, m.line, m.column)
    }

    /** Reads a plan file and runs each of its plans, printing as {@code skiff sync} prints. */
    static List<SyncReport> run(Path file) {
        run(plans(file), new PrintWriter(System.out, true), false)
    }

    /** Runs plans in order with sync's runner; {@code out} hears each image and each plan's summary. */
    static List<SyncReport> run(List<SyncPlan> plans, PrintWriter out, boolean quiet) {
        run(plans, out, quiet, 'a plan with keepGoing set goes on past failures')
    }

    /** As {@link #run(List, PrintWriter, boolean)}; {@code howToKeepGoing} is the advice printed when a plan stops at a failure. */
    static List<SyncReport> run(List<SyncPlan> plans, PrintWriter out, boolean quiet, String howToKeepGoing) {
        run(plans, { SyncPlan p -> out == null ? SyncListener.NONE : new SyncLog(out, quiet, p.dryRun()) }, { SyncPlan p, SyncReport report, dev.skiff.sync.ReferrerTally tally ->
            if (out != null) {
                SyncLog.summary(out, report, p.dryRun(), howToKeepGoing)
                tally.summary(out, p)
                out.flush()
            }
        })
    }

    /**
     * Runs plans in order with sync's runner; each plan is heard by the listener {@code listeners}
     * gives it (closed, when it is {@link AutoCloseable}, once the plan ends) and then reported by
     * {@code summary} (called with the plan, its report and the {@link dev.skiff.sync.ReferrerTally} of the
     * referrers it carried): how a front shows progress its own way (live on a terminal, JSON events).
     */
    static List<SyncReport> run(List<SyncPlan> plans, java.util.function.Function<SyncPlan, SyncListener> listeners,
            Closure summary) {
        def reports = []
        for (SyncPlan p : plans) {
            SyncListener listener = listeners.apply(p)
            def tally = new dev.skiff.sync.ReferrerTally(listener)
            SyncReport report
            try {
                report = new SyncRunner(p, tally).run()
            } finally {
                if (listener instanceof AutoCloseable) {
                    ((AutoCloseable) listener).close()
                }
            }
            summary.call(p, report, tally)
            reports << report
            if (report.failed() && !p.keepGoing()) {
                break
            }
        }
        reports
    }
}
