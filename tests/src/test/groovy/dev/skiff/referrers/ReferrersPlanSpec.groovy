package dev.skiff.referrers

import dev.skiff.copy.ReferrerOptions
import dev.skiff.dsl.Mirror
import dev.skiff.dsl.PlanException
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** A mirror plan's {@code referrers true} and {@code referrersTypes '…'}: the DSL words for {@code sync --referrers}. */
class ReferrersPlanSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @TempDir
    Path dir

    def "referrers true and referrersTypes become the plan's referrer options"() {
        expect:
        Mirror.plan(text)[0].referrers() == expected

        where:
        text                                                                                              || expected
        "mirror { from 'h:5000'; images 'a:1'; to oci('./o') }"                                          || ReferrerOptions.NONE
        "mirror { from 'h:5000'; images 'a:1'; to oci('./o'); referrers true }"                          || new ReferrerOptions(true, [])
        "mirror { from 'h:5000'; images 'a:1'; to oci('./o'); referrers true; referrersTypes 'x/y', 'z' }" || new ReferrerOptions(true, ['x/y', 'z'])
    }

    def "referrersTypes without a type is a plan mistake at its line"() {
        when:
        Mirror.plan("mirror { from 'h:5000'; images 'a:1'; to oci('./o')\nreferrersTypes() }")

        then:
        def e = thrown(PlanException)
        e.message.contains('referrersTypes')
    }

    def "the mirror command carries an image's SBOM and signatures into a bundle and counts them"() {
        given:
        def image = Images.single("docker://${source.host}/team/dsl:v1")
        def artifacts = new Artifacts(source.host, 'team/dsl')
        def sbom = artifacts.attachSbom(Artifacts.descriptor(image))
        artifacts.sign(image.digest().toString())
        artifacts.close()
        def plan = dir.resolve('plan.groovy')
        Files.writeString(plan, """
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/dsl'
                to oci('${dir.resolve('bundle')}')
                referrers true
            }
        """)

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], plan.toString())
        def index = new JsonSlurper().parse(dir.resolve('bundle/index.json').toFile())

        then: 'the image, not its referrer tags as images of their own; the referrers beside it'
        run.exitCode == 0
        run.out.contains('Sync done: 1 copied')
        run.out.contains('Referrers: 2 copied')
        index.manifests.find { it.digest == sbom.digest }.artifactType == Artifacts.SBOM_TYPE
        index.manifests.collect { it.annotations?.'org.opencontainers.image.ref.name' }.findAll().sort() ==
                ['team/dsl:v1', 'team/dsl:' + image.digest().toString().replace(':', '-') + '.sig'].sort()
    }
}
