package dev.skiff.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees read and written with Jackson's streaming parser and generator only. Skiff works on
 * trees ({@link JsonNode}), never binds classes, so it has no use for an {@code ObjectMapper}, whose
 * first construction loads about 400 classes and costs a short command (inspect, a no-op sync) a
 * third of its start. The output is what the mapper wrote: compact, in document order.
 */
public final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    private static final class Holder {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The document in {@code raw} as a tree; {@link MissingNode} when it is empty. */
    public static JsonNode tree(byte[] raw) throws IOException {
        try (JsonParser p = Holder.FACTORY.createParser(raw)) {
            return p.nextToken() == null ? MissingNode.getInstance() : value(p);
        }
    }

    /** The same from text. */
    public static JsonNode tree(String text) throws IOException {
        try (JsonParser p = Holder.FACTORY.createParser(text)) {
            return p.nextToken() == null ? MissingNode.getInstance() : value(p);
        }
    }

    public static JsonNode parse(byte[] raw, String what) {
        try {
            return tree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException(what + " could not be read: " + e.getMessage());
        }
    }

    /** The whole document a parser of any Jackson format (TOML, YAML…) reads, as a tree. */
    public static JsonNode tree(JsonParser p) throws IOException {
        p.nextToken();
        return value(p);
    }

    /** The value at the parser's current token, which it consumes. */
    private static JsonNode value(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.set(name, value(p));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonProcessingException("unexpected " + token, p.currentLocation()) {};
        }
    }

    /** Compact JSON, in document order. */
    public static byte[] bytes(JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Holder.FACTORY.createGenerator(out)) {
            write(value, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                g.writeFieldName(field.getKey());
                write(field.getValue(), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                write(element, g);
            }
            g.writeEndArray();
        } else if (node.isTextual()) {
            g.writeString(node.textValue());
        } else if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                g.writeNumber(node.longValue());
            } else {
                g.writeNumber(node.bigIntegerValue());
            }
        } else if (node.isNumber()) {
            g.writeNumber(node.doubleValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else {
            g.writeNull();
        }
    }

    /** A JSON object of strings (annotations, labels), in document order; empty when absent. */
    static java.util.Map<String, String> stringMap(JsonNode node) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    /** A JSON array of strings; empty when absent. */
    static java.util.List<String> stringList(JsonNode node) {
        java.util.List<String> list = new java.util.ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> list.add(v.asText()));
        }
        return list;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
