package dev.skiff.trust

import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Simple signing in dir: images, both ways with skopeo 1.9.3: what Skiff signs skopeo accepts under
 * a signedBy policy, what skopeo signs Skiff accepts, and the policy is enforced before anything
 * is written.
 */
class DirSignaturesSpec extends Specification {
    static final String IDENTITY = 'registry.example.com/team/app:v1'

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @Shared
    @AutoCleanup
    Gpg stranger = Gpg.create(uid: 'Stranger <stranger@skiff.invalid>')

    @TempDir
    Path dir

    /** A policy: every dir: image signed by {@code key} for {@code identity}; anything else rejected. */
    Path policy(Path key, Map identity = [type: 'exactReference', dockerReference: IDENTITY]) {
        def file = dir.resolve('policy.json')
        Files.writeString(file, JsonOutput.toJson([
                default   : [[type: 'reject']],
                transports: [dir: ['': [[type: 'signedBy', keyType: 'GPGKeys', keyPath: key.toString(), signedIdentity: identity]]],
                             oci: ['': [[type: 'insecureAcceptAnything']]]]]))
        file
    }

    Cli skiff(String... args) {
        Cli.exec([env: gpg.env()], args)
    }

    def "Skiff signs with --sign-by and skopeo accepts the image under signedBy"() {
        given:
        Images.single("oci:${dir}/src:v1")

        when:
        def run = skiff('copy', '--sign-by', gpg.fingerprint, '--sign-identity', IDENTITY, "oci:${dir}/src:v1", "dir:${dir}/signed")

        then:
        run.exitCode == 0
        Files.exists(dir.resolve('signed/signature-1'))

        when: 'skopeo reads it under a policy that accepts only that key and identity'
        def (code, text) = gpg.tool(['skopeo', '--policy', policy(gpg.publicKey).toString(), 'copy', "dir:${dir}/signed", "dir:${dir}/by-skopeo"])

        then:
        code == 0
        Files.readAllBytes(dir.resolve('by-skopeo/signature-1')) == Files.readAllBytes(dir.resolve('signed/signature-1'))
    }

    def "skopeo signs (standalone-sign) and Skiff accepts the image, carrying the signature byte for byte"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/plain")
        gpg.must(['skopeo', 'standalone-sign', "${dir}/plain/manifest.json".toString(), IDENTITY, gpg.fingerprint, '-o', "${dir}/plain/signature-1".toString()])

        when:
        def run = Cli.run('copy', '--policy', policy(gpg.publicKey).toString(), "dir:${dir}/plain", "dir:${dir}/out")

