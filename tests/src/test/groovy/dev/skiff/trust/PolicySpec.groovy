package dev.skiff.trust

import dev.skiff.name.ImageName
import dev.skiff.transport.Transports
import dev.skiff.trust.policy.PolicyException
import dev.skiff.trust.policy.PolicyParser
import dev.skiff.trust.policy.PolicyRequirement
import dev.skiff.trust.policy.PolicyScopes
import dev.skiff.trust.policy.SignedIdentity
import java.nio.file.Path
import spock.lang.Specification

/** policy.json as containers-policy.json(5) defines it: what parses, what is refused (line and field named), which scope applies. */
class PolicySpec extends Specification {
    static policy(String text) {
        PolicyParser.parse(text.getBytes('UTF-8'), 'policy.json', Path.of('/etc/containers'))
    }

    def "the seeds' policy parses: default insecureAcceptAnything, a registry signedBy a key path"() {
        when:
        def p = policy('''{
            "default": [{"type": "insecureAcceptAnything"}],
            "transports": {"docker": {"registry.access.redhat.com": [
                {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release"}]}}}''')

        then:
        p.defaults()[0] instanceof PolicyRequirement.InsecureAcceptAnything
        with(p.transports().docker['registry.access.redhat.com'][0] as PolicyRequirement.SignedBy) {
            keyType() == 'GPGKeys'
            keyPaths() == [Path.of('/etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release')]
            signedIdentity() == SignedIdentity.DEFAULT
        }
    }

    def "every signedIdentity form and sigstoreSigned parse"() {
        when:
        def p = policy('''{"default": [{"type": "reject"}], "transports": {"docker": {
            "a.example/x": [{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["k1.gpg", "/k2.gpg"], "signedIdentity": {"type": "matchExact"}}],
            "b.example/x": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "AAAA", "signedIdentity": {"type": "matchRepository"}}],
            "c.example/x": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k", "signedIdentity": {"type": "exactReference", "dockerReference": "d.example/y:v1"}}],
            "d.example/x": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k", "signedIdentity": {"type": "exactRepository", "dockerRepository": "d.example/y"}}],
            "e.example/x": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k", "signedIdentity": {"type": "remapIdentity", "prefix": "e.example", "signedPrefix": "f.example/mirror"}}],
            "f.example/x": [{"type": "sigstoreSigned", "keyPath": "/cosign.pub", "signedIdentity": {"type": "matchRepoDigestOrExact"}}]}}}''')
        def docker = p.transports().docker

        then:
        docker['a.example/x'][0].keyPaths() == [Path.of('/etc/containers/k1.gpg'), Path.of('/k2.gpg')]
        docker['a.example/x'][0].signedIdentity().kind() == SignedIdentity.Kind.MATCH_EXACT
        docker['b.example/x'][0].keyData() == [0, 0, 0] as byte[]
        docker['c.example/x'][0].signedIdentity().dockerReference() == 'd.example/y:v1'
        docker['d.example/x'][0].signedIdentity().dockerRepository() == 'd.example/y'
        docker['e.example/x'][0].signedIdentity().signedPrefix() == 'f.example/mirror'
        docker['f.example/x'][0] instanceof PolicyRequirement.SigstoreSigned
        docker['f.example/x'][0].keyPath() == Path.of('/cosign.pub')
    }

    def "a malformed policy is refused with the line and the field: #what"() {
        when:
        policy(text)

        then:
        def e = thrown(PolicyException)
        e.message.startsWith("policy policy.json line ${line}: ")
        e.message.contains(says)

        where:
        what                      | line | text                                                                         | says
        'not JSON'                | 2    | '{"default": [\n  {"type": }]}'                                              | 'is not valid JSON'
        'no default'              | 1    | '{"transports": {}}'                                                          | 'field "default" is missing'
        'an unknown top field'    | 2    | '{"default": [{"type": "reject"}],\n "defaults": []}'                          | 'unknown field "defaults"'
        'an unknown requirement'  | 3    | '{"default": [\n  {\n   "type": "signedByAnyone"}]}'                        | 'unknown requirement type "signedByAnyone"'
        'an empty list'           | 1    | '{"default": []}'                                                             | 'empty list'
        'two key sources'         | 2    | '{"default": [\n{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "keyData": "AA=="}]}' | 'exactly one of'
        'no keyType'              | 1    | '{"default": [{"type": "signedBy", "keyPath": "/a"}]}'                       | 'lacks field "keyType"'
        'an unknown identity'     | 3    | '{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a",\n "signedIdentity":\n {"type": "matchAnything"}}]}' | 'unknown type "matchAnything"'
        'exactReference, no tag'  | 1    | '{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "signedIdentity": {"type": "exactReference", "dockerReference": "x.example/y"}}]}' | 'needs a tag or a digest'
        'a relative dir: scope'   | 1    | '{"default": [{"type": "reject"}], "transports": {"dir": {"rel/path": [{"type": "reject"}]}}}' | 'must be an absolute path'
        'a duplicate key'         | 1    | '{"default": [{"type": "reject"}], "default": []}'                           | 'duplicate field "default"'
    }

