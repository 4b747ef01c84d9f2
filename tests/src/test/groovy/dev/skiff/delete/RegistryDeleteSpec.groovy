package dev.skiff.delete

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** delete docker://… and catalog against real registries, with deletion on and off. */
class RegistryDeleteSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    @Shared @AutoCleanup RegistryRig noDelete = RegistryRig.start(delete: false)

    static int status(String url, String method = 'GET') {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection()
        c.requestMethod = method
        c.setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
        int code = c.responseCode
        c.disconnect()
        code
    }

    def "delete resolves a tag to its digest and deletes that manifest; other images and all blobs stay"() {
        given:
        def v1 = Images.single(registry.ref('team/app:v1'), [layers: 1])
        def v2 = Images.single(registry.ref('team/app:v2'), [layers: 1])
        def v1Layer = v1.layers[0].digest()

        when:
        def r = Cli.run('delete', '--tls-verify=false', registry.ref('team/app:v1'))

        then:
        r.exitCode == 0
        r.out == ''
        status("http://${registry.host}/v2/team/app/manifests/${v1.digest()}", 'HEAD') == 404
        status("http://${registry.host}/v2/team/app/manifests/v2", 'HEAD') == 200
        status("http://${registry.host}/v2/team/app/blobs/${v1Layer}", 'HEAD') == 200
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', registry.ref('team/app:v2')).trim() == v2.digest().toString()
    }

    def "delete by digest, with -v saying what went"() {
        given:
        def image = Images.single(registry.ref('team/bydigest:v1'), [layers: 1])

        when:
        def r = Cli.run('delete', '-v', '--tls-verify=false', registry.ref("team/bydigest@${image.digest()}"))

        then:
        r.exitCode == 0
        r.out == "Deleted ${registry.ref("team/bydigest@${image.digest()}")} (${image.digest()})\n".toString()
        status("http://${registry.host}/v2/team/bydigest/manifests/v1", 'HEAD') == 404
    }

    def "a registry with deletion disabled gets an error that says how to enable it, and keeps the image"() {
        given:
        def image = Images.single(noDelete.ref('team/kept:v1'), [layers: 1])

        when:
        def r = Cli.run('delete', '--tls-verify=false', noDelete.ref('team/kept:v1'))

        then:
        r.exitCode == 1
        r.err == ("Error: registry at ${noDelete.host} refused DELETE of team/kept@${image.digest()} (405 UNSUPPORTED):"
                + " deletion is disabled there; start it with storage.delete.enabled=true (or REGISTRY_STORAGE_DELETE_ENABLED=true)\n").toString()
        status("http://${noDelete.host}/v2/team/kept/manifests/v1", 'HEAD') == 200
    }

    def "deleting a tag that is not there names it"() {
        when:
        def r = Cli.run('delete', '--tls-verify=false', registry.ref('team/app:nope'))

        then:
        r.exitCode == 1
        r.err == "Error: no image team/app:nope in ${registry.host}\n".toString()
    }

    def "catalog follows Link pages to the end, plain and --json, with HOST:PORT or docker://HOST:PORT"() {
        given:
        def names = (1..5).collect { "cat/repo-${it}".toString() }
        names.each { Images.single(registry.ref("${it}:v1"), [layers: 1]) }
        def all = new JsonSlurper().parse(new URL("http://${registry.host}/v2/_catalog?n=1000")).repositories

        when:
        def plain = Cli.run('catalog', '--tls-verify=false', '--page-size', '2', registry.host)
        def json = Cli.run('catalog', '--tls-verify=false', '--page-size', '3', '--json', "docker://${registry.host}".toString())

        then:
        plain.exitCode == 0
        plain.out.readLines() == all
        plain.out.readLines().containsAll(names)
        json.exitCode == 0
        new JsonSlurper().parseText(json.out) == all
        json.out.startsWith('[\n    "')
    }

    def "catalog refuses a repository where a registry is expected"() {
        when:
        def r = Cli.run('catalog', '--tls-verify=false', registry.ref('team/app'))

        then:
        r.exitCode == 1
        r.err.contains('catalog takes a registry, not a repository or image')
    }
}
