package dev.skiff.dsl

import dev.skiff.Hint
import dev.skiff.Side
import dev.skiff.cli.Advice
import dev.skiff.cli.Advised
import dev.skiff.cli.ErrorReporter
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncReport
import java.nio.file.Path
import java.util.concurrent.Callable
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters
import picocli.CommandLine.Spec

/**
 * {@code mirror PLAN.groovy}: reads every mirror block of a plan (mistakes exit 2 before anything
 * is copied), prints the plans, runs them with sync's engine and prints sync's summary.
 */
@Command(name = 'mirror', mixinStandardHelpOptions = true, sortOptions = false, versionProvider = dev.skiff.cli.SkiffVersion,
        description = ['Run a Groovy mirror plan: mirror { from …; images …; to … } blocks, run by the same engine as sync.'],
        footer = ['', 'Example:', '  skiff mirror examples/quickstart.groovy --dry-run'])
class MirrorCommand implements Callable<Integer>, Advised {
    @Spec
    CommandSpec spec

    @Parameters(index = '0', paramLabel = 'PLAN.groovy', description = 'The plan file.')
    Path plan

    @Option(names = '--dry-run', description = 'Print what would be copied and skipped; write nothing.')
    boolean dryRun

    @Option(names = '--keep-going', description = 'Go on past a failed image; exit 1 at the end if any failed.')
    boolean keepGoing

    @Option(names = '--parallel', paramLabel = 'N', description = "Images copied at once, overriding the plan's parallel.")
    Integer parallel

    @Option(names = ['-q', '--quiet'], description = 'Print only failures and the summaries.')
    boolean quiet

    @picocli.CommandLine.Mixin
    dev.skiff.cli.progress.ProgressOptions progress

    @Option(names = '--policy', paramLabel = 'PATH', description = "Signature policy file, overriding the plan's policy.")
    Path policy

    @Option(names = '--insecure-policy', description = 'Accept any image, ignoring every signature policy.')
    boolean insecurePolicy

    @picocli.CommandLine.Mixin
    dev.skiff.cli.ShardOptions shards

    @picocli.CommandLine.Mixin
    dev.skiff.cli.EmitOptions emit

    static void main(String[] args) {
        System.exit(run(args))
    }

    static int run(String... args) {
        new CommandLine(new MirrorCommand()).setExecutionExceptionHandler(new ErrorReporter()).execute(args)
    }

    @Override
    Integer call() {
        def out = spec.commandLine().out
        if (parallel != null && parallel < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1, not ${parallel}")
        }
        List<SyncPlan> plans
        MirrorScript script
        try {
            script = Mirror.script(plan)
            plans = script.plans.collect { shards.apply(override(it)) }
        } catch (PlanException e) {
            spec.commandLine().err.println(e.message)
            spec.commandLine().err.flush()
            return 2
        }
        if (!progress.json) {
            plans.eachWithIndex { SyncPlan p, int i -> out.println(describe(p, i + 1, plans.size())) }
            out.flush()
        }
        // each plan shown as sync shows it (live on a terminal); with --json progress events on stderr and,
        // once every plan ran, one JSON array of their summaries on stdout
        List<SyncReport> reports = Mirror.run(plans, { SyncPlan p -> progress.sync(out, spec.commandLine().err, quiet, p.dryRun()) },
                { SyncPlan p, SyncReport r, dev.skiff.sync.ReferrerTally tally ->
                    if (!progress.json) {
                        dev.skiff.sync.SyncLog.summary(out, r, p.dryRun(), 'keepGoing true in the mirror block goes on past failures')
                        tally.summary(out, p)
                        out.flush()
                    }
                })
        ShardSummaries.print(out, plans, reports, progress.json)
        ClientFiles.write(plans, emit.registriesConf(script.emits.registriesConf), emit.hostsToml(script.emits.hostsToml),
                progress.json ? spec.commandLine().err : out, spec.commandLine().err) // --json keeps stdout JSON only
        ErrorReporter.adviseFailures(spec.commandLine().err,
                reports.collectMany { it.with(dev.skiff.sync.SyncOutcome.Status.FAILED)*.error() }, advice())
        reports.size() < plans.size() || reports.any { it.failed() } ? 1 : 0
    }

