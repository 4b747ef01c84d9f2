package dev.skiff.cli

import dev.skiff.name.ImageName
import dev.skiff.name.InvalidReferenceException
import dev.skiff.name.UserInfo
import dev.skiff.rig.Cli
import spock.lang.Specification

/**
 * A password typed into a reference ({@code docker://alice:PW@host/repo}, as in a URL) is never
 * printed back, whatever the command and however the reference is malformed.
 */
class CredentialsInReferenceSpec extends Specification {
    static final String SECRET = 'S3cr3t-pw'

    def "#args.first() with a password in the reference fails without printing the password"() {
        when:
        def run = Cli.run(*args)

        then:
        run.exitCode != 0
        run.err.startsWith('Error: ')
        !(run.out + run.err).contains(SECRET)
        (run.out + run.err).contains('***@')

        where:
        args << [
                ['inspect', "docker://alice:${SECRET}@127.0.0.1:5999/team/app:v1"],
                ['copy', "docker://alice:${SECRET}@127.0.0.1:5999/team/app:v1", 'oci:./never:v1'],
                ['copy', 'oci:./never:v1', "docker://alice:${SECRET}@registry.example.com/team/app"],
                ['list-tags', "docker://alice:${SECRET}@registry.example.com:5000/team/app"],
                ['inspect', "https://alice:${SECRET}@registry.example.com/team/app:v1"],
                ['delete', "docker://alice:${SECRET}@host/p/w@x/team/app:v1"],
        ].collect { it*.toString() }
    }

    def "an image name with user-info is refused with the user-info redacted"() {
        when:
        ImageName.parse("alice:${SECRET}@127.0.0.1:5000/team/app:v1")

        then:
        def e = thrown(InvalidReferenceException)
        !e.message.contains(SECRET)
        e.message.startsWith('invalid image name "***@127.0.0.1:5000/team/app:v1"')
    }

    def "redaction: #text"() {
        expect:
        UserInfo.redact(text) == redacted

        where:
        text                                                  || redacted
        'invalid image name "alice:pw@host:5000/repo": x'     || 'invalid image name "***@host:5000/repo": x'
        'unknown transport "https" in "https://a:pw@h/r:v1"'  || 'unknown transport "https" in "https://***@h/r:v1"'
        'a:p@ss@host/repo'                                    || '***@host/repo'
        'docker://alice@host/repo'                            || 'docker://***@host/repo'
        'nginx:1.25@sha256:0123abcd'                          || 'nginx:1.25@sha256:0123abcd'
        'host/team/app@sha256:0123abcd'                       || 'host/team/app@sha256:0123abcd'
        'no at sign here'                                     || 'no at sign here'
        'has no image @2: it holds 2 images (@0 to @1)'       || 'has no image @2: it holds 2 images (@0 to @1)'
        'docker-archive:both.tar:@1'                          || 'docker-archive:both.tar:@1'
        'docker://alice:pw@10.0.0.1:5000/repo'                || 'docker://***@10.0.0.1:5000/repo'
    }
}
