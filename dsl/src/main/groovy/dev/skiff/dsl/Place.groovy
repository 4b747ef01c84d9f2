package dev.skiff.dsl

import dev.skiff.transport.TransportOptions
import groovy.transform.TupleConstructor

/**
 * Where images are read from or written to: a registry (with its TLS and credential options), an
 * OCI layout, or a tree of dir: images. Plans may keep one in a variable and use it in several
 * mirror blocks ({@code def site = registry('…') { tlsVerify false }} then {@code to site}).
 */
@TupleConstructor
final class Place {
    enum Kind { REGISTRY, OCI, DIR }

    final Kind kind
    final String location
    final TransportOptions options

    @Override
    String toString() {
        switch (kind) {
            case Kind.REGISTRY: return "docker://${location}" + (options.tlsVerify() ? '' : ' (TLS not verified)')
            case Kind.OCI: return "oci:${location}"
            default: return "dir:${location}"
        }
    }
}
