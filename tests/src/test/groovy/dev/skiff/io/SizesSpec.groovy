package dev.skiff.io

import java.time.Duration
import spock.lang.Specification

/** Sizes and durations for people, without String.format, read the same as String.format's. */
class SizesSpec extends Specification {
    def "#bytes bytes read as #shown"() {
        expect:
        Sizes.human(bytes) == shown

        where:
        bytes               | shown
        0                   | '0 B'
        1023                | '1023 B'
        1024                | '1.0 KiB'
        1536                | '1.5 KiB'
        117_760             | '115.0 KiB'
        268_435_456         | '256.0 MiB'
        1_073_741_823       | '1024.0 MiB'
        5L << 40            | '5.0 TiB'
    }

    def "one decimal as String.format rounds it, for any value"() {
        given:
        def random = new Random(7)
        def values = (1..5000).collect { random.nextInt(10_000_000) / 1000.0d } + [0.05d, 0.15d, 0.25d, 1.25d, 9.95d, 99.95d]

        expect:
        values.findAll { Sizes.tenths(it) != String.format(Locale.ROOT, '%.1f', it) }.isEmpty()
    }

    def "durations in seconds with one decimal"() {
        expect:
        Sizes.seconds(Duration.ofMillis(700)) == '0.7 s'
        Sizes.seconds(Duration.ofMillis(1250)) == '1.3 s'
        Sizes.seconds(Duration.ofSeconds(75)) == '75.0 s'
    }
}
