package dev.skiff.trust.policy;

import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;

/**
 * How the identity a signature claims ({@code critical.identity.docker-reference}) must relate to
 * the image being read, as containers-policy.json(5) defines {@code signedIdentity}. {@code image}
 * is the image's registry name (null for a transport without one, such as {@code dir:}, which only
 * {@link Kind#EXACT_REFERENCE} and {@link Kind#EXACT_REPOSITORY} can match).
 */
public record SignedIdentity(
        Kind kind, String dockerReference, String dockerRepository, String prefix, String signedPrefix) {
    public enum Kind {
        MATCH_EXACT("matchExact"),
        MATCH_REPO_DIGEST_OR_EXACT("matchRepoDigestOrExact"),
        MATCH_REPOSITORY("matchRepository"),
        EXACT_REFERENCE("exactReference"),
        EXACT_REPOSITORY("exactRepository"),
        REMAP_IDENTITY("remapIdentity");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        public static Kind of(String name) {
            for (Kind k : values()) {
                if (k.jsonName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The default of {@code signedBy} and {@code sigstoreSigned}. */
    public static final SignedIdentity DEFAULT = of(Kind.MATCH_REPO_DIGEST_OR_EXACT);

    public static SignedIdentity of(Kind kind) {
        return new SignedIdentity(kind, null, null, null, null);
    }

    /**
     * True when a signature claiming {@code signedReference} may stand for {@code image}.
     * A claim that is not a valid image name matches nothing.
     */
    public boolean matches(ImageName image, String signedReference) {
        ImageName signed;
        try {
            signed = ImageName.parseAllowingNoTag(signedReference);
        } catch (InvalidReferenceException e) {
            return false;
        }
        return switch (kind) {
            case MATCH_EXACT ->
                image != null
                        && !nameOnly(image)
                        && !nameOnly(signed)
                        && signed.toString().equals(image.toString());
            case MATCH_REPO_DIGEST_OR_EXACT -> repoDigestOrExact(image, signed);
            case MATCH_REPOSITORY -> image != null && signed.repositoryName().equals(image.repositoryName());
            case EXACT_REFERENCE ->
                !nameOnly(signed)
                        && signed.toString()
                                .equals(ImageName.parseAllowingNoTag(dockerReference)
                                        .toString());
            case EXACT_REPOSITORY ->
                signed.repositoryName()
                        .equals(ImageName.parseAllowingNoTag(dockerRepository).repositoryName());
            case REMAP_IDENTITY -> repoDigestOrExact(remap(image), signed);
        };
    }

    /** A tagged image: the same tag; an image by digest: the same repository (the digest is checked apart). */
    private static boolean repoDigestOrExact(ImageName image, ImageName signed) {
        if (image == null) {
            return false;
        }
        if (image.tag() != null) {
            return signed.toString().equals(image.toString());
        }
        if (image.digest() != null) {
            return signed.repositoryName().equals(image.repositoryName());
        }
        return false;
    }

    /** The image's name with {@code prefix} replaced by {@code signedPrefix}; the name as it is when the prefix does not apply. */
    private ImageName remap(ImageName image) {
        if (image == null) {
            return null;
        }
        String name = image.toString();
        if (!name.startsWith(prefix)) {
            return image;
        }
        if (name.length() > prefix.length() && "/:@".indexOf(name.charAt(prefix.length())) < 0) {
            return image; // "example.com/foo" does not prefix "example.com/foobar"
        }
        try {
            return ImageName.parseAllowingNoTag(signedPrefix + name.substring(prefix.length()));
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    private static boolean nameOnly(ImageName n) {
        return n.tag() == null && n.digest() == null;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EXACT_REFERENCE -> kind.jsonName + " " + dockerReference;
            case EXACT_REPOSITORY -> kind.jsonName + " " + dockerRepository;
            case REMAP_IDENTITY -> kind.jsonName + " " + prefix + " -> " + signedPrefix;
            default -> kind.jsonName;
        };
    }
}
