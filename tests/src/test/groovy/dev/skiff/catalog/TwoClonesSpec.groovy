package dev.skiff.catalog

import static dev.skiff.catalog.Shell.ROOT

import dev.skiff.cli.JbangLauncherSpec
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * Two clones of the same version on one machine, one user repository, one cache directory: each
 * clone's ./jbang builds its library once, into the clone's own repository (target/launcher/m2), and
 * neither rebuilds because the other ran; the user repository never receives a Skiff jar. The first run
 * of an alias says what it is doing, in Skiff's words: JBang's own lines never reach the user.
 */
@Stepwise
@ResourceLock("maven")  // Maven builds through the launcher
class TwoClonesSpec extends Specification {

    static final String BUILD_LINE = 'skiff: building the library'

    @Shared Path work
    @Shared Path userRepository
    @Shared Path first
    @Shared Path second
    @Shared Map<String, String> env

    def setupSpec() {
        work = Files.createTempDirectory('skiff-two-clones-spec')
        userRepository = Shell.withoutSkiff(Shell.userRepository(), work.resolve('user-m2'))
        first = work.resolve('first/skiff')
        second = work.resolve('second/skiff')
        Files.createDirectories(first.parent)
        Files.createDirectories(second.parent)
        JbangLauncherSpec.cloneWorkingTree(ROOT, first)
        JbangLauncherSpec.cloneWorkingTree(ROOT, second)
        Path cache = Files.createDirectories(work.resolve('cache/skiff'))
        // JBang itself, as the launcher fetches it: the developer's copy when there is one.
        Path fetched = Paths.get(System.getProperty('user.home'), '.cache/skiff/jbang-0.132.1')
        if (Files.isRegularFile(fetched.resolve('lib/jbang-cli-0.132.1.jar'))) Files.createSymbolicLink(cache.resolve(fetched.fileName), fetched)
        env = [
                SKIFF_M2_REPO        : userRepository.toString(),
                SKIFF_JBANG_BOOTSTRAP: '1',
                SKIFF_LAUNCH_PREPARE : '0',   // no background JBang runs for the other aliases: this spec runs two
                XDG_CACHE_HOME       : work.resolve('cache').toString(),
        ]
    }

    def cleanupSpec() {
        Shell.deleteTree(work)
    }

    def "the first run in the first clone builds its library once and prepares the alias, saying so, with no [jbang] line"() {
        when:
        def run = jbang(first, 'inspect', '--version')

        then:
        run.exit == 0
        run.out.trim() == "skiff ${System.getProperty('skiff.version')}"
        run.err.count("$BUILD_LINE (first run)") == 1
        run.err.contains('skiff: preparing inspect for its first run')
        !run.err.contains('[jbang]')
        Files.isRegularFile(jar(first))
    }

    def "the first run in the second clone builds the second clone's library, beside the first's"() {
        when:
        def run = jbang(second, 'inspect', '--version')

        then:
        run.exit == 0
        run.err.count("$BUILD_LINE (first run)") == 1
        !run.err.contains('[jbang]')
        Files.isRegularFile(jar(second))
        Files.isRegularFile(jar(first))
    }

    def "runs alternate between the clones: neither rebuilds, neither asks JBang again"() {
        given: 'JBang made unable to start: a run that needed it would fail'
        def noJbang = [JBANG_JAVA_OPTIONS: '-XX:+NoSuchJvmOption']

        when:
        def runs = [jbang(first, noJbang, 'inspect', '--version'), jbang(second, noJbang, 'inspect', '--version'),
                    jbang(first, noJbang, 'inspect', '--version'), jbang(second, noJbang, 'inspect', '--version')]

        then:
        runs.every { it.exit == 0 && it.out.trim() == "skiff ${System.getProperty('skiff.version')}".toString() }
        runs.every { !it.err.contains(BUILD_LINE) && !it.err.contains('skiff: preparing') }
    }

    def "a new alias's first run says what it does, in Skiff's words, then later runs are silent"() {
        when:
        def firstRun = jbang(first, 'list-tags', '--help')
        def again = jbang(first, 'list-tags', '--help')

        then:
        firstRun.exit == 0
        firstRun.err.contains('skiff: preparing list-tags for its first run')
        !firstRun.err.contains('[jbang]')
        !firstRun.err.contains(BUILD_LINE)

        and:
        again.exit == 0
        again.err.isEmpty()
    }

    def "the shared user repository never received a Skiff jar"() {
        expect:
        !Files.exists(userRepository.resolve('dev/skiff'))
    }

    // ---- helpers ----

    static Path jar(Path clone) {
        String version = System.getProperty('skiff.version')
        clone.resolve("target/launcher/m2/dev/skiff/skiff-lib/$version/skiff-lib-${version}.jar")
    }

    Shell.Run jbang(Path clone, String... args) {
        jbang(clone, [:], args)
    }

    Shell.Run jbang(Path clone, Map<String, String> extraEnv, String... args) {
        Shell.run(work, env + extraEnv, [clone.resolve('jbang').toString()] + args.toList(), work)
    }
}
