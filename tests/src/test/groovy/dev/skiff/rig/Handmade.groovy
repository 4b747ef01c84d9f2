package dev.skiff.rig

import dev.skiff.io.VerifyingInputStream
import dev.skiff.model.Descriptor
import dev.skiff.model.Json
import dev.skiff.model.ManifestDocument
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.transport.ImageDestination
import dev.skiff.transport.Transports
import groovy.json.JsonOutput

import java.util.zip.GZIPOutputStream

/**
 * Writes images whose every byte a spec chooses — Docker-built configs, foreign layers, zstd
 * layers, attestation manifests, nested indexes — through Skiff's own destinations, so specs can
 * put them in a layout or a registry and compare with skopeo.
 */
class Handmade {
    final ImageDestination destination

    Handmade(String reference) {
        destination = Transports.parse(reference).openDestination(Images.PLAIN_HTTP)
    }

    /** Stores bytes as a blob and returns its descriptor. */
    Descriptor blob(String mediaType, byte[] bytes) {
        def d = Descriptor.of(mediaType, Digest.sha256(bytes), bytes.length)
        if (!destination.hasBlob(d)) {
            destination.putBlob(d, new VerifyingInputStream(new ByteArrayInputStream(bytes), d))
        }
        d
    }

    /** A one-file tar, as a layer's uncompressed bytes. */
    static byte[] tar(String name, String text) {
        def out = new ByteArrayOutputStream()
        def w = new dev.skiff.transport.archive.TarWriter(out, 1700000000L)
        w.file(name, text.getBytes('UTF-8'))
        w.finish()
        out.toByteArray()
    }

    static byte[] gzip(byte[] data) {
        def out = new ByteArrayOutputStream()
        new GZIPOutputStream(out).withCloseable { it.write(data) }
        out.toByteArray()
    }

    /** zstd from the zstd command (Debian package zstd). */
    static byte[] zstd(byte[] data) {
        def p = new ProcessBuilder('zstd', '-q', '-c').start()
        p.outputStream.withCloseable { it.write(data) }
        def out = p.inputStream.bytes
        assert p.waitFor() == 0
        out
    }

    static Map config(Map extra = [:], List<byte[]> uncompressedLayers) {
        [architecture: 'amd64', os: 'linux', config: [Env: ['PATH=/usr/bin']],
         rootfs: [type: 'layers', diff_ids: uncompressedLayers.collect { Digest.sha256(it).toString() }]] + extra
    }

    /** Writes a manifest of {@code mediaType} over a config map and layer descriptors; returns it (not yet tagged). */
    ManifestDocument manifest(String mediaType, Map config, List<Descriptor> layers, Map extra = [:]) {
        def configType = mediaType == MediaType.DOCKER_MANIFEST ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG
        def c = blob(configType, JsonOutput.toJson(config).getBytes('UTF-8'))
        def m = [schemaVersion: 2, mediaType: mediaType, config: json(c), layers: layers.collect { json(it) }] + extra
        ManifestDocument.parse(JsonOutput.toJson(m).getBytes('UTF-8'), mediaType)
    }

    static Map json(Descriptor d) {
        new com.fasterxml.jackson.databind.ObjectMapper().convertValue(d.toJson(), Map)
    }

    /** Stores a child manifest (listed by an index). */
    ManifestDocument child(ManifestDocument m) {
        destination.putChildManifest(m)
        m
    }

    /** An index over entries (maps as they appear in "manifests"). */
    static ManifestDocument index(String mediaType, List<Map> entries, Map extra = [:]) {
        ManifestDocument.parse(JsonOutput.toJson([schemaVersion: 2, mediaType: mediaType, manifests: entries] + extra).getBytes('UTF-8'), mediaType)
    }

    static Map entry(ManifestDocument m, String platform, Map annotations = null) {
        def parts = platform.split('/')
        def e = [mediaType: m.mediaType(), digest: m.digest().toString(), size: m.raw().length,
                 platform: [architecture: parts[1], os: parts[0]] + (parts.length > 2 ? [variant: parts[2]] : [:])]
        annotations ? e + [annotations: annotations] : e
    }

    /** Stores the top manifest under the reference and commits. */
    ManifestDocument top(ManifestDocument m) {
        destination.putManifest(m)
        destination.commit()
        destination.close()
        m
    }
}
