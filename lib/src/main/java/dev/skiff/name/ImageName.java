package dev.skiff.name;

/**
 * A registry image name, normalised as docker and skopeo do: {@code nginx} is
 * {@code docker.io/library/nginx:latest}; a first component with a dot, a colon, or
 * {@code localhost} is a registry host. A name may carry a tag, a digest, or both.
 */
public record ImageName(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final int MAX_NAME = 255;

    public ImageName {
        if (!NameRules.isHost(registry)) {
            throw new InvalidReferenceException("invalid registry \"" + registry + "\"");
        }
        if (repository == null || repository.isEmpty()) {
            throw new InvalidReferenceException("invalid image name: empty repository");
        }
        if (!NameRules.isRepository(repository)) {
            throw new InvalidReferenceException(
                    "invalid repository \"" + repository
                            + "\": each path component must be lowercase letters and digits, separated by '.', '_', '__' or '-'");
        }
        if (registry.length() + 1 + repository.length() > MAX_NAME) {
            throw new InvalidReferenceException("invalid image name \"" + registry + "/" + repository
                    + "\": longer than " + MAX_NAME + " characters");
        }
        if (tag != null && !NameRules.isTag(tag)) {
            throw new InvalidReferenceException("invalid tag \"" + tag
                    + "\": up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'");
        }
    }

    /**
     * Parses {@code [registry/]repository[:tag][@digest]}; with neither tag nor digest the tag is
     * {@code latest}, as skopeo assumes for {@code docker://}.
     */
    public static ImageName parse(String text) {
        ImageName name = parseAllowingNoTag(text);
        if (name.tag == null && name.digest == null) {
            return name.withTag(DEFAULT_TAG);
        }
        return name;
    }

    /** Parses like {@link #parse} but leaves the tag empty when none is given (a whole repository). */
    public static ImageName parseAllowingNoTag(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(
                    "invalid image name \"\": expected [registry/]repository[:tag][@digest]");
        }
        try {
            return parseChecked(text);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException("invalid image name \"" + text + "\": " + stripPrefix(e.getMessage()));
        }
    }

    private static ImageName parseChecked(String text) {
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase())) {
                registry = first;
                repository = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (repository.isEmpty()) {
            throw new InvalidReferenceException("empty repository");
        }
        if (!repository.equals(repository.toLowerCase())) {
            throw new InvalidReferenceException("repository name must be lowercase");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        return new ImageName(registry, repository, tag, digest);
    }

    private static String stripPrefix(String message) {
        return message.startsWith("invalid ") ? message.substring("invalid ".length()) : message;
    }

    public ImageName withTag(String newTag) {
        return new ImageName(registry, repository, newTag, digest);
    }

    public ImageName withDigest(Digest newDigest) {
        return new ImageName(registry, repository, tag, newDigest);
    }

    public ImageName withoutDigest() {
        return new ImageName(registry, repository, tag, null);
    }

    /** {@code registry/repository}, without tag or digest. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    /** What the registry API addresses: the digest when there is one, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(repositoryName());
        if (tag != null) {
            b.append(':').append(tag);
        }
        if (digest != null) {
            b.append('@').append(digest);
        }
        return b.toString();
    }
}
