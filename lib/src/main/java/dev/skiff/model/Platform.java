package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** The platform of an image: os, architecture and optional variant, as in an OCI index entry. */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
    public Platform {
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, null, List.of());
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform \"" + text + "\": expected os/arch[/variant]");
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    static Platform fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Platform(
                Json.text(node, "os"),
                Json.text(node, "architecture"),
                Json.text(node, "variant"),
                Json.text(node, "os.version"),
                Json.stringList(node.get("os.features")));
    }

    /** The platform of this JVM, named as Go names it (amd64, arm64…). */
    public static Platform current() {
        String arch = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "arm" -> "arm";
            default -> System.getProperty("os.arch");
        };
        // Images for this machine are linux images even on a developer's Mac, as skopeo assumes.
        String os =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "windows" : "linux";
        return of(os, arch, arch.equals("arm64") ? "v8" : null);
    }

    /**
     * The platforms skopeo looks for, best first, when this one is wanted (containers/image
     * {@code WantedPlatforms}): a named variant, then the older ones its architecture runs
     * (arm v8, v7, v6, v5), then an entry that names no variant; with no variant named, an entry
     * without one, then the architecture's variants newest first (checked against skopeo 1.9.3).
     */
    public List<Platform> candidates() {
        List<String> order = switch (architecture) {
            case "arm" -> List.of("v8", "v7", "v6", "v5");
            case "arm64" -> List.of("v8");
            default -> List.of();
        };
        List<String> variants = new java.util.ArrayList<>();
        if (variant != null && !variant.isEmpty()) {
            int i = order.indexOf(variant);
            variants.addAll(i < 0 ? List.of(variant) : order.subList(i, order.size()));
            variants.add("");
        } else {
            variants.add("");
            variants.addAll(order);
        }
        return variants.stream()
                .map(v -> of(os, architecture, v.isEmpty() ? null : v))
                .toList();
    }

    /**
     * skopeo's {@code MatchesPlatform} for one candidate: os, architecture and variant equal (no
     * variant equals only no variant; {@link #candidates()} supplies the fallbacks).
     */
    public boolean matches(Platform image) {
        if (image == null || !os.equals(image.os) || !architecture.equals(image.architecture)) {
            return false;
        }
        return java.util.Objects.equals(variant == null ? "" : variant, image.variant == null ? "" : image.variant);
    }

    /**
     * Whether {@code --platform} with this value keeps an index entry: os and architecture equal,
     * and the variant too when this one names it (arm64's v8 is the same as no variant).
     */
    public boolean selects(Platform candidate) {
        if (candidate == null || !os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        String mine = normalVariant(architecture, variant);
        return variant == null
                || variant.isEmpty()
                || mine.equals(normalVariant(candidate.architecture, candidate.variant));
    }

    private static String normalVariant(String arch, String variant) {
        if (variant == null || variant.isEmpty()) {
            return arch.equals("arm64") ? "v8" : null;
        }
        return variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
