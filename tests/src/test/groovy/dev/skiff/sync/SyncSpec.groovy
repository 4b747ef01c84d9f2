package dev.skiff.sync

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/** sync through the real command, between real registries, OCI layouts and dir: folders, beside skopeo. */
class SyncSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start(accessLog: true)

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(source.ref('team/app:v1'))
        ['v2', 'latest'].each { Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', source.ref('team/app:v1'), source.ref("team/app:${it}")) }
        Images.single(source.ref('team/app:v3'))
        Images.single(source.ref('tools/cli:1.2.0'))
        Images.single(source.ref('tools/cli:1.3.1'))
        Images.single(source.ref('tools/cli:2.0.0'))
    }

    def "every tag of a repository lands under the destination's last path element, and a re-sync only HEADs the source"() {
        given:
        def target = RegistryRig.start()

        when:
        def first = Cli.run('sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
                "${source.host}/team/app", "${target.host}/mirror")

        then:
        first.exitCode == 0
        first.out.contains('Sync done: 4 copied')
        tags(target, 'mirror/app') == ['latest', 'v1', 'v2', 'v3'] as Set
        ['v1', 'v2', 'v3', 'latest'].every { digest(source, "team/app:${it}") == digest(target, "mirror/app:${it}") }

        when: 'nothing changed at the source'
        int before = source.requests().size()
        def again = Cli.run('sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
                "${source.host}/team/app", "${target.host}/mirror")
        def requests = source.requests().drop(before)

        then: 'every image is skipped as up to date, with no manifest or blob GET on the source'
        again.exitCode == 0
        again.out.contains('Sync done: 0 copied (0 B), 4 skipped as up to date, 0 failed')
        requests.findAll { it.contains('"GET /v2/team/app/manifests/') || it.contains('/blobs/') }.isEmpty()
        requests.count { it.contains('"HEAD /v2/team/app/manifests/') } == 4

        cleanup:
        target?.stop()
    }

    static Set<String> tags(RegistryRig registry, String repository) {
        def json = new JsonSlurper().parseText(Tools.skopeo('list-tags', '--tls-verify=false', registry.ref(repository)))
        json.Tags as Set
    }

    static String digest(RegistryRig registry, String image) {
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', registry.ref(image)).trim()
    }
}
