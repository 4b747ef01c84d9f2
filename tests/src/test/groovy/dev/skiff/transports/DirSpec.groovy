package dev.skiff.transports

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** dir: — skopeo's directory format — both ways with skopeo and a real registry, digests equal. */
class DirSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    /** Every file of a directory, name to bytes. */
    static Map<String, List<Byte>> files(Path d) {
        Files.list(d).toList().collectEntries { [(it.fileName.toString()): Files.readAllBytes(it).toList()] }
    }

    def "a dir: image skopeo writes is read by Skiff and pushed with the same digest (#what)"() {
        given:
        def image = all ? Images.multi("oci:${dir}/src:v1") : Images.single("oci:${dir}/src:v1")
        Tools.skopeo(*(['copy'] + (all ? ['--all'] : []) + ["oci:${dir}/src:v1", "dir:${dir}/skopeo"]))

        when:
        def run = Cli.run(*(['copy', '--dest-tls-verify=false'] + (all ? ['--all'] : []) + ["dir:${dir}/skopeo", registry.ref("dir/${what}:v1")]))

        then:
        run.exitCode == 0
        Tools.skopeo('inspect', '--tls-verify=false', '--raw', registry.ref("dir/${what}:v1")).bytes == image.raw()
        Cli.run('inspect', '--format', '{{.Digest}}', "dir:${dir}/skopeo").out.trim() == image.digest().toString()

        where:
        what     | all
        'single' | false
        'multi'  | true
    }

    def "Skiff writes the very files skopeo writes, and skopeo reads them (#what)"() {
        given:
        def image = all ? Images.multi("oci:${dir}/src:v1") : Images.single("oci:${dir}/src:v1")
        def flags = all ? ['--all'] : []
        Tools.skopeo(*(['copy'] + flags + ["oci:${dir}/src:v1", "dir:${dir}/skopeo"]))

        when:
        def run = Cli.run(*(['copy'] + flags + ["oci:${dir}/src:v1", "dir:${dir}/skiff"]))

        then:
        run.exitCode == 0
        files(dir.resolve('skiff')) == files(dir.resolve('skopeo'))
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "dir:${dir}/skiff").trim() == image.digest().toString()

        when: 'skopeo copies it out to a registry'
        Tools.skopeo(*(['copy', '--dest-tls-verify=false'] + flags + ["dir:${dir}/skiff", registry.ref("dir/back-${what}:v1")]))

        then:
        Tools.skopeo('inspect', '--tls-verify=false', '--raw', registry.ref("dir/back-${what}:v1")).bytes == image.raw()

        where:
        what     | all
        'single' | false
        'multi'  | true
    }

    def "a failed copy leaves no manifest.json of a partial image, and an image already there intact"() {
        given: 'a layout whose layer is damaged (same size, other bytes)'
        def good = Images.single("oci:${dir}/src:good")
        def bad = Images.single("oci:${dir}/src:bad")
        def layer = dir.resolve("src/blobs/sha256/${bad.layers()[0].digest().hex()}")
        Files.write(layer, new byte[Files.size(layer) as int])
        Cli.run('copy', '-q', "oci:${dir}/src:good", "dir:${dir}/existing")
        def before = files(dir.resolve('existing'))

        when:
        def fresh = Cli.run('copy', "oci:${dir}/src:bad", "dir:${dir}/fresh")
        def over = Cli.run('copy', "oci:${dir}/src:bad", "dir:${dir}/existing")

        then:
        fresh.exitCode == 1
        fresh.err.contains('failed verification')
        !Files.exists(dir.resolve('fresh/manifest.json'))
        over.exitCode == 1
        files(dir.resolve('existing')) == before
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "dir:${dir}/existing").trim() == good.digest().toString()
    }

    def "a directory that holds something else is not written into"() {
        given:
        Files.createDirectories(dir.resolve('notes'))
        Files.writeString(dir.resolve('notes/todo.txt'), 'keep me')
        Images.single("oci:${dir}/src:v1")

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", "dir:${dir}/notes")

        then:
        run.exitCode == 1
        run.err.contains("cannot write a dir: image at ${dir}/notes: the directory is not empty and holds no dir: image")
        Files.list(dir.resolve('notes')).count() == 1
    }
}
