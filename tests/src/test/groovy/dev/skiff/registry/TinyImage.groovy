package dev.skiff.registry

import dev.skiff.io.VerifyingInputStream
import dev.skiff.model.Descriptor
import dev.skiff.model.ImageManifest
import dev.skiff.model.ManifestDocument
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.transport.ImageDestination
import groovy.json.JsonOutput

import java.util.zip.GZIPOutputStream

/** A small image made by hand: one gzip layer of random bytes, an OCI config, an OCI manifest. */
class TinyImage {
    final byte[] layer
    final byte[] config
    final Descriptor layerDescriptor
    final Descriptor configDescriptor
    final ImageManifest manifest

    TinyImage(int randomBytes = 2048, long seed = System.nanoTime()) {
        byte[] content = new byte[randomBytes]
        new Random(seed).nextBytes(content)
        def buffer = new ByteArrayOutputStream()
        new GZIPOutputStream(buffer).withCloseable { it.write(content) }
        layer = buffer.toByteArray()
        Digest diffId = Digest.sha256(content)
        config = JsonOutput.toJson([
                architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z',
                config      : [Labels: [seed: seed.toString()], Env: ['PATH=/usr/bin']],
                rootfs      : [type: 'layers', diff_ids: [diffId.toString()]],
        ]).getBytes('UTF-8')
        layerDescriptor = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length)
        configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length)
        byte[] raw = JsonOutput.toJson([
                schemaVersion: 2, mediaType: MediaType.OCI_MANIFEST,
                config       : [mediaType: MediaType.OCI_CONFIG, digest: configDescriptor.digest().toString(), size: config.length],
                layers       : [[mediaType: MediaType.OCI_LAYER_GZIP, digest: layerDescriptor.digest().toString(), size: layer.length]],
        ]).getBytes('UTF-8')
        manifest = (ImageManifest) ManifestDocument.parse(raw, null)
    }

    Digest getDigest() {
        manifest.digest()
    }

    Map<Descriptor, byte[]> getBlobs() {
        [(configDescriptor): config, (layerDescriptor): layer]
    }

    /** Blobs through verifying streams, then the manifest, as the copier does. */
    void pushTo(ImageDestination destination) {
        blobs.each { d, bytes ->
            if (!destination.hasBlob(d)) {
                destination.putBlob(d, new VerifyingInputStream(new ByteArrayInputStream(bytes), d))
            }
        }
        destination.putManifest(manifest)
        destination.commit()
    }
}
