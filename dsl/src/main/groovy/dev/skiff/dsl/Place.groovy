package dev.skiff.dsl

import dev.skiff.transport.TransportOptions
import groovy.transform.TupleConstructor

/**
 * Where images are read from or written to: a registry (with its TLS and credential options), an
 * OCI layout, a tree of dir: images, or an archive file (oci-archive, docker-archive). Plans may keep one in a variable and use it in several
 * mirror blocks ({@code def site = registry('…') { tlsVerify false }} then {@code to site}).
 */
@TupleConstructor
final class Place {
    enum Kind { REGISTRY, OCI, DIR, OCI_ARCHIVE, DOCKER_ARCHIVE, CONTAINERS_STORAGE }

    final Kind kind
    final String location
    final TransportOptions options

    @Override
    String toString() {
        switch (kind) {
            case Kind.REGISTRY: return "docker://${location}" + (options.tlsVerify() ? '' : ' (TLS not verified)')
            case Kind.OCI: return "oci:${location}"
            case Kind.OCI_ARCHIVE: return "oci-archive:${location}"
            case Kind.DOCKER_ARCHIVE: return "docker-archive:${location}"
            case Kind.CONTAINERS_STORAGE: return "containers-storage:${location}"
            default: return "dir:${location}"
        }
    }
}
