package dev.skiff.scale

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.sync.ClientConfig
import dev.skiff.sync.HostsToml
import dev.skiff.sync.RegistriesConf
import dev.skiff.sync.SyncDestination
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncSource
import dev.skiff.sync.TagSelection
import dev.skiff.transport.TransportOptions
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.lang.TempDir

/**
 * mirror --emit-registries-conf / --emit-hosts-toml (DSL: emit): the client configuration of a plan's
 * mirror. podman pulls a source image through the emitted registries.conf with the source stopped.
 */
class ClientConfigSpec extends Specification {
    static final TransportOptions PLAIN = TransportOptions.defaults().withTlsVerify(false)

    @TempDir
    Path dir

    /** podman's private store (vfs: plain folders, removed with the folder). */
    Path store

    def cleanup() {
        store?.toFile()?.deleteDir()
    }

    def "podman pulls the plan's source images through the emitted registries.conf, served by the mirror, with the source stopped"() {
        given: 'registry A holds two images; the plan mirrors one renamed under mirror/, one with skopeo naming, to registry B'
        def a = RegistryRig.start()
        def b = RegistryRig.start()
        Images.single(a.ref('team/web:v1'), [labels: [which: 'web']])
        Images.single(a.ref('tools/cli:1.0'), [labels: [which: 'cli']])
        def plan = dir.resolve('plan.groovy')
        Files.writeString(plan, """
            def source = registry('${a.host}') { tlsVerify false }
            def mirrorSite = registry('${b.host}') { tlsVerify false }
            emit registriesConf: 'client/registries.conf', hostsToml: 'client/certs.d'
            mirror {
                from source
                images 'team/web:v1'
                to mirrorSite
                rename { repo -> "mirror/\${repo}" }
            }
            mirror {
                from source
                images 'tools/cli:1.0'
                to mirrorSite
            }
        """)

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', dir: dir], plan.toString())
        def conf = dir.resolve('client/registries.conf')

        then: 'the images are at B, and the file maps each source repository to where the plan put it'
        run.exitCode == 0
        run.out.contains("Wrote client/registries.conf: 2 source repositories served by the mirror")
        def toml = parseToml(conf)
        toml.registry*.prefix == ["${a.host}/team/web", "${a.host}/tools/cli"]*.toString()
        toml.registry*.insecure == [true, true]
        toml.registry*.mirror*.location == [["${b.host}/mirror/team/web".toString()], ["${b.host}/cli".toString()]]
        toml.registry*.mirror*.insecure == [[true], [true]]

        and: "containerd cannot map tools/cli -> cli (it maps a whole host): reported, and no hosts.toml for A is written"
        run.err.contains("Warning: no hosts.toml for ${a.host}: containerd maps a whole registry host")
        run.err.contains("${a.host}/tools/cli -> ${b.host}/cli")
        !Files.exists(dir.resolve("client/certs.d/${a.host}/hosts.toml"))

        when: 'A is stopped, and podman (its own store) pulls A/… with the emitted file'
        a.stop()
        def web = podman(conf, 'pull', "${a.host}/team/web:v1")
        def cli = podman(conf, 'pull', "${a.host}/tools/cli:1.0")
        def inspect = podman(conf, 'image', 'inspect', "${a.host}/team/web:v1", "${a.host}/tools/cli:1.0")

        then: 'both pulls succeed, served by B, and the images keep the names podman was asked for'
        web.exit == 0
        cli.exit == 0
        def images = new JsonSlurper().parseText(inspect.out as String)
        images*.Labels*.which == ['web', 'cli']
        images*.Digest == [digest(b, 'mirror/team/web:v1'), digest(b, 'cli:1.0')]

        cleanup:
        a?.stop()
        b?.stop()
    }

    def "docs/scale-out.md's command: the nightly mirror example with --emit-registries-conf and --emit-hosts-toml"() {
        given: 'the example run against real registries, as MirrorExamplesSpec runs it'
        def upstream = RegistryRig.start()
        def internal = RegistryRig.start()
        Images.single(upstream.ref('team/app:v1'))
        Images.single(upstream.ref('tools/cli:1.2.0'))
        Images.single(upstream.ref('team/base:1.0'))
        def readme = Docs.text('docs/scale-out.md')
        def example = Path.of(System.getProperty('user.dir')).parent.resolve('examples/nightly-mirror.groovy')

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', dir: dir, env: [UPSTREAM: upstream.host, MIRROR: internal.host, TLS_VERIFY: 'false']],
                example.toString(), '--emit-registries-conf', 'mirror.conf', '--emit-hosts-toml', 'certs.d')

        then: 'one entry for the whole upstream host (every repository lands under mirror/), and a hosts.toml for it'
        readme.contains('./jbang mirror examples/nightly-mirror.groovy --emit-registries-conf mirror.conf --emit-hosts-toml certs.d')
        run.exitCode == 0
        run.err.isEmpty()
        def conf = parseToml(dir.resolve('mirror.conf'))
        conf.registry == [[prefix: upstream.host, location: upstream.host, insecure: true,
                           mirror: [[location: "${internal.host}/mirror".toString(), insecure: true]]]]
        def hosts = parseToml(dir.resolve("certs.d/${upstream.host}/hosts.toml"))
        hosts.server == "https://${upstream.host}".toString()
        hosts.host.keySet() == ["https://${internal.host}/v2/mirror", "http://${internal.host}/v2/mirror"]*.toString() as Set

