package dev.skiff.model

import dev.skiff.name.Digest
import spock.lang.Specification

class ManifestDocumentSpec extends Specification {
    static final String D = 'sha256:' + 'c' * 64

    static String manifestJson(String mediaType = MediaType.OCI_MANIFEST, String configType = MediaType.OCI_CONFIG) {
        """{ "schemaVersion": 2, ${mediaType ? "\"mediaType\": \"${mediaType}\"," : ''}
  "config": {"mediaType": "${configType}", "digest": "${D}", "size": 7},
  "layers": [{"mediaType": "${MediaType.OCI_LAYER_GZIP}", "digest": "${D}", "size": 9,
              "annotations": {"a": "b"}}] }"""
    }

    def "an image manifest keeps its exact bytes, so its digest survives a copy"() {
        given:
        byte[] raw = manifestJson().bytes   // unusual whitespace on purpose

        when:
        def doc = ManifestDocument.parse(raw, null)

        then:
        doc instanceof ImageManifest
        doc.raw() == raw
        doc.digest() == Digest.sha256(raw)
        doc.mediaType() == MediaType.OCI_MANIFEST
        (doc as ImageManifest).layers()[0].annotations() == [a: 'b']
        (doc as ImageManifest).config().size() == 7
    }

    def "a manifest without mediaType takes #expected from #declared and the config type"() {
        expect:
        ManifestDocument.parse(manifestJson(null, configType).bytes, declared).mediaType() == expected

        where:
        declared                                   | configType              | expected
        null                                       | MediaType.OCI_CONFIG    | MediaType.OCI_MANIFEST
        null                                       | MediaType.DOCKER_CONFIG | MediaType.DOCKER_MANIFEST
        MediaType.DOCKER_MANIFEST + '; charset=x'  | MediaType.OCI_CONFIG    | MediaType.DOCKER_MANIFEST
    }

    def "Docker v2s2 manifests and manifest lists parse with their own media types"() {
        given:
        def list = """{"schemaVersion":2,"mediaType":"${MediaType.DOCKER_MANIFEST_LIST}","manifests":[
            {"mediaType":"${MediaType.DOCKER_MANIFEST}","digest":"${D}","size":1,
             "platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}"""

        when:
        def index = ManifestDocument.parse(list.bytes, null) as ImageIndex

        then:
        index.mediaType() == MediaType.DOCKER_MANIFEST_LIST
        index.manifests()[0].platform().toString() == 'linux/arm/v7'
        ManifestDocument.parse(manifestJson(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_CONFIG).bytes, null).mediaType() == MediaType.DOCKER_MANIFEST
    }

    def "a document that is both a manifest and an index is rejected"() {
        given:
        def both = """{"schemaVersion":2,"manifests":[],"config":{"mediaType":"x","digest":"${D}","size":1},"layers":[]}"""

        when:
        ManifestDocument.parse(both.bytes, MediaType.OCI_MANIFEST)

        then:
        def e = thrown(InvalidManifestException)
        e.message.contains('both a manifest and an index')
    }

    def "#what is rejected with a clear message"() {
        when:
        ManifestDocument.parse(json.bytes, null)

        then:
        def e = thrown(InvalidManifestException)
        e.message.contains(message)

        where:
        what                      | json                                                                            | message
        'not JSON'                | 'nope'                                                                          | 'not valid JSON'
        'a JSON array'            | '[]'                                                                            | 'not a JSON object'
        'neither kind'            | '{"schemaVersion":2}'                                                           | 'neither an image manifest nor an index'
        'a bad layer digest'      | '{"config":{"digest":"' + D + '","size":1},"layers":[{"digest":"sha256:../x","size":1}]}' | 'layer 0'
        'a missing size'          | '{"config":{"digest":"' + D + '"},"layers":[]}'                                 | 'has no size'
        'schema 1'                | '{"schemaVersion":1,"name":"x","fsLayers":[]}'                                  | 'schema 1'
        'an index typed as image' | '{"mediaType":"' + MediaType.OCI_MANIFEST + '","manifests":[]}'                 | 'media type'
    }

    def "an image config yields platform, labels, env and diff_ids"() {
        given:
        def raw = '''{"architecture":"arm64","variant":"v8","os":"linux","created":"2024-01-02T03:04:05Z",
            "config":{"Env":["A=1"],"Labels":{"k":"v"}},"rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}'''.bytes

        when:
        def config = ImageConfig.parse(raw)

        then:
        config.platform().toString() == 'linux/arm64/v8'
        config.env() == ['A=1']
        config.labels() == [k: 'v']
        config.diffIds() == ['sha256:aa']
        config.created() == '2024-01-02T03:04:05Z'
    }

    def "an index entry is chosen as skopeo 1.9.3 chooses it: named variant, older variants, then none"() {
        given:
        def index = new ImageIndex(new byte[0], MediaType.OCI_INDEX, offered.collect {
            Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(it.bytes), 1).withPlatform(Platform.parse(it))
        }, null)

        expect:
        index.find(Platform.parse(wanted)).map { it.platform().toString() }.orElse('none') == chosen

        where:
        wanted           | offered                                          | chosen
        'linux/amd64'    | ['linux/arm64', 'linux/amd64']                   | 'linux/amd64'
        'linux/arm64'    | ['linux/arm64/v8']                               | 'linux/arm64/v8'
        'linux/arm64/v8' | ['linux/arm64']                                  | 'linux/arm64'
        'linux/arm/v7'   | ['linux/arm/v5', 'linux/arm/v6']                 | 'linux/arm/v6'
        'linux/arm/v6'   | ['linux/arm/v7', 'linux/arm/v5']                 | 'linux/arm/v5'
        'linux/arm/v9'   | ['linux/arm/v7', 'linux/arm/v5']                 | 'none'
        'linux/arm'      | ['linux/arm/v5', 'linux/arm/v7']                 | 'linux/arm/v7'
        'linux/arm64'    | ['linux/arm64/v8', 'linux/arm64']                | 'linux/arm64'
        'linux/amd64'    | ['windows/amd64', 'unknown/unknown']             | 'none'
    }

    def "--platform keeps entries by os/arch, and by variant when one is named (arm64 and arm64/v8 are one)"() {
        expect:
        Platform.parse(wanted).selects(Platform.parse(offered)) == kept

        where:
        wanted           | offered          | kept
        'linux/amd64'    | 'linux/amd64'    | true
        'linux/amd64'    | 'linux/arm64'    | false
        'linux/arm64'    | 'linux/arm64/v8' | true
        'linux/arm64/v8' | 'linux/arm64'    | true
        'linux/arm/v7'   | 'linux/arm/v6'   | false
        'linux/arm'      | 'linux/arm/v6'   | true
    }
}
