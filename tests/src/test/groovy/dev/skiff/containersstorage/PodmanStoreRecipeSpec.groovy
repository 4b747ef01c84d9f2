package dev.skiff.containersstorage

import dev.skiff.dsl.MirrorDslSpec
import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The containers-storage recipe in docs/podman-store.md line by line, and examples/airgap-import.groovy's Podman
 * variant. A Podman service of this spec's own (vfs, its own roots) stands in for the machine's:
 * CONTAINER_HOST points Skiff at it, so the "service already listening" path is the one used, and
 * {@code podman} lines run on the same store.
 */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class PodmanStoreRecipeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    /** Short on purpose: Podman refuses a run root over 50 characters. */
    @Shared
    Path store = Files.createTempDirectory('csr-')

    @Shared
    Process service

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path work

    List<String> storeFlags() {
        ['--storage-driver', 'vfs', '--root', store.resolve('root').toString(), '--runroot', store.resolve('runroot').toString()]
    }

    String getSocket() {
        store.resolve('podman.sock').toString()
    }

    def setupSpec() {
        service = new ProcessBuilder(['podman'] + storeFlags() + ['system', 'service', '--time=0', "unix://${socket}".toString()])
                .redirectErrorStream(true).redirectOutput(store.resolve('service.log').toFile()).start()
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        while (!Files.exists(Path.of(socket)) && System.nanoTime() < deadline) {
            Thread.sleep(50)
        }
        Thread.sleep(200)
    }

    def cleanupSpec() {
        service?.destroy()
        service?.waitFor(10, TimeUnit.SECONDS)
        Tools.run(['podman'] + storeFlags() + ['system', 'reset', '--force'])
        store.toFile().deleteDir()
    }

    Map<String, String> getEnv() {
        [CONTAINER_HOST: "unix://${socket}".toString()]
    }

    Map listed(String name) {
        def images = new JsonSlurper().parseText(Tools.run(['podman'] + storeFlags() + ['images', '--format', 'json'])) as List<Map>
        images.find { it.Names?.contains(name) }
    }

    static List<String> recipe() {
        Docs.commands('docs/podman-store.md', 'podman-store-recipe')
    }

    def "the podman-store page's recipe imports the carried archive and a bundle into Podman's store, and sends one image on"() {
        given:
        Images.single("oci-archive:${work}/nginx.tar:latest")
        ['team/alpha:v1', 'team/beta:v1', 'tools/cli:1.0'].each { Images.single("oci-archive:${work}/bundle.tar:${it}") }
        def lines = recipe().collect { it.replace('127.0.0.1:5000', registry.host) }

        when:
        def results = lines.collect { line ->
            if (line.startsWith('./jbang ')) {
                def run = Cli.exec([dir: work, env: env], *line.substring('./jbang '.length()).split(' '))
                [line: line, exit: run.exitCode, out: run.out + run.err]
            } else {
                def command = line.replaceFirst('^podman ', (['podman'] + storeFlags()).join(' ') + ' ')
                def p = new ProcessBuilder('bash', '-c', command).directory(work.toFile()).redirectErrorStream(true).start()
                def out = p.inputStream.text
                [line: line, exit: p.waitFor(), out: out]
            }
        }

        then: 'every line succeeds'
        lines.size() == 5
        results.findAll { it.exit != 0 } == []

        and: 'Podman holds the image under its source digest, with the config digest as ID, and the bundle by its names'
        def digest = Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci-archive:${work}/nginx.tar:latest").trim()
        results[2].out.contains(digest.substring(7))
        listed('localhost/nginx-airgap:latest').Digest == digest
        ['docker.io/team/alpha:v1', 'docker.io/team/beta:v1', 'docker.io/tools/cli:1.0'].every { listed(it) != null }
        results[1].out.contains('Verified:')

        and: 'the registry got the image with the same config'
        Tools.skopeo('inspect', '--tls-verify=false', '--config', '--raw', registry.ref('nginx:latest')) ==
                Tools.skopeo('inspect', '--config', '--raw', "oci-archive:${work}/nginx.tar:latest")
    }

    def "an image skopeo writes into the store directly, while the service runs, is read through the service"() {
        given:
        Images.single("oci:${work}/src:v1")
        def storeSpec = "[vfs@${store.resolve('root')}+${store.resolve('runroot')}]"
        Tools.skopeo('copy', "oci:${work}/src:v1", "containers-storage:${storeSpec}localhost/by-skopeo:v1")

        when:
        def inspect = Cli.exec([env: env], 'inspect', 'containers-storage:localhost/by-skopeo:v1')
        def copy = Cli.exec([env: env], 'copy', 'containers-storage:localhost/by-skopeo:v1', "oci:${work}/back:v1")

        then:
        inspect.exitCode == 0
        new JsonSlurper().parseText(inspect.out).Digest == Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${work}/src:v1").trim()
        copy.exitCode == 0
        Tools.skopeo('inspect', '--config', '--raw', "oci:${work}/back:v1") == Tools.skopeo('inspect', '--config', '--raw', "oci:${work}/src:v1")
    }

    def "airgap-import.groovy with TARGET=podman imports the bundle into the store the plan names"() {
        given:
        ['site/one:v1', 'site/two:v1'].each { Images.single("oci-archive:${work}/bundle.tar:${it}") }
        def storeSpec = "[vfs@${store.resolve('root')}+${store.resolve('runroot')}]"

        when:
        def run = MirrorDslSpec.mirror([env: [TARGET: 'podman', STORE: storeSpec, BUNDLE: work.resolve('bundle.tar').toString()]],
                ROOT.resolve('examples/airgap-import.groovy').toString())

        then:
        run.exitCode == 0
        run.out.contains('Sync done: 2 copied')
        listed('docker.io/site/one:v1') != null
        listed('docker.io/site/two:v1') != null
    }

    def "containersStorage() with something other than a [store] is a plan mistake with its line"() {
        given:
        def plan = work.resolve('plan.groovy')
        Files.writeString(plan, "mirror {\n  from oci('./in')\n  to containersStorage('/var/lib/containers')\n}\n")

        when:
        def run = MirrorDslSpec.mirror([:], plan.toString())

        then:
        run.exitCode != 0
        run.err.contains('line 3')
        run.err.contains("containersStorage('[vfs@/graphroot+/runroot]')")
    }
}
