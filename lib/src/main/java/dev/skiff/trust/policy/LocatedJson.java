package dev.skiff.trust.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A JSON tree that remembers the line each value started on, so an error in a policy file can say
 * "line 7" rather than only "somewhere". Duplicate keys are refused, as containers/image does.
 */
final class LocatedJson {
    private final Map<JsonNode, Integer> lines = new IdentityHashMap<>();
    private final Map<JsonNode, Map<String, Integer>> keyLines = new IdentityHashMap<>();
    final JsonNode root;

    private LocatedJson(byte[] raw) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(raw)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonProcessingException("the file is empty") {};
            }
            root = value(p, t);
            if (p.nextToken() != null) {
                throw new JsonProcessingException("unexpected content after the JSON value", p.currentLocation()) {};
            }
        }
    }

    static LocatedJson parse(byte[] raw) throws IOException {
        return new LocatedJson(raw);
    }

    /** The line {@code node} started on (0 when not known). */
    int line(JsonNode node) {
        return lines.getOrDefault(node, 0);
    }

    /** The line of key {@code name} in {@code object} (else the object's line). */
    int line(JsonNode object, String name) {
        return keyLines.getOrDefault(object, Map.of()).getOrDefault(name, line(object));
    }

    private JsonNode value(JsonParser p, JsonToken t) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonNode node;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                lines.put(o, line);
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    if (o.has(name)) {
                        throw new JsonProcessingException(
                                "duplicate field \"" + name + "\"", p.currentTokenLocation()) {};
                    }
                    JsonNode v = value(p, p.nextToken());
                    o.set(name, v);
                    keyLines.computeIfAbsent(o, x -> new HashMap<>()).put(name, keyLine);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                lines.put(a, line);
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING -> node = JsonNodeFactory.instance.textNode(p.getText());
            case VALUE_NUMBER_INT -> node = JsonNodeFactory.instance.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> node = JsonNodeFactory.instance.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> node = JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> node = JsonNodeFactory.instance.booleanNode(false);
            case VALUE_NULL -> node = JsonNodeFactory.instance.nullNode();
            default -> throw new JsonProcessingException("unexpected " + t, p.currentTokenLocation()) {};
        }
        // Scalars are shared singletons in Jackson (true, null); record their line on a per-key basis only.
        if (!lines.containsKey(node)) {
            lines.put(node, line);
        }
        return node;
    }
}
