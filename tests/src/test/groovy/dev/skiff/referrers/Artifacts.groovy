package dev.skiff.referrers

import dev.skiff.model.Descriptor
import dev.skiff.model.ManifestDocument
import dev.skiff.name.Digest
import dev.skiff.registry.RegistryClient
import dev.skiff.rig.Images
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

/**
 * Pushes what SBOM and signing tools push, built at test time and written by hand (not by the code
 * under test): an OCI 1.1 artifact manifest with a {@code subject} (as {@code oras attach} does),
 * listed under the fallback tag {@code sha256-HEX} as a pusher must where the registry has no
 * referrers API, and cosign-style signature manifests under {@code sha256-HEX.sig}.
 */
class Artifacts implements AutoCloseable {
    static final String SBOM_TYPE = 'application/spdx+json'
    static final String EMPTY = 'application/vnd.oci.empty.v1+json'
    static final String COSIGN_SIG = 'application/vnd.dev.cosign.simplesigning.v1+json'
    static final String OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
    static final String OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

    final RegistryClient client
    final String repository

    Artifacts(String host, String repository) {
        this.client = RegistryClient.forRegistry(host, Images.PLAIN_HTTP)
        this.repository = repository
    }

    Map blob(byte[] bytes, String mediaType) {
        def digest = Digest.sha256(bytes)
        if (!client.blobExists(repository, digest)) {
            client.uploadBlob(repository, digest, bytes.length, new ByteArrayInputStream(bytes))
        }
        [mediaType: mediaType, digest: digest.toString(), size: bytes.length]
    }

    /** An SBOM attached to {@code subject} (an OCI artifact manifest), pushed by digest and listed in the fallback tag. */
    Map attachSbom(Map subject, String text = "SPDXVersion: SPDX-2.3\nDocumentName: ${UUID.randomUUID()}\n") {
        def config = blob('{}'.bytes, EMPTY)
        def layer = blob(text.getBytes('UTF-8'), SBOM_TYPE)
        def manifest = [schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: SBOM_TYPE, config: config,
                        layers: [layer], subject: subject, annotations: ['org.opencontainers.image.created': '2026-12-05T08:00:00Z']]
        def raw = JsonOutput.toJson(manifest).getBytes('UTF-8')
        def d = Digest.sha256(raw)
        client.putManifest(repository, d.toString(), raw, OCI_MANIFEST)
        def descriptor = [mediaType: OCI_MANIFEST, digest: d.toString(), size: raw.length, artifactType: SBOM_TYPE,
                          annotations: manifest.annotations]
        addToFallback(subject.digest as String, descriptor)
        descriptor
    }

    /** Adds {@code descriptor} to the fallback tag index of {@code subjectDigest}, as an OCI 1.1 pusher does without the API. */
    void addToFallback(String subjectDigest, Map descriptor) {
        def tag = subjectDigest.replace(':', '-')
        def existing = fallback(subjectDigest)
        def manifests = (existing?.manifests ?: []) + [descriptor]
        def raw = JsonOutput.toJson([schemaVersion: 2, mediaType: OCI_INDEX, manifests: manifests]).getBytes('UTF-8')
        client.putManifest(repository, tag, raw, OCI_INDEX)
    }

    /** The fallback tag index of {@code subjectDigest} as parsed JSON, or null when there is none. */
    Map fallback(String subjectDigest) {
        def tag = subjectDigest.replace(':', '-')
        client.headManifest(repository, tag).isPresent() ? new JsonSlurper().parse(client.getManifest(repository, tag).raw()) as Map : null
    }

    /** A cosign-style signature of {@code subjectDigest}, under the tag {@code sha256-HEX.sig}. */
    Map sign(String subjectDigest) {
        def payload = JsonOutput.toJson([critical: [identity: ['docker-reference': "example.com/${repository}".toString()],
                                                    image: ['docker-manifest-digest': subjectDigest],
                                                    type: 'cosign container image signature'],
                                         optional: null]).getBytes('UTF-8')
        def layer = blob(payload, COSIGN_SIG) + [annotations: ['dev.cosignproject.cosign/signature': Base64.encoder.encodeToString(UUID.randomUUID().toString().bytes)]]
        def config = blob(JsonOutput.toJson([architecture: '', os: '', config: [:], rootfs: [type: 'layers', diff_ids: [layer.digest]]]).bytes,
                'application/vnd.oci.image.config.v1+json')
        def raw = JsonOutput.toJson([schemaVersion: 2, mediaType: OCI_MANIFEST, config: config, layers: [layer]]).getBytes('UTF-8')
        client.putManifest(repository, subjectDigest.replace(':', '-') + '.sig', raw, OCI_MANIFEST)
        [mediaType: OCI_MANIFEST, digest: Digest.sha256(raw).toString(), size: raw.length]
    }

    /** The manifest under {@code reference} as parsed JSON, or null when there is none. */
    Map manifest(String reference) {
        client.headManifest(repository, reference).isPresent() ? new JsonSlurper().parse(client.getManifest(repository, reference).raw()) as Map : null
    }

    List<String> tags() {
        client.listTags(repository).sort()
    }

    static Map descriptor(ManifestDocument m) {
        [mediaType: m.mediaType(), digest: m.digest().toString(), size: m.raw().length]
    }

    @Override
    void close() {
        client.close()
    }
}