        then:
        run.exitCode == 0
        Files.readAllBytes(dir.resolve('out/signature-1')) == Files.readAllBytes(dir.resolve('plain/signature-1'))
    }

    def "the policy refuses #what, and nothing is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Images.single("oci:${dir}/other:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/plain")
        Tools.skopeo('copy', "oci:${dir}/other:v1", "dir:${dir}/otherdir")
        if (signer) {
            def by = signer == 'stranger' ? stranger : gpg
            def manifest = signer == 'other image' ? "${dir}/otherdir/manifest.json" : "${dir}/plain/manifest.json"
            by.must(['skopeo', 'standalone-sign', manifest.toString(), IDENTITY, by.fingerprint, '-o', "${dir}/plain/signature-1".toString()])
        }

        when:
        def run = Cli.run('copy', '--policy', policy(gpg.publicKey, identity).toString(), "dir:${dir}/plain", "dir:${dir}/out")

        then:
        run.exitCode == 1
        run.err.startsWith('Error: Source image rejected')
        run.err.contains('scope dir ""')
        run.err.contains(reason)
        run.err.readLines().size() == 1
        !Files.exists(dir.resolve('out'))

        where:
        what                               | signer        | identity                                                   | reason
        'an unsigned image'                | null          | [type: 'exactReference', dockerReference: IDENTITY]        | 'the image has no simple signing signature'
        'a signature by another key'       | 'stranger'    | [type: 'exactReference', dockerReference: IDENTITY]        | 'not one of the trusted keys'
        'a valid signature of another image' | 'other image' | [type: 'exactReference', dockerReference: IDENTITY]      | 'is for another manifest'
        'a wrong identity'                 | 'gpg'         | [type: 'exactReference', dockerReference: 'example.com/x:v1'] | 'does not accept'
        'matchExact for an image without a registry name' | 'gpg' | [type: 'matchExact']                                | 'does not accept'
    }

    def "a destination that cannot store signatures fails before writing, naming --remove-signatures"() {
        given:
        Images.single("oci:${dir}/src:v1")
        skiff('copy', '--sign-by', gpg.fingerprint, '--sign-identity', IDENTITY, "oci:${dir}/src:v1", "dir:${dir}/signed")

        when:
        def refused = Cli.run('copy', "dir:${dir}/signed", "oci:${dir}/out:v1")

        then:
        refused.exitCode == 1
        refused.err.contains('cannot copy signatures to oci:')
        refused.err.contains('--remove-signatures')
        !Files.exists(dir.resolve('out/index.json'))

        when:
        def removed = Cli.run('copy', '--remove-signatures', "dir:${dir}/signed", "oci:${dir}/out:v1")

        then:
        removed.exitCode == 0
    }

    def "--insecure-policy, before or after the command, accepts an image the policy would refuse"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/plain")
        def p = policy(gpg.publicKey).toString()

        expect:
        Cli.run('copy', '--policy', p, "dir:${dir}/plain", "dir:${dir}/a").exitCode == 1
        Cli.run('copy', '--policy', p, '--insecure-policy', "dir:${dir}/plain", "dir:${dir}/b").exitCode == 0
        Cli.run('--insecure-policy', 'copy', '--policy', p, "dir:${dir}/plain", "dir:${dir}/c").exitCode == 0
        Cli.run('--policy', p, 'copy', "dir:${dir}/plain", "dir:${dir}/d").exitCode == 1
    }

    static List<String> signatureFiles(Path d) {
        Files.list(d).toList()*.fileName*.toString().findAll { it.contains('signature-') }.sort()
    }

    def "with --all the instances' signatures come along, and --sign-by signs every instance, as skopeo does"() {
        given:
        Images.multi("oci:${dir}/src:v1")
        gpg.must(['skopeo', '--policy', policy(gpg.publicKey).toString(), 'copy', '--all', '--sign-by', gpg.fingerprint,
                  '--sign-identity', IDENTITY, "oci:${dir}/src:v1".toString(), "dir:${dir}/by-skopeo".toString()])

        when: 'Skiff carries what skopeo signed'
        def carried = Cli.run('copy', '--all', '--policy', policy(gpg.publicKey).toString(), "dir:${dir}/by-skopeo", "dir:${dir}/carried")

        then:
        carried.exitCode == 0
        signatureFiles(dir.resolve('carried')).size() == 3
        signatureFiles(dir.resolve('carried')) == signatureFiles(dir.resolve('by-skopeo'))
        signatureFiles(dir.resolve('carried')).every { Files.readAllBytes(dir.resolve("carried/${it}")) == Files.readAllBytes(dir.resolve("by-skopeo/${it}")) }

        when: 'Skiff signs, and skopeo accepts it'
        def signed = skiff('copy', '--all', '--sign-by', gpg.fingerprint, '--sign-identity', IDENTITY, "oci:${dir}/src:v1", "dir:${dir}/by-skiff")
        def (code, text) = gpg.tool(['skopeo', '--policy', policy(gpg.publicKey).toString(), 'copy', '--all', "dir:${dir}/by-skiff", "dir:${dir}/back"])

        then:
        signed.exitCode == 0
        signatureFiles(dir.resolve('by-skiff')) == signatureFiles(dir.resolve('by-skopeo'))
        code == 0
    }

    def "a policy that #what is a one-line error naming the file, and nothing is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def file = dir.resolve('bad-policy.json')
        if (text != null) {
            Files.writeString(file, text)
        }

        when:
        def run = Cli.run('copy', '--policy', file.toString(), "oci:${dir}/src:v1", "dir:${dir}/out")

        then:
        run.exitCode == 1
        run.err.readLines().size() == 1
        run.err.startsWith("Error: ${prefix}".replace('FILE', file.toString()))
        !Files.exists(dir.resolve('out'))

        where:
        what                               | text                                                 | prefix
        'does not exist'                   | null                                                 | 'cannot read policy FILE: it does not exist'
        'is not JSON'                      | '{"default": [\n'                                  | 'policy FILE line 2: is not valid JSON'
        'names an unknown requirement'     | '{"default": [\n {"type": "signedByMagic"}]}'       | 'policy FILE line 2: field "type" of a requirement in "default": unknown requirement type "signedByMagic"'
        'names an unknown field'           | '{"default": [{"type": "reject",\n "why": 1}]}'     | 'policy FILE line 2: unknown field "why" in requirement reject'
    }

    def "--sign-by where #what fails before writing, saying what to do"() {
        given:
        Images.single("oci:${dir}/src:v1")

        when:
        def run = skiff(*(['copy', '--sign-by', gpg.fingerprint] + flags + ["oci:${dir}/src:v1", destination.replace('DIR', dir.toString())]))

        then:
        run.exitCode == 1
        run.err.readLines().size() == 1
        run.err.contains(message)
        // dir: makes its (empty) directory when opened, as skopeo's does; no file is written
        !Files.exists(dir.resolve('out')) || Files.list(dir.resolve('out')).withCloseable { it.count() } == 0

        where:
        what                                  | flags                            | destination         | message
        'the destination has no name to claim' | []                              | 'dir:DIR/out'       | 'pass --sign-identity'
        'the destination keeps no signatures' | ['--sign-identity', IDENTITY]    | 'oci:DIR/out:v1'    | 'the oci transport does not store signatures'
    }
}
