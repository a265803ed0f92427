package dev.bgplab.speaker.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML value that remembers where it was written, so every configuration error can name the
 * file, the field path and the line. Read with Jackson's streaming parser; no data binding, so
 * each field is checked by code that knows what would be valid.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final int line;
    private final Object value; // String, Map<String, ConfigNode>, List<ConfigNode>, or null

    private ConfigNode(String file, String path, int line, Object value) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.value = value;
    }

    public static ConfigNode parse(String file, String text) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new ConfigNode(file, "", 1, new LinkedHashMap<String, ConfigNode>());
            return read(file, "", p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file + ":" + line + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static ConfigNode read(String file, String path, JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, ConfigNode> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (m.containsKey(key)) {
                        throw new ConfigException(file + ":" + keyLine + ": field '" + childPath + "' is given twice");
                    }
                    m.put(key, read(file, childPath, p));
                }
                return new ConfigNode(file, path, line, m);
            }
            case START_ARRAY -> {
                List<ConfigNode> l = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(file, path + "[" + i++ + "]", p));
                }
                return new ConfigNode(file, path, line, l);
            }
            case VALUE_NULL -> {
                return new ConfigNode(file, path, line, null);
            }
            default -> {
                return new ConfigNode(file, path, line, p.getText());
            }
        }
    }

    public String file() { return file; }
    public String path() { return path; }
    public int line() { return line; }
    public boolean isNull() { return value == null; }
    public boolean isMap() { return value instanceof Map; }
    public boolean isList() { return value instanceof List; }
    public boolean isScalar() { return value instanceof String; }

    /** "file:line: field 'peers[0].asn' ..." prefix for an error about this node. */
    public ConfigException error(String what) {
        return new ConfigException(file + ":" + line + ": field '" + (path.isEmpty() ? "(top level)" : path) + "' " + what);
    }

    @SuppressWarnings("unchecked")
    public Map<String, ConfigNode> asMap() {
        if (!isMap()) throw error("must be a mapping of 'key: value' lines");
        return (Map<String, ConfigNode>) value;
    }

    @SuppressWarnings("unchecked")
    public List<ConfigNode> asList() {
        if (!isList()) throw error("must be a list ('- item' lines or [a, b])");
        return (List<ConfigNode>) value;
    }

    public String asText() {
        if (!isScalar()) throw error("must be a single value, not " + (isMap() ? "a mapping" : isList() ? "a list" : "empty"));
        return (String) value;
    }

    /** A child field, or null when absent. */
    public ConfigNode get(String key) {
        return asMap().get(key);
    }

    /** Rejects fields this reader does not know, naming the closest valid one. */
    public void allowOnly(Set<String> known) {
        for (Map.Entry<String, ConfigNode> e : asMap().entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = closest(e.getKey(), known);
                throw new ConfigException(file + ":" + e.getValue().line + ": unknown field '" + e.getValue().path + "'"
                        + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                        + "; valid here: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    public ConfigNode require(String key) {
        ConfigNode n = get(key);
        if (n == null || n.isNull()) {
            throw new ConfigException(file + ":" + line + ": field '" + (path.isEmpty() ? key : path + "." + key) + "' is required");
        }
        return n;
    }

    public long asLong(long min, long max) {
        String s = asText();
        try {
            long v = Long.parseLong(s.trim());
            if (v < min || v > max) throw error("is " + v + "; valid: " + min + ".." + max);
            return v;
        } catch (NumberFormatException e) {
            throw error("is '" + s + "'; valid: a whole number " + min + ".." + max);
        }
    }

    public int asInt(int min, int max) {
        return (int) asLong(min, max);
    }

    public boolean asBoolean() {
        String s = asText().trim().toLowerCase();
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("is '" + asText() + "'; valid: true or false");
        };
    }

    /** Applies a parser that throws IllegalArgumentException and turns its message into a located error. */
    public <T> T as(java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(asText());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() == null ? "is not valid" : ": " + e.getMessage());
        }
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestD) { bestD = d; best = k; }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
