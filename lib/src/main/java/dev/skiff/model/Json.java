package dev.skiff.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The one Jackson mapper Skiff uses; created on first use so commands that need no JSON start faster. */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    public static JsonNode parse(byte[] raw, String what) {
        try {
            return Holder.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidManifestException(what + " could not be read: " + e.getMessage());
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return Holder.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indented JSON, as skopeo prints inspect output. */
    public static String pretty(Object value) {
        try {
            return Holder.PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
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
