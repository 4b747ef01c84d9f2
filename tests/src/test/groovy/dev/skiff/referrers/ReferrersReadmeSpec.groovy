package dev.skiff.referrers

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The referrers recipe in docs/referrers.md, as written there, in bash -e: {@code ./jbang} is the real command
 * line (this JVM's class path), the registry a real docker-registry 2.8 (no referrers API).
 */
class ReferrersReadmeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path work

    static String recipe() {
        Docs.block('docs/referrers.md', 'referrers-recipe')
    }

    def "the referrers recipe carries an SBOM out into a bundle and into the site's repository"() {
        given: './jbang runs the command line of this build'
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        Files.writeString(work.resolve('jbang'),
                "#!/bin/bash\nexec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' dev.skiff.cli.SkiffCli \"\$@\"\n")
        work.resolve('jbang').toFile().setExecutable(true)
        def script = recipe().replace('127.0.0.1:5000', registry.host)

        when:
        def p = new ProcessBuilder('bash', '-e', '-c', script).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.text
        def exit = p.waitFor()

        then:
        [exit, out] == [0, out]
        out.count('1 referrers copied') == 2
        out.readLines().last().contains('"artifactType":"application/spdx+json"')

        and: 'the bundle lists the SBOM in index.json, and umoci reads the image'
        def index = new JsonSlurper().parse(work.resolve('bundle/index.json').toFile())
        index.manifests*.artifactType.contains('application/spdx+json')
        Tools.umoci('stat', '--image', "${work}/bundle:v1").contains('LAYER')
    }
}
