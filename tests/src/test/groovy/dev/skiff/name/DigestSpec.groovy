package dev.skiff.name

import spock.lang.Specification

class DigestSpec extends Specification {
    static final String HEX64 = 'a' * 64
    static final String HEX128 = '0123456789abcdef' * 8

    def "a valid digest '#text' parses and prints back unchanged"() {
        expect:
        Digest.parse(text).toString() == text
        Digest.parse(text).algorithm() == algorithm

        where:
        text                  | algorithm
        "sha256:${HEX64}"     | 'sha256'
        "sha512:${HEX128}"    | 'sha512'
    }

    def "'#text' is rejected before it can become a path or URL: #why"() {
        when:
        Digest.parse(text)

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains(why)

        where:
        text                            | why
        ''                              | 'expected algorithm:hex'
        'sha256'                        | 'expected algorithm:hex'
        'sha256:../../etc/passwd'       | 'needs exactly 64 lowercase hex digits'
        "sha256:${'A' * 64}"            | 'lowercase hex'
        "sha256:${'a' * 63}"            | 'needs exactly 64'
        "sha256:${'a' * 65}"            | 'needs exactly 64'
        "sha256:${'a' * 63}/"           | 'needs exactly 64'
        "sha512:${'a' * 64}"            | 'needs exactly 128'
        "md5:${'a' * 32}"               | 'unsupported algorithm "md5"'
        ":${'a' * 64}"                  | 'unsupported algorithm'
    }

    def "sha256 of content matches what sha256sum prints"() {
        expect:
        Digest.sha256('hello\n'.bytes).toString() == 'sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03'
    }
}
