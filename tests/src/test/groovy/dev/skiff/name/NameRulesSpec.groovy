package dev.skiff.name

import java.util.regex.Pattern
import spock.lang.Specification

/** The hand-written name checks accept exactly what the distribution spec's regular expressions accept. */
class NameRulesSpec extends Specification {
    static final Pattern REPOSITORY = ~/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*/
    static final Pattern TAG = ~/[\w][\w.-]{0,127}/
    static final Pattern HOST = ~/(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/

    def "repository #name: #expected, as the spec's expression says"() {
        expect:
        NameRules.isRepository(name) == expected
        REPOSITORY.matcher(name).matches() == expected

        where:
        name                  | expected
        'app'                 | true
        'team/app'            | true
        'a/b/c/d'             | true
        'my_app'              | true
        'my__app'             | true
        'my___app'            | false
        'my-app'              | true
        'my---app'            | true
        'my.app'              | true
        'my..app'             | false
        'my._app'             | false
        '_app'                | false
        'app_'                | false
        'app-'                | false
        '.app'                | false
        'App'                 | false
        'team//app'           | false
        'team/'               | false
        '/app'                | false
        ''                    | false
        'a/-b'                | false
        'v1.2/x'              | true
        'app:tag'             | false
        'sha256:abc'          | false
        '../x'                | false
    }

    def "tag #tag: #expected, as the spec's expression says"() {
        expect:
        NameRules.isTag(tag) == expected
        TAG.matcher(tag).matches() == expected

        where:
        tag                   | expected
        'v1'                  | true
        'latest'              | true
        '1.2.3-rc.1'          | true
        '_under'              | true
        'UPPER_case'          | true
        '.hidden'             | false
        '-dash'               | false
        ''                    | false
        'a' * 128             | true
        'a' * 129             | false
        'a/b'                 | false
        'a:b'                 | false
        'a b'                 | false
        'é'                   | false
    }

    def "host #host: #expected, as docker's reference grammar says"() {
        expect:
        NameRules.isHost(host) == expected
        HOST.matcher(host).matches() == expected

        where:
        host                  | expected
        'docker.io'           | true
        'localhost'           | true
        'localhost:5000'      | true
        '127.0.0.1:5000'      | true
        'my-registry.example' | true
        'Registry.Example'    | true
        '[::1]'               | true
        '[::1]:5000'          | true
        '[fe80::1:AB]'        | true
        '[]'                  | false
        '[::1'                | false
        '[::g]'               | false
        '[::1]x'              | false
        '[::1]:'              | false
        'a..b'                | false
        '.a'                  | false
        'a.'                  | false
        '-a'                  | false
        'a-'                  | false
        'a.-b'                | false
        'a:'                  | false
        'a:5000:1'            | false
        'a:50x'               | false
        'a_b'                 | false
        ''                    | false
        'a/b'                 | false
    }

    def "random strings are judged the same way by the loops and the expressions"() {
        given:
        def random = new Random(42)
        def alphabet = 'ab09._-/_:A@[]'.toCharArray()
        def samples = (1..20_000).collect { (1..(1 + random.nextInt(12))).collect { alphabet[random.nextInt(alphabet.length)] }.join('') }

        expect:
        samples.findAll { NameRules.isRepository(it) != REPOSITORY.matcher(it).matches() }.isEmpty()
        samples.findAll { NameRules.isTag(it) != TAG.matcher(it).matches() }.isEmpty()
        samples.findAll { NameRules.isHost(it) != HOST.matcher(it).matches() }.isEmpty()
    }

    def "null is neither a host, a repository nor a tag"() {
        expect:
        !NameRules.isRepository(null)
        !NameRules.isTag(null)
        !NameRules.isHost(null)
    }
}