        cleanup:
        upstream?.stop()
        internal?.stop()
    }

    def "a source whose repositories all land under one mirror path gets one entry for the host, and a containerd hosts.toml"() {
        given:
        def plan = SyncPlan.to(SyncDestination.registry('mirror.internal:5000', PLAIN))
                .source(new SyncSource.Repository('registry.example.com/team/web', TagSelection.all(), null))
                .source(new SyncSource.Repository('registry.example.com/tools/cli', TagSelection.all(), null))
                .rename({ String repo -> "mirror/${repo}".toString() } as java.util.function.UnaryOperator<String>)
                .build()
        def config = ClientConfig.of(plan)
        def conf = dir.resolve('registries.conf')
        RegistriesConf.write(config, conf)
        def result = HostsToml.write(config, dir.resolve('certs.d'))
        def hosts = dir.resolve('certs.d/registry.example.com/hosts.toml')

        expect:
        config.notes().isEmpty()
        def toml = parseToml(conf)
        toml.registry.size() == 1
        toml.registry[0].prefix == 'registry.example.com'
        toml.registry[0].location == 'registry.example.com'
        toml.registry[0].insecure == null
        toml.registry[0].mirror == [[location: 'mirror.internal:5000/mirror', insecure: true]]

        and: 'containerd: the source as server, the mirror path by override_path, HTTPS without verification then plain HTTP'
        result.notes().isEmpty()
        result.files().keySet() == ['registry.example.com'] as Set
        def h = parseToml(hosts)
        h.server == 'https://registry.example.com'
        h.host.keySet() as List == ['https://mirror.internal:5000/v2/mirror', 'http://mirror.internal:5000/v2/mirror']
        h.host.values().every { it.capabilities == ['pull', 'resolve'] && it.override_path == true }
        h.host['https://mirror.internal:5000/v2/mirror'].skip_verify == true
    }

    def "what a client cannot be pointed at is reported, not dropped: #what"() {
        expect:
        ClientConfig.of(plan).notes().any { it.contains(note) }
        ClientConfig.of(plan).mappings().isEmpty()

        where:
        what                                 | plan                                                                                       | note
        'a suffix on every tag'              | base(SyncDestination.registry('m:5000', PLAIN)).suffix('-mirror').build()                  | 'appends "-mirror" to every tag'
        'a destination that is no registry'  | base(SyncDestination.oci('/tmp/bundle')).build()                                           | 'not a registry'
        'two sources on one destination'     | base(SyncDestination.registry('m:5000', PLAIN)).source(repo('r.example.com/other/web')).build() | 'are both mirrored to m:5000/web'
    }

    def "emit in a plan takes only registriesConf and hostsToml"() {
        given:
        def plan = dir.resolve('bad.groovy')
        Files.writeString(plan, "emit registries: 'x.conf'\nmirror { from 'r.example.com'; images 'a:1'; to oci('./o') }\n")

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', dir: dir], plan.toString(), '--dry-run')

        then:
        run.exitCode == 2
        run.err.contains('emit registries:')
        run.err.contains("emit registriesConf: 'mirror.conf', hostsToml: 'certs.d'")
    }

    static SyncPlan.Builder base(SyncDestination destination) {
        SyncPlan.to(destination).source(repo('r.example.com/team/web'))
    }

    static SyncSource repo(String name) {
        new SyncSource.Repository(name, TagSelection.all(), PLAIN)
    }

    /** The file as a TOML reader sees it (python3's tomllib), as JSON. */
    static Object parseToml(Path file) {
        def p = new ProcessBuilder('python3', '-c', 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', file.toString())
                .redirectErrorStream(true).start()
        def text = p.inputStream.getText('UTF-8')
        assert p.waitFor() == 0: text
        new JsonSlurper().parseText(text)
    }

    /** podman with a private store under the spec's folder, and CONTAINERS_REGISTRIES_CONF when {@code conf} is given. */
    Map podman(Path conf, String... args) {
        // podman refuses a runroot path over 50 characters, so the store is a short temp folder of its own.
        store = store ?: Files.createTempDirectory('skiff-podman-')
        def tmp = Files.createDirectories(store.resolve('tmp'))
        def command = ['podman', '--storage-driver', 'vfs', '--root', store.resolve('root').toString(), '--runroot', store.resolve('runroot').toString(),
                       '--tmpdir', store.resolve('libpod-tmp').toString()] + args.toList()
        def builder = new ProcessBuilder(command)
        builder.environment().put('TMPDIR', tmp.toString())
        if (conf != null) {
            builder.environment().put('CONTAINERS_REGISTRIES_CONF', conf.toString())
        }
        def process = builder.start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        process.consumeProcessOutput(out, err)
        process.waitFor(120, TimeUnit.SECONDS)
        process.waitForProcessOutput()
        [exit: process.exitValue(), out: out.toString('UTF-8'), err: err.toString('UTF-8')]
    }

    static String digest(RegistryRig registry, String image) {
        int colon = image.lastIndexOf(':')
        def c = (HttpURLConnection) new URL("http://${registry.host}/v2/${image.substring(0, colon)}/manifests/${image.substring(colon + 1)}").openConnection()
        c.requestMethod = 'HEAD'
        c.setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
        c.getHeaderField('Docker-Content-Digest')
    }
}
