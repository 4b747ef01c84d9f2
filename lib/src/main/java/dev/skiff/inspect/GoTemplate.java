package dev.skiff.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.io.GoJson;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that inspect runbooks use with {@code --format}: literal text
 * (with {@code \n} as a newline, as skopeo reads it), {@code {{.Field}}}, {@code {{.Field.Sub}}},
 * {@code {{json .X}}}, {@code {{index .X "key"}}}, {@code {{len .X}}} and
 * {@code {{range .X}}…{{end}}} (inside, {@code {{.}}} is the element). Values print as Go prints
 * skopeo's output struct ({@code [a b]}, {@code map[k:v]}, times as {@code 2006-01-02 15:04:05 +0000 UTC}).
 * Anything else is an error naming the unsupported part.
 */
public final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*|\\.");
    private static final Pattern INDEX = Pattern.compile("index\\s+(\\S+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FUNCTION = Pattern.compile("(json|len|range)\\s+(\\S+)");
    /** skopeo's map-typed fields: a missing key is {@code <no value>}, a nil map prints {@code map[]}. */
    private static final Set<String> MAPS = Set.of("Labels", "Annotations");

    private static final Set<String> LISTS = Set.of("RepoTags", "Layers", "LayersData", "Env");

    private sealed interface Node permits Text, Action, Range {}

    private record Text(String text) implements Node {}

    private record Action(String expression) implements Node {}

    private record Range(String field, List<Node> body) implements Node {}

    private final List<Node> nodes;

    public GoTemplate(String template) {
        List<Node> root = new ArrayList<>();
        Matcher m = ACTION.matcher(template.replace("\\n", "\n"));
        String text = template.replace("\\n", "\n");
        int last = 0;
        List<List<Node>> stack = new ArrayList<>(List.of(root));
        while (m.find()) {
            List<Node> current = stack.get(stack.size() - 1);
            if (m.start() > last) {
                current.add(new Text(text.substring(last, m.start())));
            }
            last = m.end();
            String action = m.group(1);
            Matcher f = FUNCTION.matcher(action);
            if (f.matches() && f.group(1).equals("range")) {
                requireField(f.group(2), action);
                Range range = new Range(f.group(2), new ArrayList<>());
                current.add(range);
                stack.add(range.body());
            } else if (action.equals("end")) {
                if (stack.size() == 1) {
                    throw invalid("template: {{end}} without {{range}}");
                }
                stack.remove(stack.size() - 1);
            } else {
                check(action);
                current.add(new Action(action));
            }
        }
        if (stack.size() > 1) {
            throw invalid("template: {{range}} without {{end}}");
        }
        if (last < text.length()) {
            root.add(new Text(text.substring(last)));
        }
        this.nodes = root;
    }

    public String render(JsonNode data) {
        StringBuilder out = new StringBuilder();
        render(nodes, data, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, JsonNode dot, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Action a) {
                out.append(evaluate(a.expression(), dot));
            } else if (node instanceof Range r) {
                JsonNode items = lookup(dot, r.field());
                if (items != null && (items.isArray() || items.isObject())) {
                    for (JsonNode item : items) {
                        render(r.body(), item, out);
                    }
                }
            }
        }
    }

    private static void check(String action) {
        if (FIELD.matcher(action).matches()) {
            return;
        }
        Matcher f = FUNCTION.matcher(action);
        if (f.matches()) {
            requireField(f.group(2), action);
            return;
        }
        Matcher index = INDEX.matcher(action);
        if (index.matches()) {
            requireField(index.group(1), action);
            return;
        }
        throw invalid("unsupported template action {{" + action + "}}: use {{.Field}}, {{.Field.Sub}}, "
                + "{{json .Field}}, {{index .Field \"key\"}}, {{len .Field}} or {{range .Field}}…{{end}}");
    }

    private static void requireField(String field, String action) {
        if (!FIELD.matcher(field).matches()) {
            throw invalid("unsupported template argument \"" + field + "\" in {{" + action
                    + "}}: use a field such as .Labels or . inside {{range}}");
        }
    }

    private static String evaluate(String action, JsonNode dot) {
        if (FIELD.matcher(action).matches()) {
            return format(lookup(dot, action), last(action));
        }
        Matcher f = FUNCTION.matcher(action);
        if (f.matches()) {
            JsonNode v = lookup(dot, f.group(2));
            if (f.group(1).equals("json")) {
                return v == null
                        ? "null"
                        : GoJson.marshalIndent(v).replaceAll("\n\\s*", "").replace("\": ", "\":");
            }
            return String.valueOf(
                    v == null || v.isNull() ? 0 : v.isTextual() ? v.asText().length() : v.size());
        }
        Matcher index = INDEX.matcher(action);
        index.matches();
        JsonNode map = lookup(dot, index.group(1));
        JsonNode v = map == null || map.isNull() ? null : map.get(index.group(2).replace("\\\"", "\""));
        return v == null ? "" : format(v, null); // Go's index gives the zero value for a missing key
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return path.substring(dot + 1);
    }

    private static JsonNode lookup(JsonNode data, String path) {
        if (path.equals(".")) {
            return data;
        }
        JsonNode node = data;
        String parent = null;
        for (String part : path.substring(1).split("\\.")) {
            if (node != null && node.isObject() && node.has(part)) {
                node = node.get(part);
            } else if (parent != null && MAPS.contains(parent)) {
                return null;
            } else {
                throw invalid("template: can't evaluate field " + part + " (fields: "
                        + (node != null && node.isObject() ? String.join(", ", fieldNames(node)) : "none") + ")");
            }
            parent = part;
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Go's fmt %v of a field of skopeo's output struct; {@code field} names it, to know its Go type. */
    private static String format(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            if (MAPS.contains(field)) {
                return "map[]";
            }
            if (LISTS.contains(field)) {
                return "[]";
            }
            return "Created".equals(field) ? "<nil>" : "<no value>";
        }
        if (v.isTextual()) {
            return "Created".equals(field) ? goTime(v.asText()) : v.asText();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(format(item, "LayersData".equals(field) ? "" : null)));
            return "[" + String.join(" ", items) + "]";
        }
        if (v.isObject()) {
            if (!MAPS.contains(field) && field != null) {
                List<String> values = new ArrayList<>();
                v.fields().forEachRemaining(e -> values.add(format(e.getValue(), e.getKey())));
                return "{" + String.join(" ", values) + "}";
            }
            Map<String, String> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            it.forEachRemaining(e -> sorted.put(e.getKey(), format(e.getValue(), null)));
            List<String> items = new ArrayList<>();
            sorted.forEach((k, val) -> items.add(k + ":" + val));
            return "map[" + String.join(" ", items) + "]";
        }
        return v.asText();
    }

    /** Go's time.Time String(): {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
    private static String goTime(String text) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(text);
            String rfc = dev.skiff.model.OciConfigJson.goTime(text);
            String clock = rfc.substring(rfc.indexOf('T') + 1).replaceAll("(Z|[+-]\\d\\d:\\d\\d)$", "");
            int seconds = t.getOffset().getTotalSeconds();
            String offset = String.format(
                    "%s%02d%02d", seconds < 0 ? "-" : "+", Math.abs(seconds) / 3600, Math.abs(seconds) / 60 % 60);
            return t.toLocalDate() + " " + clock + " " + offset + " " + (seconds == 0 ? "UTC" : offset);
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** A template mistake: the message names the part, the hint lets each front say where the template came from. */
    private static SkiffException invalid(String message) {
        return new SkiffException(message, Hint.TEMPLATE_INVALID);
    }
}
