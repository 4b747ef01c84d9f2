package dev.skiff.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.io.GoJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that inspect runbooks use with {@code --format}: literal text
 * around {@code {{.Field}}}, {@code {{.Field.Sub}}}, {@code {{json .Field}}} and
 * {@code {{index .Field "key"}}}. Values print as Go prints them ({@code [a b]}, {@code map[k:v]}).
 */
public final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern FIELD = Pattern.compile("\\.[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*|\\.");
    private static final Pattern INDEX = Pattern.compile("index\\s+(\\S+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String template;

    public GoTemplate(String template) {
        this.template = template;
        render(null, true);
    }

    public String render(JsonNode data) {
        return render(data, false);
    }

    private String render(JsonNode data, boolean checkOnly) {
        StringBuilder out = new StringBuilder();
        Matcher m = ACTION.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            String action = m.group(1);
            String value = evaluate(action, data, checkOnly);
            out.append(value);
            last = m.end();
        }
        out.append(template.substring(last));
        return out.toString();
    }

    private String evaluate(String action, JsonNode data, boolean checkOnly) {
        if (FIELD.matcher(action).matches()) {
            return checkOnly ? "" : format(lookup(data, action));
        }
        if (action.startsWith("json ") && FIELD.matcher(action.substring(5).trim()).matches()) {
            return checkOnly ? "" : compactJson(lookup(data, action.substring(5).trim()));
        }
        Matcher index = INDEX.matcher(action);
        if (index.matches() && FIELD.matcher(index.group(1)).matches()) {
            if (checkOnly) {
                return "";
            }
            JsonNode map = lookup(data, index.group(1));
            JsonNode v = map == null || map.isNull() ? null : map.get(index.group(2).replace("\\\"", "\""));
            return v == null ? "<no value>" : format(v);
        }
        throw new SkiffException("unsupported --format action {{" + action
                + "}}: use {{.Field}}, {{.Field.Sub}}, {{json .Field}} or {{index .Field \"key\"}}");
    }

    private static JsonNode lookup(JsonNode data, String path) {
        if (path.equals(".")) {
            return data;
        }
        JsonNode node = data;
        for (String part : path.substring(1).split("\\.")) {
            if (node == null || !node.isObject() || !node.has(part)) {
                throw new SkiffException("--format: can't evaluate field " + part + " (fields: "
                        + (node != null && node.isObject() ? String.join(", ", fieldNames(node)) : "none") + ")");
            }
            node = node.get(part);
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Go's fmt %v of a decoded JSON value. */
    private static String format(JsonNode v) {
        if (v == null || v.isNull()) {
            return "<no value>";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(format(item)));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            it.forEachRemaining(e -> sorted.put(e.getKey(), format(e.getValue())));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, val) -> items.add(k + ":" + val));
            return "map[" + String.join(" ", items) + "]";
        }
        return v.asText();
    }

    private static String compactJson(JsonNode v) {
        return GoJson.marshalIndent(v).replaceAll("\n\\s*", "").replace("\": ", "\":");
    }
}
