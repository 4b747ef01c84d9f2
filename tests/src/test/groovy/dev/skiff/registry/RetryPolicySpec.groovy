package dev.skiff.registry

import dev.skiff.transport.RetryPolicy
import java.time.Duration
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import spock.lang.Specification

/** How long Skiff waits before trying again, and how it reads skopeo's durations. */
class RetryPolicySpec extends Specification {
    static boolean between(Duration d, long lowMillis, long highMillis) {
        d.toMillis() >= lowMillis && d.toMillis() <= highMillis
    }

    def "skopeo's duration #text is #millis ms"() {
        expect:
        RetryPolicy.parseDuration(text).toMillis() == millis

        where:
        text     || millis
        '1s'     || 1000
        '500ms'  || 500
        '1m30s'  || 90_000
        '1.5s'   || 1500
        '0'      || 0
    }

    def "#text is not a duration"() {
        when:
        RetryPolicy.parseDuration(text)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('e.g. 1s, 500ms')

        where:
        text << ['', 'soon', '10', '1s x', '-1s']
    }

    def "Retry-After in seconds or as an HTTP date wins over the backoff, capped at a minute"() {
        given:
        def policy = RetryPolicy.DEFAULT
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5))
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(5))

        expect:
        policy.waitBefore(0, '2') == Duration.ofSeconds(2)
        between(policy.waitBefore(0, inFiveSeconds), 3_000, 5_000)
        policy.waitBefore(0, past) == Duration.ZERO
        policy.waitBefore(0, '86400') == RetryPolicy.MAX_WAIT
        between(policy.waitBefore(0, 'whenever'), 500, 1000)
    }

    def "without Retry-After the waits double with jitter in the upper half; a fixed delay stays fixed"() {
        expect:
        (0..4).every { attempt ->
            long step = 1000L << attempt
            between(RetryPolicy.DEFAULT.waitBefore(attempt, null), step.intdiv(2), step)
        }
        RetryPolicy.DEFAULT.waitBefore(10, null) == RetryPolicy.MAX_WAIT
        RetryPolicy.of(3, Duration.ofMillis(250)).waitBefore(5, null) == Duration.ofMillis(250)
    }
}