    def "the most specific scope applies: #reference -> #scope"() {
        given:
        def p = policy('''{"default": [{"type": "reject"}], "transports": {
            "docker": {"": [{"type": "reject"}], "reg.example.com": [{"type": "reject"}], "reg.example.com/team": [{"type": "reject"}],
                       "reg.example.com/team/app:v1": [{"type": "reject"}], "*.example.com": [{"type": "reject"}]},
            "dir": {"/srv/images": [{"type": "reject"}]},
            "oci": {"/srv/layouts/a:v1": [{"type": "reject"}], "/srv/layouts": [{"type": "reject"}]}}}''')

        expect:
        PolicyScopes.match(p, Transports.parse(reference)).describe() == scope

        where:
        reference                                   | scope
        'docker://reg.example.com/team/app:v1'      | 'docker "reg.example.com/team/app:v1"'
        'docker://reg.example.com/team/app:v2'      | 'docker "reg.example.com/team"'
        'docker://reg.example.com/other/app:v1'     | 'docker "reg.example.com"'
        'docker://mirror.example.com/x:v1'          | 'docker "*.example.com"'
        'docker://quay.io/x:v1'                     | 'docker ""'
        'dir:/srv/images/app'                       | 'dir "/srv/images"'
        'dir:/elsewhere/app'                        | 'default'
        'oci:/srv/layouts/a:v1'                     | 'oci "/srv/layouts/a:v1"'
        'oci:/srv/layouts/a:v2'                     | 'oci "/srv/layouts"'
    }

    def "signedIdentity #kind: image #image, signature #signed -> #accepted"() {
        given:
        def identity = new SignedIdentity(SignedIdentity.Kind.of(kind), ref, repo, prefix, signedPrefix)

        expect:
        identity.matches(image ? ImageName.parseAllowingNoTag(image) : null, signed) == accepted

        where:
        kind                     | ref        | repo     | prefix      | signedPrefix       | image                        | signed                         | accepted
        'matchExact'             | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/a:v1'               | true
        'matchExact'             | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/a:v2'               | false
        'matchExact'             | null       | null     | null        | null               | null                         | 'r.example/a:v1'               | false
        'matchRepoDigestOrExact' | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/a:v1'               | true
        'matchRepoDigestOrExact' | null       | null     | null        | null               | "r.example/a@sha256:${'0' * 64}" | 'r.example/a:v9'           | true
        'matchRepoDigestOrExact' | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/a:v2'               | false
        'matchRepository'        | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/a:v2'               | true
        'matchRepository'        | null       | null     | null        | null               | 'r.example/a:v1'             | 'r.example/b:v1'               | false
        'exactReference'         | 'x.example/y:v1' | null | null      | null               | null                         | 'x.example/y:v1'               | true
        'exactReference'         | 'x.example/y:v1' | null | null      | null               | 'r.example/a:v1'             | 'r.example/a:v1'               | false
        'exactRepository'        | null       | 'x.example/y' | null   | null               | null                         | 'x.example/y:v7'               | true
        'remapIdentity'          | null       | null     | 'mirror.local' | 'r.example'     | 'mirror.local/a:v1'          | 'r.example/a:v1'               | true
        'remapIdentity'          | null       | null     | 'mirror.local' | 'r.example'     | 'mirror.local/a:v1'          | 'mirror.local/a:v1'            | false
        'matchRepoDigestOrExact' | null       | null     | null        | null               | 'docker.io/library/busybox:latest' | 'busybox:latest'         | true
    }
}
