package dev.skiff.registry

import dev.skiff.name.InvalidReferenceException
import dev.skiff.transport.Transports
import dev.skiff.transport.registry.DockerReference
import dev.skiff.transport.registry.DockerTransport
import spock.lang.Specification

class DockerReferenceSpec extends Specification {
    static final String D = 'sha256:' + 'a' * 64

    def "docker:#input parses to #expected and round-trips"() {
        when:
        def ref = Transports.parse("docker:${input}")

        then:
        ref instanceof DockerReference
        ref.toString() == expected
        ref.withinTransport() == expected.substring('docker:'.length())
        ref.transport() == DockerTransport.INSTANCE
        Transports.parse(ref.toString()) == ref
        Transports.parse(ref.toString()).hashCode() == ref.hashCode()

        where:
        input                              || expected
        '//nginx'                          || 'docker://docker.io/library/nginx:latest'
        '//nginx:1.27'                     || 'docker://docker.io/library/nginx:1.27'
        '//docker.io/team/app'             || 'docker://docker.io/team/app:latest'
        '//index.docker.io/library/busybox' || 'docker://docker.io/library/busybox:latest'
        '//127.0.0.1:5000/team/app:v9'     || 'docker://127.0.0.1:5000/team/app:v9'
        '//localhost/app'                  || 'docker://localhost/app:latest'
        "//quay.io/org/app@${D}"           || "docker://quay.io/org/app@${D}"
        "//quay.io/org/app:v1@${D}"        || "docker://quay.io/org/app:v1@${D}"
    }

    def "a docker reference without // is an error naming the input: #input"() {
        when:
        Transports.parse(input)

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains(input)
        e.message.contains('docker: references must start with //, e.g. docker://host/repo:tag')

        where:
        input << ['docker:nginx', 'docker:/team/app:v1', 'docker:']
    }

    def "a bad image name after // is an error: #input"() {
        when:
        Transports.parse(input)

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains(why)

        where:
        input                           || why
        'docker://Team/App'             || 'lowercase'
        'docker://host/app@sha256:../x' || 'sha256'
        'docker://'                     || 'invalid image name'
    }

    def "#registry is served by API host #api"() {
        expect:
        RegistryHosts.apiHost(registry) == api

        where:
        registry          || api
        'docker.io'       || 'registry-1.docker.io'
        'index.docker.io' || 'registry-1.docker.io'
        '127.0.0.1:5000'  || '127.0.0.1:5000'
        'quay.io'         || 'quay.io'
    }

    def "references are equal by value"() {
        expect:
        DockerReference.of('team/app:v1') == DockerReference.of('docker.io/team/app:v1')
        DockerReference.of('team/app:v1') != DockerReference.of('team/app:v2')
    }
}
