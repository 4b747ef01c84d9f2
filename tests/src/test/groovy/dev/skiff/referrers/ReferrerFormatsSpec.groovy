package dev.skiff.referrers

import dev.skiff.model.Descriptor
import dev.skiff.model.ManifestDocument
import dev.skiff.model.Referrers
import dev.skiff.name.Digest
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import spock.lang.Specification

/** The formats of referrers, without I/O: tag names, artifact types, the fallback tag index and its merge. */
class ReferrerFormatsSpec extends Specification {
    static final String HEX = 'a' * 64
    static final Digest DIGEST = Digest.parse("sha256:${HEX}")

    def "the fallback tag is <alg>-<hex>, cosign's tags add .sig, .att and .sbom"() {
        expect:
        Referrers.fallbackTag(DIGEST) == "sha256-${HEX}"
        Referrers.cosignTags(DIGEST) == [".sig", ".att", ".sbom"].collect { "sha256-${HEX}${it}".toString() }
    }

    def "#reference names referrers: #expected"() {
        expect:
        Referrers.namesReferrerTag(reference) == expected

        where:
        reference                                           || expected
        "sha256-${HEX}"                                     || true
        "sha256-${HEX}.sig"                                 || true
        "docker://h:5000/team/app:sha256-${HEX}.att"        || true
        "oci:/b:team/app:sha256-${HEX}.sbom"                || true
        "docker://h:5000/team/app@sha256:${HEX}"            || false
        "docker://h:5000/team/app:v1"                       || false
        "docker://h:5000/team/app:sha256-${HEX}.sig.bak"    || false
        "docker://h:5000/team/app:sha256-abc"               || false
    }

    def "an artifact's type is its artifactType, else its config's media type; the filter type of a cosign tag is its first layer's"() {
        given:
        def config = [mediaType: 'application/vnd.oci.image.config.v1+json', digest: "sha256:${'b' * 64}".toString(), size: 2]
        def layer = [mediaType: Artifacts.COSIGN_SIG, digest: "sha256:${'c' * 64}".toString(), size: 3]
        def sig = ManifestDocument.parse(JsonOutput.toJson([schemaVersion: 2, mediaType: Artifacts.OCI_MANIFEST, config: config, layers: [layer]]).bytes, null)
        def sbom = ManifestDocument.parse(JsonOutput.toJson([schemaVersion: 2, mediaType: Artifacts.OCI_MANIFEST, artifactType: Artifacts.SBOM_TYPE,
                                                             config: config, layers: [layer], subject: [mediaType: Artifacts.OCI_MANIFEST, digest: DIGEST.toString(), size: 7],
                                                             annotations: [a: 'b']]).bytes, null)

        expect:
        Referrers.artifactType(sig) == 'application/vnd.oci.image.config.v1+json'
        Referrers.filterType(sig) == Artifacts.COSIGN_SIG
        Referrers.artifactType(sbom) == Artifacts.SBOM_TYPE
        Referrers.filterType(sbom) == Artifacts.SBOM_TYPE
        Referrers.subject(sbom) == DIGEST
        Referrers.subject(sig) == null
        Referrers.descriptor(sbom).artifactType() == Artifacts.SBOM_TYPE
        Referrers.descriptor(sbom).annotations() == [a: 'b']
    }

    def "merging into a fallback index keeps its entries, adds new ones once, and says when nothing is new"() {
        given:
        def one = Descriptor.of(Artifacts.OCI_MANIFEST, Digest.parse("sha256:${'1' * 64}"), 10)
        def two = Descriptor.of(Artifacts.OCI_MANIFEST, Digest.parse("sha256:${'2' * 64}"), 20)

        expect:
        new JsonSlurper().parse(Referrers.merge(null, [one])).manifests*.digest == [one.digest().toString()]
        new JsonSlurper().parse(Referrers.merge([one], [two, one])).manifests*.digest == [one, two]*.digest()*.toString()
        new JsonSlurper().parse(Referrers.merge([one], [two])).mediaType == 'application/vnd.oci.image.index.v1+json'
        Referrers.merge([one, two], [two]) == null
    }
}
