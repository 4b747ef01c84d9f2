package dev.skiff.delta

import dev.skiff.model.ImageManifest
import dev.skiff.model.ManifestDocument
import dev.skiff.name.Digest
import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Handmade
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The incremental bundle recipe in docs/delta-bundles.md, as written there, in bash -e: {@code ./jbang} is this
 * build's command line, 127.0.0.1:5000 a site registry holding the first release, 127.0.0.1:5001
 * the connected side's holding both. Then what that page says of umoci, checked with umoci.
 */
class DeltaRecipeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @Shared @AutoCleanup RegistryRig connected = RegistryRig.start()
    @Shared @AutoCleanup RegistryRig site = RegistryRig.start()

    @Shared byte[] base = Handmade.tar('base.txt', 'the base layer, shared')
    @Shared byte[] one = Handmade.tar('one.txt', 'first release')
    @Shared byte[] two = Handmade.tar('two.txt', 'second release')
    @Shared ManifestDocument v2

    @TempDir
    Path work

    def setupSpec() {
        DeltaBundleSpec.image("docker://${connected.host}/team/app:v1", [base, one])
        v2 = DeltaBundleSpec.image("docker://${connected.host}/team/app:v2", [base, one, two])
        DeltaBundleSpec.image("docker://${site.host}/team/app:v1", [base, one])
    }

    static String recipe() {
        Docs.block('docs/delta-bundles.md', 'delta-recipe')
    }

    def "the delta-bundles page's recipe carries only the new blobs and the site ends with the connected side's digests"() {
        given: './jbang runs the command line of this build'
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        Files.writeString(work.resolve('jbang'),
                "#!/bin/bash\nexec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' dev.skiff.cli.SkiffCli \"\$@\"\n")
        work.resolve('jbang').toFile().setExecutable(true)
        def script = recipe().replace('127.0.0.1:5000', site.host).replace('127.0.0.1:5001', connected.host)

        when:
        def p = new ProcessBuilder('bash', '-e', '-c', script).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.text
        def exit = p.waitFor()

        then: 'every line succeeds; the bundle holds two manifests, the new config and the new layer'
        [exit, out] == [0, out]
        out.readLines().any { it.trim() == '4' }

        and: 'the site serves the second release under its digest, and the bundle names the inventory by its digest'
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', "docker://${site.host}/team/app:v2").trim() == v2.digest().toString()
        new JsonSlurper().parse(work.resolve('delta/index.json').toFile()).annotations['dev.skiff.delta.inventory'] ==
                Digest.sha256(Files.readAllBytes(work.resolve('have.json'))).toString()
    }

    def "umoci and skopeo refuse the delta bundle (its blobs are absent) and read a full one, as docs/delta-bundles.md says"() {
        given:
        def have = work.resolve('have.json')
        assert Cli.run('inventory', '--tls-verify=false', '-o', have.toString(), "docker://${site.host}").exitCode == 0
        assert Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false', '--delta-from', have.toString(),
                "${connected.host}/team/app", work.resolve('delta').toString()).exitCode == 0
        assert Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false',
                "${connected.host}/team/app", work.resolve('full').toString()).exitCode == 0

        expect:
        umoci(work.resolve('delta')) != 0
        umoci(work.resolve('full')) == 0
        skopeoCopy(work.resolve('delta'), work.resolve('out-delta')) != 0
        skopeoCopy(work.resolve('full'), work.resolve('out-full')) == 0
    }

    static int skopeoCopy(Path layout, Path to) {
        def p = new ProcessBuilder('skopeo', '--insecure-policy', 'copy', "oci:${layout}:team/app:v1".toString(), "dir:${to}".toString())
                .redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor()
    }

    static int umoci(Path layout) {
        def p = new ProcessBuilder('umoci', 'stat', '--image', "${layout}:team/app:v1".toString()).redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor()
    }
}
