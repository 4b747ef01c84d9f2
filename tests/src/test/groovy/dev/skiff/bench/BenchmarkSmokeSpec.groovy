package dev.skiff.bench

import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit
import spock.lang.Isolated
import spock.lang.Shared
import spock.lang.Specification

/**
 * tests/bench/run in its smoke mode (BENCH_QUICK=1: megabytes instead of the real sizes, one round),
 * against the real skopeo and docker-registry: it keeps the benchmark runnable. Nothing here
 * asserts a time or a ratio; those are the benchmark's own output, not a test's verdict.
 */
@Isolated("a benchmark: its runs are timed, and its 5-minute bound assumes the machine to itself")
class BenchmarkSmokeSpec extends Specification {
    @Shared Path root = Paths.get(System.getProperty('skiff.root', '.')).toAbsolutePath().normalize()

    def "the smoke mode runs every data case with both tools and prints each ratio next to its target"() {
        when:
        def run = bench(BENCH_CASES: 'pull push reg2reg syncs memory bigpull scale export', SKIFF_FAST_LAUNCHER: javaLauncher())

        then:
        run.exit == 0
        ['pull, 8 MiB / 8 layers', 'push, 8 MiB / 8 layers', 'registry → registry', 'first sync, 10 tags',
         'no-op sync, 10 tags', 'copy one 16 MiB layer', 'peak RSS, one 16 MiB layer',
         'manifest GETs on the source, no-op sync', 'export of 5 tags, bytes on disk'].every { run.out.contains(it) }
        !run.out.contains('failed')
        run.out =~ /(?m)^machine: \d+ cores, .* RAM, /
        run.out =~ /(?m)^versions: .*skopeo version .*docker-registry .*skiff /
        run.out.contains('≤0.6')
        run.out =~ /no larger \(met\)/

        and: 'the scale rows: a pull of one big layer with both peak RSS, no-op syncs of two tag counts with ms per tag'
        run.out =~ /(?m)^pull, one 16 MiB layer +${SECONDS} +${SECONDS} +${NUMBER} /
        run.out =~ /(?m)^peak RSS, pull of one 16 MiB layer +${NUMBER} MiB +${NUMBER} MiB +≤160 /
        ['4', '12'].every { n ->
            (run.out =~ /(?m)^no-op sync at scale, $n tags +${SECONDS} +${SECONDS} +${NUMBER} +≤0.35 /) &&
                    (run.out =~ /(?m)^  ms per tag, $n tags +${NUMBER} ms +${NUMBER} ms$/) &&
                    (run.out =~ /(?m)^  destination requests \(PUTs\), $n tags +\d+ \(\d+\) +\d+ \(\d+\)$/)
        }
        run.out =~ /(?m)^  ms per tag, 12 vs 4 tags \(1 = linear\) +${NUMBER} +${NUMBER}$/

        and: 'each case\'s CPU, the tool\'s and the registries\' meanwhile, and each target against its floor'
        run.out =~ /(?m)^limits: .*; a JVM that prints hello ${SECONDS}, picocli's smallest command ${SECONDS} /
        run.out =~ /(?m)^registry → registry +${NUMBER} +${NUMBER} +${NUMBER} \/ ${NUMBER}$/
        run.out =~ /(?m)^floors: a JVM command line starts in ${SECONDS} here/
        run.out =~ /(?m)^  pull, 8 MiB \/ 8 layers +target ${SECONDS}, floor ${SECONDS} \(start \+ writing the layers ${SECONDS}\): /
        run.out =~ /(?m)^  no-op sync, 10 tags +target ${SECONDS}, floor ${SECONDS} \(start \+ the registries' CPU \/ cores ${SECONDS}\): /
    }

    static final String NUMBER = /\d+\.\d+/
    static final String SECONDS = /\d+\.\d+s/

    def "a Skiff run that fails is reported, left out of the times, and makes the benchmark exit 1"() {
        when:
        def run = bench(BENCH_CASES: 'pull', SKIFF_FAST_LAUNCHER: 'false')

        then:
        run.exit == 1
        run.err.contains('FAILED: pull with skiff')
        run.err.contains('1 run(s) failed')
        run.out =~ /(?m)^pull, 8 MiB \/ 8 layers +\S+s +failed /
    }

    /** This JVM's classpath, so the smoke run does not build the library through ./jbang (JbangLauncherSpec does). */
    static String javaLauncher() {
        "${Paths.get(System.getProperty('java.home'), 'bin', 'java')} -cp ${System.getProperty('java.class.path')} dev.skiff.cli.SkiffCli"
    }

    Map bench(Map<String, String> env) {
        def pb = new ProcessBuilder(root.resolve('tests/bench/run').toString()).directory(root.toFile())
        pb.environment().putAll([BENCH_QUICK: '1'] + env)
        def process = pb.start()
        def out = new StringBuilder(), err = new StringBuilder()
        process.consumeProcessOutput(out, err)
        assert process.waitFor(5, TimeUnit.MINUTES): 'the benchmark did not end in 5 minutes'
        process.waitForProcessOutput()
        [exit: process.exitValue(), out: out.toString(), err: err.toString()]
    }
}
