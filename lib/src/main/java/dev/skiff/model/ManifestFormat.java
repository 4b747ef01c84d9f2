package dev.skiff.model;

import java.util.Locale;

/**
 * The two image formats a manifest can be written in: OCI, and Docker's v2 schema 2 ({@code v2s2}).
 * Each names its manifest, index and config media types, as skopeo's {@code --format} does.
 */
public enum ManifestFormat {
    OCI("oci", MediaType.OCI_MANIFEST, MediaType.OCI_INDEX, MediaType.OCI_CONFIG),
    V2S2("v2s2", MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_CONFIG);

    private final String flag;
    private final String manifestType;
    private final String indexType;
    private final String configType;

    ManifestFormat(String flag, String manifestType, String indexType, String configType) {
        this.flag = flag;
        this.manifestType = manifestType;
        this.indexType = indexType;
        this.configType = configType;
    }

    public String manifestType() {
        return manifestType;
    }

    public String indexType() {
        return indexType;
    }

    public String configType() {
        return configType;
    }

    /** The format of a manifest or index media type; null for anything else. */
    public static ManifestFormat of(String mediaType) {
        for (ManifestFormat f : values()) {
            if (f.manifestType.equals(mediaType) || f.indexType.equals(mediaType)) {
                return f;
            }
        }
        return null;
    }

    /** Parses skopeo's {@code --format} value: {@code oci} or {@code v2s2}. */
    public static ManifestFormat parse(String text) {
        for (ManifestFormat f : values()) {
            if (f.flag.equals(text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown manifest format \"" + text + "\": use oci or v2s2");
    }

    @Override
    public String toString() {
        return flag;
    }
}
