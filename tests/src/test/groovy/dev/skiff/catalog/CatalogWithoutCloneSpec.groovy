package dev.skiff.catalog

import static dev.skiff.catalog.Shell.ROOT

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import spock.lang.Isolated
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * The design's promise, `jbang copy@<org>/skiff …` on a machine with JBang and nothing else: the
 * artifacts are deployed as a release would deploy them (here to a file:// repository), and only
 * jbang-catalog.json and scripts/ are copied into an empty directory. JBang runs the aliases from
 * there with an empty local repository (JBANG_REPO): Skiff comes from the deployed repository, the
 * third-party libraries from a file:// view of this build's own local repository (so no run needs
 * the internet), and nothing from anywhere else.
 */
@Stepwise
@Isolated("deploys lib, cli and dsl from this working tree with Maven: their target/ directories are rewritten")
class CatalogWithoutCloneSpec extends Specification {

    @Shared Path work
    @Shared Path deployed
    @Shared Path thirdParty
    @Shared Path catalogDir
    @Shared Path jbangRepo
    @Shared Path here
    @Shared List<String> repos
    @Shared Map<String, String> env

    def setupSpec() {
        work = Files.createTempDirectory('skiff-catalog-spec')
        deployed = Files.createDirectories(work.resolve('deployed'))
        thirdParty = Shell.withoutSkiff(Shell.userRepository(), work.resolve('third-party'))
        catalogDir = Files.createDirectories(work.resolve('catalog'))
        jbangRepo = Files.createDirectories(work.resolve('jbang-repo'))
        here = Files.createDirectories(work.resolve('here'))
        repos = ['--repos', "skiff=${deployed.toUri()}".toString(), '--repos', "third-party=${thirdParty.toUri()}".toString()]
        Path cache = Files.createDirectories(work.resolve('cache/skiff'))
        // JBang itself, as the project's launcher fetches it: the developer's copy when there is one.
        Path fetched = Paths.get(System.getProperty('user.home'), '.cache/skiff/jbang-0.132.1')
        if (Files.isRegularFile(fetched.resolve('lib/jbang-cli-0.132.1.jar'))) Files.createSymbolicLink(cache.resolve(fetched.fileName), fetched)
        env = [
                SKIFF_JBANG_BOOTSTRAP : '1',
                SKIFF_M2_REPO         : Shell.userRepository().toString(),  // where the launcher fetches JBang from, if it must
                XDG_CACHE_HOME        : work.resolve('cache').toString(),
                JBANG_DIR             : work.resolve('jbang-home').toString(),
                JBANG_REPO            : jbangRepo.toString(),
                JBANG_NO_VERSION_CHECK: 'true',
        ]
    }

    def cleanupSpec() {
        Shell.deleteTree(work)
    }

    def "a release deploy puts skiff-parent, skiff-lib, skiff-cli and skiff-dsl in the repository, with resolved versions"() {
        given: 'a local repository for this build: links to the third-party artifacts, its own dev/skiff'
        Path buildRepo = Shell.withoutSkiff(Shell.userRepository(), work.resolve('build-m2'))

        when:
        def run = Shell.run(ROOT, [:], ['mvn', '-B', '-q', 'deploy', '-pl', 'lib,cli,dsl', '-am', '-DskipTests',
                                        '-Dspotless.check.skip=true', "-Dmaven.repo.local=$buildRepo".toString(),
                                        "-DaltDeploymentRepository=spec::${deployed.toUri()}".toString()], work)

        then:
        run.exit == 0
        ['skiff-parent', 'skiff-lib', 'skiff-cli', 'skiff-dsl'].every { artifact ->
            Path dir = deployed.resolve("dev/skiff/$artifact/$version")
            Files.isRegularFile(dir.resolve('maven-metadata.xml')) &&
                    Files.list(dir).withCloseable { files -> files.anyMatch { it.fileName.toString() ==~ /$artifact-.*\.pom/ } }
        }

        and: 'the published poms name versions, never ${revision}'
        Files.walk(deployed).withCloseable { files -> files.filter { it.toString().endsWith('.pom') }.toList() }
                .every { !Files.readString(it).contains('${revision}') }
    }

    def "only jbang-catalog.json and scripts/ are copied into an empty directory"() {
        when:
        Files.copy(ROOT.resolve('jbang-catalog.json'), catalogDir.resolve('jbang-catalog.json'))
        copyTree(ROOT.resolve('scripts'), catalogDir.resolve('scripts'))

        then:
        catalogDir.toFile().list().toList().sort() == ['jbang-catalog.json', 'scripts']
    }

    def "sample-image and copy run from that catalog with JBang, Skiff coming from the deployed repository"() {
        when:
        def sample = jbang('sample-image', "oci:${here.resolve('layout')}:v1".toString())
        def copy = jbang('copy', "oci:${here.resolve('layout')}:v1".toString(), "oci:${here.resolve('copied')}:v1".toString())

        then:
        sample.exit == 0
        copy.exit == 0
        Files.isRegularFile(here.resolve('copied/index.json'))
        Files.readString(here.resolve('copied/index.json')).contains('"org.opencontainers.image.ref.name":"v1"')

        and: "Skiff's jars in JBang's empty local repository came from the deployed repository"
        Files.readString(jbangRepo.resolve("dev/skiff/skiff-cli/$version/_remote.repositories")).contains('>skiff=')
        Files.readString(jbangRepo.resolve("dev/skiff/skiff-lib/$version/_remote.repositories")).contains('>skiff=')
    }

    def "mirror runs a plan from that catalog: skiff-dsl and Groovy come from the repositories too"() {
        given:
        Path plan = here.resolve('plan.groovy')
        Files.writeString(plan, '''mirror {
    from oci("${planDir}/layout")
    platforms 'all'
    rename { repo -> "mirrored/${repo}" }
    to oci('./mirrored')
}
''')

        when:
        def run = jbang('mirror', plan.toString())

        then:
        run.exit == 0
        run.out.contains('Sync done: 1 copied')
        Files.isRegularFile(here.resolve('mirrored/index.json'))
        Files.readString(jbangRepo.resolve("dev/skiff/skiff-dsl/$version/_remote.repositories")).contains('>skiff=')
    }

    def "nothing JBang resolved came from anywhere but the two file:// repositories"() {
        when:
        def origins = Files.walk(jbangRepo).withCloseable { files ->
            files.filter { it.fileName.toString() == '_remote.repositories' }.toList()
        }.collectMany { Files.readAllLines(it).findAll { it.contains('>') }.collect { it.substring(it.indexOf('>') + 1) } } as Set

        then:
        origins == ['skiff=', 'third-party='] as Set
    }

    // ---- helpers ----

    static String getVersion() {
        System.getProperty('skiff.version')
    }

    /** JBang, run through the project's launcher (which passes anything but its own aliases to JBang). */
    Shell.Run jbang(String alias, String... args) {
        Shell.run(here, env, [ROOT.resolve('jbang').toString()] + repos + ["$alias@${catalogDir.resolve('jbang-catalog.json')}".toString()] + args.toList(), work)
    }

    static void copyTree(Path from, Path to) {
        Files.walk(from).withCloseable { files ->
            files.each { Path source ->
                Path target = to.resolve(from.relativize(source).toString())
                if (Files.isDirectory(source)) Files.createDirectories(target)
                else Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES)
            }
        }
    }
}
