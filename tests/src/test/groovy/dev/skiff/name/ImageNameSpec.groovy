package dev.skiff.name

import spock.lang.Specification

class ImageNameSpec extends Specification {
    static final String D = 'sha256:' + 'b' * 64

    def "'#text' normalises to #registry / #repository : #tag @ #digest"() {
        when:
        def name = ImageName.parse(text)

        then:
        name.registry() == registry
        name.repository() == repository
        name.tag() == tag
        name.digest()?.toString() == digest
        ImageName.parse(name.toString()) == name

        where:
        text                                   | registry          | repository            | tag      | digest
        'nginx'                                | 'docker.io'       | 'library/nginx'       | 'latest' | null
        'nginx:alpine'                         | 'docker.io'       | 'library/nginx'       | 'alpine' | null
        'library/nginx:1.25'                   | 'docker.io'       | 'library/nginx'       | '1.25'   | null
        'docker.io/nginx'                      | 'docker.io'       | 'library/nginx'       | 'latest' | null
        'index.docker.io/library/nginx'        | 'docker.io'       | 'library/nginx'       | 'latest' | null
        'team/app'                             | 'docker.io'       | 'team/app'            | 'latest' | null
        'localhost/app'                        | 'localhost'       | 'app'                 | 'latest' | null
        'localhost:5000/a/b:t'                 | 'localhost:5000'  | 'a/b'                 | 't'      | null
        '127.0.0.1:5000/team/app:v1'           | '127.0.0.1:5000'  | 'team/app'            | 'v1'     | null
        'quay.io/org/sub/img:1.0-rc_1'         | 'quay.io'         | 'org/sub/img'         | '1.0-rc_1' | null
        "repo@${D}"                            | 'docker.io'       | 'library/repo'        | null     | D
        "repo:tag@${D}"                        | 'docker.io'       | 'library/repo'        | 'tag'    | D
        "127.0.0.1:5000/a@${D}"                | '127.0.0.1:5000'  | 'a'                   | null     | D
        'my-registry.local:443/x__y/a.b-c'     | 'my-registry.local:443' | 'x__y/a.b-c'    | 'latest' | null
        '[::1]:5000/app:v2'                    | '[::1]:5000'      | 'app'                 | 'v2'     | null
    }

    def "'#text' is rejected: #why"() {
        when:
        ImageName.parse(text)

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains(text)
        e.message.contains(why)

        where:
        text                         | why
        ''                           | 'expected [registry/]repository'
        'Nginx'                      | 'lowercase'
        'team/App:v1'                | 'lowercase'
        'nginx:'                     | 'up to 128 letters'
        'nginx:-bad'                 | 'up to 128 letters'
        "nginx:${'a' * 129}"         | 'up to 128 letters'
        'nginx@sha256:abc'           | 'needs exactly 64'
        'nginx@sha256:../../x'       | 'needs exactly 64'
        'a//b'                       | 'repository'
        'a/-b'                       | 'repository'
        'host:5000/'                 | 'repository'
        'bad_host!:5000/app'         | 'registry'
    }

    def "the registry API reference is the digest when there is one, else the tag"() {
        expect:
        ImageName.parse('a:v1').reference() == 'v1'
        ImageName.parse("a:v1@${D}").reference() == D
    }
}
