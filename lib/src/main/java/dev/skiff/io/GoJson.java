package dev.skiff.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", "    ")} writes it — the layout skopeo prints —
 * so scripts that diff or grep skopeo output see the same bytes: four-space indent, {@code "k": v},
 * empty containers as {@code {}} and {@code []}, and {@code <>&} escaped as Go does.
 */
public final class GoJson {
    private GoJson() {}

    public static String marshalIndent(JsonNode node) {
        return marshalIndent(node, "    ");
    }

    /** With another indent unit: containers' auth.json is written with a tab. */
    public static String marshalIndent(JsonNode node, String unit) {
        StringBuilder b = new StringBuilder();
        write(node, b, "", unit);
        return b.toString();
    }

    private static void write(JsonNode node, StringBuilder b, String indent, String unit) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                b.append("{}");
                return;
            }
            String inner = indent + unit;
            b.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                b.append(inner);
                string(e.getKey(), b);
                b.append(": ");
                write(e.getValue(), b, inner, unit);
                b.append(fields.hasNext() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                b.append("[]");
                return;
            }
            String inner = indent + unit;
            b.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                b.append(inner);
                write(node.get(i), b, inner, unit);
                b.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else if (node.isTextual()) {
            string(node.asText(), b);
        } else {
            b.append(node.asText()); // numbers and booleans; toString() would build an ObjectMapper
        }
    }

    static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
