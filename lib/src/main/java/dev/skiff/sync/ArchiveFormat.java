package dev.skiff.sync;

/** The two kinds of image archive a sync reads and writes, named by their transports. */
public enum ArchiveFormat {
    /** A tar of an OCI image layout ({@code oci-archive:}); images named by their ref names. */
    OCI("oci-archive"),
    /** A {@code docker save} tar ({@code docker-archive:}); images named by their RepoTags. */
    DOCKER("docker-archive");

    private final String transport;

    ArchiveFormat(String transport) {
        this.transport = transport;
    }

    public String transport() {
        return transport;
    }
}
