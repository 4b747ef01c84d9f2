package dev.skiff.sync

import dev.skiff.model.Descriptor
import dev.skiff.model.ManifestDocument
import dev.skiff.name.Digest
import dev.skiff.transport.ImageDestination
import dev.skiff.transport.ImageNotFoundException
import dev.skiff.transport.ImageReference
import dev.skiff.transport.ImageSource
import dev.skiff.transport.ImageStore
import dev.skiff.transport.StoreTransport
import dev.skiff.transport.TagLister
import dev.skiff.transport.Transport
import dev.skiff.transport.TransportOptions

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * A transport that exists only in the tests: {@code test-mem:STORE:NAME}, images kept in memory.
 * It declares the least a transport can (a store of named images, a source that says "not found"
 * by type) and no look-up, blob scope or batch, so sync has to make do with what every transport has.
 * A store may list {@code ghosts}: names it lists but holds no image for (a tag deleted since).
 */
class MemoryTransport implements Transport, StoreTransport {
    static final String NAME = 'test-mem'
    static final MemoryTransport INSTANCE = new MemoryTransport()

    static class Store {
        final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>()
        final Map<Digest, ManifestDocument> manifests = new ConcurrentHashMap<>()
        final Map<String, ManifestDocument> tags = Collections.synchronizedMap(new LinkedHashMap<>())
        final List<String> ghosts = []
        final AtomicInteger manifestReads = new AtomicInteger()
    }

    private final Map<String, Store> stores = new ConcurrentHashMap<>()

    /** Registers the transport once per test JVM. */
    static synchronized MemoryTransport registered() {
        if (!dev.skiff.transport.Transports.all().containsKey(NAME)) {
            dev.skiff.transport.Transports.register(INSTANCE)
        }
        INSTANCE
    }

    Store store(String location, boolean create) {
        create ? stores.computeIfAbsent(location) { new Store() } : stores.get(location)
    }

    @Override
    String name() { NAME }

    @Override
    ImageReference parse(String withinTransport) {
        int colon = withinTransport.indexOf(':')
        colon < 0 ? new Ref(this, withinTransport, null) : new Ref(this, withinTransport.substring(0, colon), withinTransport.substring(colon + 1))
    }

    @Override
    ImageStore store(String location) {
        MemoryTransport transport = this
        new ImageStore() {
            @Override
            ImageReference image(String name) { new Ref(transport, location, name) }

            @Override
            List<String> names(TransportOptions options) {
                Store s = transport.store(location, false)
                if (s == null) {
                    throw new ImageNotFoundException("no store ${location} in ${NAME}")
                }
                new ArrayList<>(s.tags.keySet()) + s.ghosts
            }
        }
    }

    static final class Ref implements ImageReference {
        final MemoryTransport owner
        final String location
        final String name

        Ref(MemoryTransport owner, String location, String name) {
            this.owner = owner
            this.location = location
            this.name = name
        }

        @Override
        Transport transport() { owner }

        @Override
        String withinTransport() { name == null ? location : "${location}:${name}" }

        @Override
        ImageSource openSource(TransportOptions options) {
            Store s = owner.store(location, false)
            if (s == null) {
                throw new ImageNotFoundException("no store ${location} in ${NAME}")
            }
            new Source(this, s)
        }

        @Override
        ImageDestination openDestination(TransportOptions options) {
            new Destination(this, owner.store(location, true))
        }

        @Override
        boolean equals(Object o) { o instanceof Ref && o.toString() == toString() }

        @Override
        int hashCode() { toString().hashCode() }

        @Override
        String toString() { "${NAME}:${withinTransport()}" }
    }

    static final class Source implements ImageSource, TagLister {
        final Ref ref
        final Store store

        Source(Ref ref, Store store) {
            this.ref = ref
            this.store = store
        }

        @Override
        ImageReference reference() { ref }

        @Override
        ManifestDocument manifest() {
            store.manifestReads.incrementAndGet()
            ManifestDocument m = store.tags.get(ref.name)
            if (m == null) {
                throw new ImageNotFoundException("no image ${ref.name} in ${NAME} store ${ref.location}")
            }
            m
        }

        @Override
        ManifestDocument manifest(Descriptor child) {
            store.manifests.get(child.digest()) ?: { throw new ImageNotFoundException("no manifest ${child.digest()}") }()
        }

        @Override
        InputStream openBlob(Descriptor blob) {
            byte[] bytes = store.blobs.get(blob.digest())
            if (bytes == null) {
                throw new dev.skiff.SkiffException("no blob ${blob.digest()} in ${NAME} store ${ref.location}")
            }
            new ByteArrayInputStream(bytes)
        }

        @Override
        List<String> listTags() { new ArrayList<>(store.tags.keySet()) }

        @Override
        void close() {}
    }

    static final class Destination implements ImageDestination {
        final Ref ref
        final Store store
        ManifestDocument top

        Destination(Ref ref, Store store) {
            this.ref = ref
            this.store = store
        }

        @Override
        ImageReference reference() { ref }

        @Override
        boolean hasBlob(Descriptor blob) { store.blobs.containsKey(blob.digest()) }

        @Override
        void putBlob(Descriptor blob, InputStream content) {
            byte[] bytes = content.readAllBytes()   // a verifying stream: a wrong digest throws here
            store.blobs.put(blob.digest(), bytes)
        }

        @Override
        void putChildManifest(ManifestDocument manifest) { store.manifests.put(manifest.digest(), manifest) }

        @Override
        void putManifest(ManifestDocument manifest) {
            store.manifests.put(manifest.digest(), manifest)
            top = manifest
        }

        @Override
        void commit() { store.tags.put(ref.name, top) }

        @Override
        void close() {}
    }
}
