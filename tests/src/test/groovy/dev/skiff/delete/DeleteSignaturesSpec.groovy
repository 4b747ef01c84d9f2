package dev.skiff.delete

import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * delete takes a registry image's lookaside signatures with it, as skopeo 1.9.3's delete does
 * (containers/image deletes signature-1 upwards until one is missing), side by side with skopeo on
 * images skopeo signed; a lookaside that cannot be cleaned is refused before anything is deleted;
 * and the trust flags skopeo takes on every command are taken by delete and list-tags too.
 */
class DeleteSignaturesSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @TempDir
    Path dir

    Path registriesD(String url) {
        def d = dir.resolve('registries.d')
        Files.createDirectories(d)
        Files.writeString(d.resolve('default.yaml'), "default-docker:\n  lookaside: ${url}\n")
        d
    }

    Path insecure() {
        def file = dir.resolve('insecure.json')
        Files.writeString(file, '{"default":[{"type":"insecureAcceptAnything"}]}')
        file
    }

    /** Pushes the same image to {@code repo} with skopeo, signed into the lookaside; returns its signature directory. */
    Path signedBySkopeo(Path rd, String repo) {
        if (!Files.exists(dir.resolve('src'))) {
            Images.single("oci:${dir}/src:v1", [layers: 1])
        }
        gpg.must(['skopeo', '--policy', insecure().toString(), '--registries.d', rd.toString(), 'copy', '-q',
                  '--dest-tls-verify=false', '--sign-by', gpg.fingerprint, "oci:${dir}/src:v1", registry.ref("${repo}:v1")])
        Path sigs
        Files.newDirectoryStream(dir.resolve("sigstore/${repo.split('/')[0]}")).withCloseable { entries ->
            sigs = entries.find { it.fileName.toString().startsWith(repo.split('/')[1] + '@sha256=') }
        }
        // a second signature, and one after a gap: containers/image stops at the first one missing
        Files.copy(sigs.resolve('signature-1'), sigs.resolve('signature-2'))
        Files.copy(sigs.resolve('signature-1'), sigs.resolve('signature-4'))
        sigs
    }

    static List<String> names(Path sigs) {
        sigs.toFile().list().sort()
    }

    def "delete removes signature-1 upwards until one is missing, as skopeo's delete does (--registries.d #placement the command)"() {
        given:
        def rd = registriesD(dir.resolve('sigstore').toUri().toString())
        def bySkopeo = signedBySkopeo(rd, 'team/byskopeo')
        def bySkiff = signedBySkopeo(rd, "team/byskiff${placement}")
        def image = registry.ref("team/byskiff${placement}:v1")

        when:
        gpg.must(['skopeo', 'delete', '--registries.d', rd.toString(), '--tls-verify=false', registry.ref('team/byskopeo:v1')])
        def run = placement == 'after'
                ? Cli.run('delete', '-v', '--registries.d', rd.toString(), '--tls-verify=false', image)
                : Cli.run('--registries.d', rd.toString(), 'delete', '-v', '--tls-verify=false', image)

        then:
        run.exitCode == 0
        run.out ==~ /Deleted \Q${image}\E \(sha256:[0-9a-f]{64}\), 2 signatures removed\n/
        names(bySkopeo) == ['signature-4']
        names(bySkiff) == names(bySkopeo)
        RegistryDeleteSpec.status("http://${registry.host}/v2/team/byskiff${placement}/manifests/v1", 'HEAD') == 404

        where:
        placement << ['after', 'before']
    }

    def "an image without signatures is deleted as before, and -v says nothing of signatures"() {
        given:
        def rd = registriesD(dir.resolve('sigstore').toUri().toString())
        def image = Images.single(registry.ref('team/unsigned:v1'), [layers: 1])

        when:
        def run = Cli.run('delete', '-v', '--registries.d', rd.toString(), '--tls-verify=false', registry.ref('team/unsigned:v1'))

        then:
        run.exitCode == 0
        run.out == "Deleted ${registry.ref('team/unsigned:v1')} (${image.digest()})\n".toString()
    }

    def "a lookaside delete cannot clean (http:) is refused before the manifest is touched, where skopeo deletes the manifest and then fails"() {
        given:
        def rd = registriesD('http://127.0.0.1:9/sigs')
        Images.single(registry.ref('team/served:v1'), [layers: 1])
        Images.single(registry.ref('team/served:v2'), [layers: 1, seed: 2])

        when:
        def run = Cli.run('delete', '--registries.d', rd.toString(), '--tls-verify=false', registry.ref('team/served:v1'))
        def (skopeoExit, skopeoText) = gpg.tool(['skopeo', 'delete', '--registries.d', rd.toString(), '--tls-verify=false', registry.ref('team/served:v2')])

        then: 'Skiff: nothing deleted, and the advice names the flag'
        run.exitCode == 1
        run.err == ("Error: cannot delete ${registry.ref('team/served:v1')}: its signatures would stay in lookaside"
                + " http://127.0.0.1:9/sigs (signatures are deleted from file: URLs only): set lookaside-staging to a"
                + " file: URL in a registries.d directory named with --registries.d\n").toString()
        RegistryDeleteSpec.status("http://${registry.host}/v2/team/served/manifests/v1", 'HEAD') == 200

        and: 'skopeo 1.9.3: the manifest is gone, then the error'
        skopeoExit == 1
        skopeoText.contains('Configure a lookaside-staging: location')
        RegistryDeleteSpec.status("http://${registry.host}/v2/team/served/manifests/v2", 'HEAD') == 404
    }

    def "skopeo's trust flags after a command that reads no signatures are taken, as skopeo takes them: #command #flags"() {
        given: 'an image for each tool (a delete takes every tag of its digest)'
        Images.single(registry.ref('team/flags:skiff'), [layers: 1, seed: 11])
        Images.single(registry.ref('team/flags:skopeo'), [layers: 1, seed: 12])
        def target = { String tag -> registry.ref(command == 'list-tags' ? 'team/flags' : "team/flags:${tag}") }

        when:
        def skiff = Cli.run(command, *flags, '--tls-verify=false', target('skiff'))
        def (skopeoExit, skopeoOut) = gpg.tool(['skopeo', command, *flags, '--tls-verify=false', target('skopeo')])

        then:
        skopeoExit == 0
        skiff.exitCode == 0
        command != 'list-tags' || skiff.out == skopeoOut

        where:
        command     | flags
        'list-tags' | ['--insecure-policy']
        'list-tags' | ['--policy', '/nonexistent/policy.json', '--registries.d', '/nonexistent']
        'delete'    | ['--insecure-policy', '--policy', '/nonexistent/policy.json']
    }
}
