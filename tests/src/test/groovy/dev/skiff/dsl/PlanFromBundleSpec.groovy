package dev.skiff.dsl

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The site import in docs/mirror-plans.md from a bundle, run as written there: the block between its
 * {@code plan-from-bundle} markers goes to bash in a copy of the clone's layout (its
 * {@code examples/quickstart-images}), with {@code ./jbang} running the real commands in this
 * build's JVM and the registry at 127.0.0.1:5000 replaced by a real one.
 */
class PlanFromBundleSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path work

    static String block() {
        Docs.block('docs/mirror-plans.md', 'plan-from-bundle')
    }

    def "the mirror-plans page's plan picks two images out of the sample bundle into a registry, renamed, and skopeo reads them"() {
        given: 'the clone layout the lines expect, and ./jbang as this build'
        def bundle = ROOT.resolve('examples/quickstart-images')
        Files.createDirectories(work.resolve('examples'))
        Tools.run(['cp', '-r', bundle.toString(), work.resolve('examples').toString()])
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def launcher = work.resolve('jbang')
        Files.writeString(launcher, """\
            #!/bin/sh
            command=\$1; shift
            if [ "\$command" = mirror ]; then main=dev.skiff.dsl.MirrorCommand; else main=dev.skiff.cli.SkiffCli; set -- "\$command" "\$@"; fi
            exec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' "\$main" "\$@"
        """.stripIndent())
        launcher.toFile().setExecutable(true)
        def lines = block()

        expect: 'the lines are the ones docs/mirror-plans.md shows'
        lines.contains("from oci('examples/quickstart-images')")
        lines.contains('./jbang mirror site-import.groovy')

        when:
        def script = lines.replace('127.0.0.1:5000', registry.host)
        def p = new ProcessBuilder('bash', '-e', '-c', script).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.getText('UTF-8')
        def exit = p.waitFor()

        then:
        exit == 0
        out.contains("Plan 1 of 1: oci:examples/quickstart-images (team/app:v1), oci:examples/quickstart-images (tools/cli, semver >=1 <2) -> docker://${registry.host}")
        out.contains('Sync done: 2 copied')
        out.contains('"Digest": "' + digest("oci:${bundle}:team/app:v1") + '"')
        digest('--tls-verify=false', registry.ref('site/tools/cli:1.0')) == digest("oci:${bundle}:tools/cli:1.0")
        tags('site/team/app') == ['v1']
    }

    private static String digest(String... args) {
        Tools.skopeo(['inspect', '--format', '{{.Digest}}'] + args.toList() as String[]).trim()
    }

    private List<String> tags(String repository) {
        new groovy.json.JsonSlurper().parseText(Tools.skopeo('list-tags', '--tls-verify=false', registry.ref(repository))).Tags
    }
}
