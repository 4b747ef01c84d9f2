package dev.skiff.cli

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.FileTime
import java.util.concurrent.TimeUnit
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * The real ./jbang, run in a fresh clone of this repository as a user would run it.
 *
 * What stays apart from the developer's machine: the launcher installs the clone's library into the
 * clone's own repository (target/launcher/m2), whose entries link into SKIFF_M2_REPO, here a shadow of
 * this build's local repository without dev/skiff, so nothing is downloaded twice and no Skiff jar of
 * the developer's is read or replaced; and JBang itself is fetched into a temporary XDG_CACHE_HOME, so
 * the bootstrap is exercised too.
 *
 * The work directory holds links to real directories: it is deleted by {@link #deleteTree}, which
 * removes links and never follows them. Do not make it a Spock @TempDir: that cleanup follows links
 * into directories and would empty ~/.m2/repository.
 */
@Stepwise
@ResourceLock("maven")  // Maven builds through the launcher, resolving from ~/.m2/repository
class JbangLauncherSpec extends Specification {

    static final String BUILD_LINE = 'skiff: building the library'

    @Shared Path root = Paths.get(System.getProperty('skiff.root', '.')).toAbsolutePath().normalize()
    @Shared Path work
    @Shared Path clone
    @Shared Path elsewhere
    @Shared Map<String, String> env

    def setupSpec() {
        work = Files.createTempDirectory('skiff-jbang-spec')
        clone = work.resolve('clone')
        elsewhere = Files.createDirectories(work.resolve('elsewhere'))
        cloneWorkingTree(root, clone)
        env = [
                SKIFF_M2_REPO        : shadowRepository(work.resolve('m2')).toString(),
                SKIFF_JBANG_BOOTSTRAP: '1',
                JBANG_DIR            : work.resolve('jbang-home').toString(),
                XDG_CACHE_HOME       : work.resolve('cache').toString(),
                SKIFF_LAUNCH_PREPARE : '0',   // the launch cache is what this spec looks at: no background JBang runs
        ]
    }

    def cleanupSpec() {
        if (work != null) deleteTree(work)
    }

    def "the first run in a fresh clone fetches JBang, builds the library with one visible line, and runs copy"() {
        when:
        def run = jbang(clone, 'copy', '--help')

        then:
        run.exit == 0
        run.err.contains('skiff: fetching JBang')
        run.err.count("$BUILD_LINE (first run)") == 1
        run.out.contains('Usage: skiff')
        !hasCommand('copy') || run.out.contains('Usage: skiff copy')

        and: "the library went to the clone's own repository, built from the clone"
        Files.isRegularFile(clone.resolve('target/launcher/m2/dev/skiff/skiff-lib/0.1.0-SNAPSHOT/skiff-lib-0.1.0-SNAPSHOT.jar'))
        !Files.exists(Paths.get(env.SKIFF_M2_REPO, 'dev/skiff'))
    }

    def "a second run neither fetches nor builds"() {
        when:
        def run = jbang(clone, 'inspect', '--help')

        then:
        run.exit == 0
        !run.err.contains(BUILD_LINE)
        !run.err.contains('skiff: fetching')
        run.out.contains('Usage: skiff')
        !hasCommand('inspect') || run.out.contains('Usage: skiff inspect')
    }

    def "a changed library source makes the next run rebuild once, and JBang takes the new jar without a stale-cache warning"() {
        given:
        Path jar = clone.resolve('target/launcher/m2/dev/skiff/skiff-lib/0.1.0-SNAPSHOT/skiff-lib-0.1.0-SNAPSHOT.jar')
        Path source = clone.resolve('lib/src/main/java/dev/skiff/Skiff.java')
        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000))

        when:
        def rebuilt = jbang(clone, 'copy', '--help')
        def after = jbang(clone, 'copy', '--help')

        then:
        rebuilt.exit == 0
        rebuilt.err.count("$BUILD_LINE (sources changed)") == 1
        !rebuilt.err.contains('out-of-date')
        Files.getLastModifiedTime(jar) >= Files.getLastModifiedTime(source)

        and:
        after.exit == 0
        !after.err.contains(BUILD_LINE)
    }

    def "a jar installed by something else (another clone, a plain mvn install) is rebuilt from this clone"() {
        given:
        Path jar = clone.resolve('target/launcher/m2/dev/skiff/skiff-lib/0.1.0-SNAPSHOT/skiff-lib-0.1.0-SNAPSHOT.jar')
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000))

        when:
        def run = jbang(clone, 'inspect', '--help')

        then:
        run.exit == 0
        run.err.count("$BUILD_LINE (the installed jar changed since this clone built it)") == 1
    }

    def "./jbang works from another directory"() {
        when:
        def run = jbang(elsewhere, 'inspect', '--help')

        then:
        run.exit == 0
        run.out.contains('Usage: skiff')
        !run.err.contains(BUILD_LINE)
    }

    def "a command's --version prints the project version, and its JVM runs with the options of its profile in scripts/jvm"() {
        when:
        def inspect = jbang(elsewhere, 'inspect', '--version')
        def copy = jbang(elsewhere, 'copy', '--version')

        then:
        inspect.exit == 0
        inspect.out.trim() == "skiff ${System.getProperty('skiff.version')}"
        copy.exit == 0
        copy.out.trim() == "skiff ${System.getProperty('skiff.version')}"

        and: 'the java command lines JBang gave (remembered by the launcher) carry ShortRun.java and DataRun.java options'
        rememberedLaunch('inspect').contains('-XX:TieredStopAtLevel=1')
        rememberedLaunch('copy').contains('-XX:Tier4InvocationThreshold=100000')
        !rememberedLaunch('copy').contains('TieredStopAtLevel')
    }

    def "a second run of an alias does not start JBang: its command line is remembered, with a class-data sharing archive"() {
        given: 'a first run, then JBang made unable to start (its JVM gets an option that does not exist)'
        assert jbang(elsewhere, 'list-tags', '--help').exit == 0
        def broken = [JBANG_JAVA_OPTIONS: '-XX:+NoSuchJvmOption']

        when:
        def run = jbang(elsewhere, broken, 'list-tags', '--help')

        then: 'the remembered command runs, and the archive the first run wrote is there'
        run.exit == 0
        run.out.contains('Usage: skiff list-tags')
        archiveWritten('list-tags')

        when: 'the script changes: the remembered line no longer applies, so JBang is asked again (and fails here)'
        Path script = clone.resolve('scripts/list-tags.java')
        Files.setLastModifiedTime(script, FileTime.fromMillis(System.currentTimeMillis() + 3000))
        def stale = jbang(elsewhere, broken, 'list-tags', '--help')

        then:
        stale.exit != 0
        stale.err.contains('NoSuchJvmOption')

        when: 'with JBang working again'
        def fresh = jbang(elsewhere, 'list-tags', '--help')

        then:
        fresh.exit == 0
        fresh.out.contains('Usage: skiff list-tags')
    }

    def "the command's exit code comes back: 2 for bad usage"() {
        when:
        def run = jbang(elsewhere, 'copy', '--no-such-option')

        then:
        run.exit == 2
        run.err.contains('Usage: skiff')
    }

    def "anything that is not one of our aliases goes to JBang as it is"() {
        when:
        def version = jbang(elsewhere, 'version')
        def missing = jbang(elsewhere, 'no-such-script.java')

        then:
        version.exit == 0
        version.out.trim() ==~ /\d+\.\d+\.\d+.*/
        !version.err.contains(BUILD_LINE)

        and:
        missing.exit != 0
        missing.exit != 255
        missing.err.contains('no-such-script.java')
    }

    def "the DSL quickstart runs through ./jbang mirror in the fresh clone, and as an executable plan file"() {
        when:
        def run = jbang(elsewhere, 'mirror', clone.resolve('examples/quickstart.groovy').toString())

        then:
        run.exit == 0
        run.out.contains('Sync done: 3 copied')
        Files.isRegularFile(elsewhere.resolve('mirror/index.json'))

        when: 'the plan file itself is run: its first line hands it to ./jbang mirror'
        def direct = new ProcessBuilder(clone.resolve('examples/quickstart.groovy').toString(), '--dry-run')
                .directory(elsewhere.toFile()).redirectErrorStream(true)
        direct.environment().putAll(env)
        def process = direct.start()
        def output = process.inputStream.getText('UTF-8')

        then:
        process.waitFor() == 0
        output.contains('Dry run, nothing written: 0 would be copied (0 B), 3 skipped as up to date')
    }

    // ---- helpers ----

    /** The archive is written by a background process after the first run exits: waited for, up to 2 minutes. */
    boolean archiveWritten(String alias) {
        long deadline = System.currentTimeMillis() + 120_000
        while (System.currentTimeMillis() < deadline) {
            if (Files.list(Paths.get(env.XDG_CACHE_HOME, 'skiff/launch')).withCloseable { files ->
                files.anyMatch { it.fileName.toString() ==~ /${alias}-.*\.jsa/ }
            }) return true
            Thread.sleep(500)
        }
        false
    }

    String rememberedLaunch(String alias) {
        Files.list(Paths.get(env.XDG_CACHE_HOME, 'skiff/launch')).withCloseable { files ->
            Files.readString(files.filter { it.fileName.toString() ==~ /${alias}-.*\.cmd/ }.findFirst().orElseThrow())
        }
    }

    static boolean hasCommand(String name) {
        SkiffCli.commandNames().contains(name)
    }

    static class Run {
        int exit
        String out
        String err
    }

    Run jbang(Path dir, String... args) {
        jbang(dir, [:], args)
    }

    Run jbang(Path dir, Map<String, String> extraEnv, String... args) {
        Path out = Files.createTempFile(work, 'out', '.txt')
        Path err = Files.createTempFile(work, 'err', '.txt')
        def pb = new ProcessBuilder([clone.resolve('jbang').toString()] + args.toList())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
        pb.environment().putAll(env)
        pb.environment().putAll(extraEnv)
        def process = pb.start()
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly()
            throw new AssertionError("./jbang ${args.join(' ')} did not finish in 10 minutes; stderr:\n${Files.readString(err)}")
        }
        def run = new Run(exit: process.exitValue(), out: Files.readString(out), err: Files.readString(err))
        println "\$ ./jbang ${args.join(' ')}   (in ${dir.fileName}) -> exit ${run.exit}\n${run.err}"
        run
    }

    /** A clone of the repository with the working tree's uncommitted changes laid over it. */
    static void cloneWorkingTree(Path root, Path clone) {
        git(root.parent, 'clone', '-q', root.toString(), clone.toString())
        def listed = { String... opts -> git(root, (['ls-files', '-z'] + opts.toList()) as String[]).split('\u0000').findAll() }
        (listed('--modified') + listed('--others', '--exclude-standard')).unique().each { String name ->
            Path from = root.resolve(name), to = clone.resolve(name)
            if (Files.exists(from)) {
                Files.createDirectories(to.parent)
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES)
            } else {
                Files.deleteIfExists(to)
            }
        }
    }

    static String git(Path dir, String... args) {
        def process = new ProcessBuilder(['git'] + args.toList()).directory(dir.toFile()).redirectErrorStream(true).start()
        String text = process.inputStream.text
        assert process.waitFor() == 0: "git ${args.join(' ')} failed:\n$text"
        text
    }

    /** A local repository that is this build's local repository except for dev/skiff, which starts empty. */
    static Path shadowRepository(Path shadow) {
        Path real = dev.skiff.catalog.Shell.userRepository()
        Files.createDirectories(shadow.resolve('dev'))
        if (Files.isDirectory(real)) {
            real.toFile().listFiles().findAll { it.name != 'dev' }.each { Files.createSymbolicLink(shadow.resolve(it.name), it.toPath()) }
            real.resolve('dev').toFile().listFiles()?.findAll { it.name != 'skiff' }?.each {
                Files.createSymbolicLink(shadow.resolve('dev').resolve(it.name), it.toPath())
            }
        }
        shadow
    }

    /**
     * Deletes a tree without following links: a link is removed, never what it points to. Files the
     * launcher's background jobs (class-data archives) write meanwhile are tolerated.
     */
    static void deleteTree(Path top) {
        dev.skiff.catalog.Shell.deleteTree(top)
    }
}