    /** A hint in the plan's own words: what to write in its registry block or mirror block, never a flag. */
    @Override
    Advice advice() {
        { Hint hint, Side side, String subject ->
            String host = subject ?: 'host:port'
            String block = side == Side.SOURCE ? "from('${host}') { %s }" : side == Side.DESTINATION ? "to registry('${host}') { %s }"
                    : "registry('${host}') { %s }"
            switch (hint) {
                case Hint.PLAIN_HTTP: return "if it is a plain-HTTP registry, say so in the plan: " + String.format(block, 'tlsVerify false')
                case Hint.TLS_UNTRUSTED: return 'give the folder holding its CA certificate (*.crt) in the plan: ' +
                        String.format(block, "certDir '/path/to/certs'") + ', or skip verification with tlsVerify false'
                case Hint.CLIENT_CERTIFICATE: return 'put client.cert and client.key in a folder and give it in the plan: ' +
                        String.format(block, "certDir '/path/to/certs'")
                case Hint.CERT_DIR_INVALID: return "give certDir a folder that holds the registry's certificates"
                case Hint.CREDENTIALS: return 'give credentials in the plan: ' + String.format(block, "credentials 'user', env('PASSWORD')") +
                        ", or log in (skiff login ${host})"
                case Hint.PLATFORM_MISSING:
                case Hint.PLATFORM_CHOICE: return "platforms 'all' takes every platform; platforms 'os/arch' chooses one"
                case Hint.PLATFORM_FILTER_UNMATCHED: return 'name in platforms only platforms the index has'
                case Hint.SINGLE_IMAGE_ONLY: return "choose one platform with platforms 'os/arch'"
                case Hint.DECRYPTION_KEY_NEEDED: return "name a private key of one of the layer's recipients with decrypt 'KEY[:PASSWORD]'"
                case Hint.SIGNATURES_UNSUPPORTED: return 'say removeSignatures true in the mirror block to copy images without their signatures'
                case Hint.POLICY_REJECTED: return "sign the image for this policy, or name another in the mirror block with policy '/path/policy.json' (insecurePolicy true skips the check)"
                case Hint.POLICY_INVALID: return "fix the file, or name another in the mirror block with policy '/path/policy.json'"
                case Hint.SIGN_IDENTITY: return "say signIdentity 'host/repo:tag' in the mirror block"
                case Hint.RETRIES_EXHAUSTED: return null // a plan has no retry setting; the message says the registry kept failing
                case Hint.PLATFORM_FILTER_ON_IMAGE: return 'a single image has one platform: mirror it in a mirror block without platforms'
                case Hint.DIGEST_CHANGE_NEEDS_CONVERSION:
                case Hint.FORMAT_UNSUPPORTED: return "mirror it to a place that holds it as it is, such as to oci('./out')" + (subject && hint == Hint.FORMAT_UNSUPPORTED ? " (${subject} holds it)" : '')
                case Hint.ALL_PLATFORMS:
                case Hint.ONE_PLATFORM_COPIED: return "platforms 'all' in the mirror block carries every platform"
                case Hint.NO_CONFIG: return 'the image (Docker schema 1) has no config: mirror it from a source that serves a newer manifest'
                case Hint.TEMPLATE_INVALID: return 'a plan has no template to fix: run it again with SKIFF_DEBUG=1 set and report the output'
                case Hint.NONE: return null
                case Hint.REFERRERS_UNSUPPORTED: return 'drop referrers true from the mirror block, or mirror to a registry, oci() or ociArchive() with digests unchanged'
                case Hint.DELTA_BASE_MISSING: return "import it where its inventory (${subject}) was taken, or make the bundle again with deltaFrom 'have.json' naming an inventory of this destination"
                // A hint added later has no plan words yet: say nothing rather than a command line's flag.
                default: return null
            }
        } as Advice
    }

    private SyncPlan override(SyncPlan p) {
        p.toBuilder()
                .parallel(parallel ?: p.parallel())
                .dryRun(dryRun || p.dryRun())
                .keepGoing(keepGoing || p.keepGoing())
                .trust(insecurePolicy ? p.trust().withPolicy(null)
                        : policy != null ? p.trust().withPolicy(dev.skiff.trust.policy.PolicyFiles.evaluator(policy, false, null))
                        : p.trust())
                .build()
    }

    /** One line per plan: its sources, its destination and how it runs. */
    static String describe(SyncPlan p, int n, int of) {
        def sources = p.sources().collect { s ->
            s instanceof dev.skiff.sync.SyncSource.Repository ? "docker://${s.repository()}" + (s.tags() == dev.skiff.sync.TagSelection.all() ? '' : " (${tags(s.tags())})")
                    : s instanceof dev.skiff.sync.SyncSource.Selected ? "${dev.skiff.sync.FileSelection.describe(s.from())} (${s.name()}" + (s.tags() == dev.skiff.sync.TagSelection.all() ? ')' : ", ${tags(s.tags())})")
                    : s instanceof dev.skiff.sync.SyncSource.LayoutBundle ? "oci:${s.layout()}"
                    : s instanceof dev.skiff.sync.SyncSource.Archive ? "${s.format().transport()}:${s.file()}" : "dir:${s.root()}"
        }
        def d = p.destination()
        def dest = d.kind() == dev.skiff.sync.SyncDestination.Kind.DOCKER ? "docker://${d.location()}"
                : "${d.kind().name().toLowerCase().replace('_', '-')}:${d.location()}"
        def how = [p.all() ? 'all platforms' : p.platforms() ? "platforms ${p.platforms().join(', ')}" : p.platform().toString(), "parallel ${p.parallel()}"]
        if (p.scoped()) how << 'scoped'
        if (p.rename() != null) how << 'renamed'
        if (p.dryRun()) how << 'dry run'
        "Plan ${n} of ${of}: ${sources.join(', ')} -> ${dest} (${how.join(', ')})"
    }

    private static String tags(dev.skiff.sync.TagSelection t) {
        t instanceof dev.skiff.sync.TagSelection.Regex ? "tags ~/${t.pattern().pattern()}/"
                : t instanceof dev.skiff.sync.TagSelection.Semver ? "semver ${t.range()}"
                : t instanceof dev.skiff.sync.TagSelection.Listed ? "tags ${t.tags().join(', ')}" : t.toString()
    }
}
