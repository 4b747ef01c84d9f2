package dev.skiff.rig

import dev.skiff.Skiff
import dev.skiff.model.ManifestDocument
import dev.skiff.model.Platform
import dev.skiff.sample.SampleImage
import dev.skiff.transport.TransportOptions

/**
 * Builds real images at test time (random tar+gzip layers, configs with matching diff_ids,
 * indexes over several platforms) at any reference Skiff can write. {@code options:} gives the
 * TransportOptions to write with (default: plain HTTP, no credentials).
 */
class Images {
    static final TransportOptions PLAIN_HTTP = TransportOptions.defaults().withTlsVerify(false)

    static ManifestDocument single(String reference, Map opts = [:]) {
        write(reference, [platforms: ['linux/amd64']] + opts)
    }

    static ManifestDocument multi(String reference, Map opts = [:]) {
        write(reference, [platforms: ['linux/amd64', 'linux/arm64']] + opts)
    }

    static ManifestDocument write(String reference, Map opts) {
        def sample = new SampleImage()
                .layers(opts.layers ?: 2)
                .layerSize(opts.layerSize ?: 32 * 1024)
                .platforms(opts.platforms.collect { Platform.parse(it) })
                .format(opts.format ?: 'oci')
                .compression(opts.compression ?: 'gzip')
        opts.labels?.each { k, v -> sample.label(k, v) }
        Skiff.writeSample(sample, reference, (opts.options ?: PLAIN_HTTP) as TransportOptions)
    }
}
