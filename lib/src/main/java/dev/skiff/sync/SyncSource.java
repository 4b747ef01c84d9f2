package dev.skiff.sync;

import dev.skiff.transport.TransportOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a sync reads: tags of a registry repository, a tree of dir: images, a multi-image OCI
 * layout, an archive file (oci-archive or docker-archive), or the named images of any store a
 * transport offers ({@link Store}).
 */
public sealed interface SyncSource {
    /**
     * A repository in a registry ({@code host/path}, no tag) and the tags to take; {@code options}
     * reach that registry (credentials, TLS), so sources from several registries can differ.
     */
    record Repository(String repository, TagSelection tags, TransportOptions options) implements SyncSource {
        public Repository {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(tags, "tags");
            options = options == null ? TransportOptions.defaults() : options;
        }
    }

    /** Every dir: image under a directory (as {@code sync --dest dir} writes them), named by relative path. */
    record DirTree(Path root) implements SyncSource {
        public DirTree {
            Objects.requireNonNull(root, "root");
        }
    }

    /** Every tagged image of one OCI layout, named by its ref names (as {@code sync --dest oci} writes them). */
    record LayoutBundle(Path layout) implements SyncSource {
        public LayoutBundle {
            Objects.requireNonNull(layout, "layout");
        }
    }

    /**
     * Every tagged image of an archive file: an OCI archive's ref names (as a sync to
     * {@code oci-archive} writes them) or a docker-archive's RepoTags (as {@code docker save} writes them).
     */
    record Archive(Path file, ArchiveFormat format) implements SyncSource {
        public Archive {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * Every named image of a store in any transport that offers stores
     * ({@link dev.skiff.transport.StoreTransport}): {@code transport} is its name ({@code oci},
     * {@code containers-storage}…) and {@code location} what follows {@code name:}. Images are
     * named by what the store calls them, as a layout's ref names are.
     */
    record Store(String transport, String location, TransportOptions options) implements SyncSource {
        public Store {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(location, "location");
            options = options == null ? TransportOptions.defaults() : options;
        }
    }

    /**
     * Some images of a file source (a {@link LayoutBundle}, an {@link Archive}, a {@link Store} or a
     * {@link DirTree}), chosen by the names it holds: {@code name} is {@code repository:tag} (that
     * image) or a bare {@code repository} whose tags {@code tags} selects, as for a registry
     * {@link Repository}. A name the file does not hold is an error naming those it does
     * ({@link FileSelection}).
     */
    record Selected(SyncSource from, String name, TagSelection tags) implements SyncSource {
        public Selected {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(name, "name");
            tags = tags == null ? TagSelection.all() : tags;
            if (from instanceof Repository || from instanceof Selected) {
                throw new IllegalArgumentException("select from a file source, not " + from);
            }
        }
    }
}
