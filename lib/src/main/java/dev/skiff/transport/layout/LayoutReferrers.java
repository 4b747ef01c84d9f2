package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.model.Descriptor;
import dev.skiff.model.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Referrers in an OCI layout. index.json lists each referrer manifest as an entry without a ref
 * name (its descriptor with {@code artifactType}, as the referrers API would list it), so umoci,
 * skopeo and garbage collectors see every manifest the layout holds, and a reader finds an image's
 * referrers by their {@code subject}. cosign's tags are ref names beside the image's: in a layout
 * that holds several repositories ({@code team/app:v1}), {@code team/app:sha256-HEX.sig}.
 */
final class LayoutReferrers {
    private final List<Descriptor> untagged = new ArrayList<>();
    private final Map<String, Descriptor> tagged = new LinkedHashMap<>();

    /**
     * The ref name of {@code tag} beside the image named {@code refName}: the repository part of
     * {@code refName} (up to its last ':') and the tag; just the tag when it has no repository part.
     */
    static String siblingRefName(String refName, String tag) {
        int colon = refName == null ? -1 : refName.lastIndexOf(':');
        return colon < 0 ? tag : refName.substring(0, colon + 1) + tag;
    }

    /** An index.json entry that may be a referrer: a manifest without a ref name. */
    static boolean candidate(Descriptor entry) {
        return entry.annotations().get(LayoutIndex.REF_NAME) == null
                && (entry.mediaType() == null || MediaType.isManifest(entry.mediaType()));
    }

    synchronized void addUntagged(List<Descriptor> referrers) {
        untagged.addAll(referrers);
    }

    synchronized void addTagged(String refName, Descriptor manifest) {
        tagged.put(refName, manifest.withAnnotations(Map.of(LayoutIndex.REF_NAME, refName)));
    }

    synchronized boolean isEmpty() {
        return untagged.isEmpty() && tagged.isEmpty();
    }

    /** index.json's manifests with the recorded entries added (an untagged one once per digest, a tag replaced). */
    synchronized UnaryOperator<ArrayNode> entries() {
        List<Descriptor> plain = List.copyOf(untagged);
        Map<String, Descriptor> named = Map.copyOf(tagged);
        return manifests -> {
            ArrayNode result = manifests;
            for (Descriptor d : plain) {
                result = LayoutIndex.replaceEntry(result, d, null);
            }
            for (Map.Entry<String, Descriptor> e : named.entrySet()) {
                result = LayoutIndex.replaceEntry(result, e.getValue(), e.getKey());
            }
            return result;
        };
    }
}
