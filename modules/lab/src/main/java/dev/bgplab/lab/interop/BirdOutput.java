package dev.bgplab.lab.interop;

import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the text {@code birdc} prints (BIRD 2.0.x); pure functions, any thread. */
public final class BirdOutput {
    private static final Pattern ROUTE_START = Pattern.compile(
            "^(\\S+)?\\s+(unicast|blackhole|unreachable|prohibit|multipath)\\s+\\[(\\S+)\\s([^\\]]*)\\](\\s+\\*)?.*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s+BGP\\.([a-z0-9_]+)(?:\\s*\\[([^\\]]*)\\])?:\\s*(.*)$");
    private static final Pattern GROUP = Pattern.compile("\\(([^)]*)\\)");
    private static final Pattern FROM = Pattern.compile("from (\\S+)");

    private BirdOutput() {
    }

    /**
     * One protocol from {@code show protocols all}.
     *
     * @param details the indented "Key: value" lines, first occurrence of each key
     *     ("BGP state", "Neighbor address", "Neighbor AS", "Local AS", "Last error", ...)
     */
    public record Protocol(String name, String proto, String table, String state, String info,
                           Map<String, String> details, String text) {
        public Protocol {
            details = Map.copyOf(details);
        }

        /** Capability names BIRD advertised ("ADD-PATH", "Graceful restart", "Extended message"...). */
        public List<String> localCapabilities() {
            return capabilities("Local capabilities");
        }

        /** Capability names the neighbour advertised, once the session reached OpenConfirm. */
        public List<String> neighborCapabilities() {
            return capabilities("Neighbor capabilities");
        }

        private List<String> capabilities(String heading) {
            List<String> out = new ArrayList<>();
            int headingIndent = -1;
            int itemIndent = -1;
            for (String line : text.split("\n")) {
                int indent = line.length() - line.stripLeading().length();
                if (headingIndent < 0) {
                    if (line.trim().equals(heading)) {
                        headingIndent = indent;
                    }
                    continue;
                }
                if (line.isBlank() || indent <= headingIndent) {
                    break;
                }
                if (itemIndent < 0) {
                    itemIndent = indent;
                }
                if (indent == itemIndent) {
                    String item = line.trim();
                    int colon = item.indexOf(':');
                    out.add(colon > 0 ? item.substring(0, colon) : item);
                }
            }
            return out;
        }

        /** "Established", "Active", "Connect", "Idle", "Down"... or empty for non-BGP protocols. */
        public String bgpState() {
            return details.getOrDefault("BGP state", "");
        }

        public boolean established() {
            return bgpState().equals("Established");
        }

        public String lastError() {
            return details.getOrDefault("Last error", "");
        }
    }

    public static List<Protocol> parseProtocols(String text) {
        List<Protocol> protocols = new ArrayList<>();
        String[] header = null;
        Map<String, String> details = null;
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Name ")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (header != null) {
                    protocols.add(protocol(header, details, block));
                }
                header = line.trim().split("\\s+", 6);
                details = new LinkedHashMap<>();
                block = new StringBuilder();
            } else if (details != null) {
                block.append(line).append('\n');
                int colon = line.indexOf(':');
                if (colon > 0) {
                    details.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        }
        if (header != null) {
            protocols.add(protocol(header, details, block));
        }
        return protocols;
    }

    private static Protocol protocol(String[] h, Map<String, String> details, StringBuilder block) {
        return new Protocol(h[0], at(h, 1), at(h, 2), at(h, 3), at(h, 5).trim(), details, block.toString());
    }

    private static String at(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }

    /** Routes from {@code show route all [table T]}; every path of a prefix is one route. */
    public static List<ObservedRoute> parseRoutes(String text) {
        List<ObservedRoute> routes = new ArrayList<>();
        RouteBuilder current = null;
        String prefix = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("BIRD ") || line.startsWith("Table ")) {
                continue;
            }
            Matcher start = ROUTE_START.matcher(line);
            if (start.matches()) {
                if (current != null) {
                    routes.add(current.build());
                }
                if (start.group(1) != null) {
                    prefix = start.group(1);
                }
                current = new RouteBuilder(prefix);
                Matcher from = FROM.matcher(start.group(4));
                current.fromPeer = from.find() ? from.group(1) : start.group(3);
                current.best = start.group(5) != null;
                continue;
            }
            Matcher attribute = ATTRIBUTE.matcher(line);
            if (current != null && attribute.matches()) {
                current.attribute(attribute.group(1), attribute.group(2), attribute.group(3).trim());
            }
        }
        if (current != null) {
            routes.add(current.build());
        }
        return routes;
    }

    private static final class RouteBuilder {
        final String prefix;
        String nextHop = "";
        String asPath = "";
        String origin = "";
        Long med;
        Long localPref;
        final List<String> communities = new ArrayList<>();
        final List<String> large = new ArrayList<>();
        final List<String> ext = new ArrayList<>();
        final List<DaemonUnknownAttribute> unknown = new ArrayList<>();
        String fromPeer = "";
        boolean best;

        RouteBuilder(String prefix) {
            this.prefix = prefix;
        }

        void attribute(String name, String flags, String value) {
            switch (name) {
                case "origin" -> origin = value.toLowerCase(Locale.ROOT);
                // as BIRD prints it: "65001 65002 {65003 65004}"
                case "as_path" -> asPath = value.trim().replaceAll("\\s+", " ");
                case "next_hop" -> nextHop = value.split("\\s+")[0];
                case "med" -> med = Long.parseLong(value);
                case "local_pref" -> localPref = Long.parseLong(value);
                case "community" -> communities.addAll(groups(value));
                case "large_community" -> large.addAll(groups(value));
                case "ext_community" -> ext.addAll(groups(value));
                default -> {
                    // BIRD prints attributes it does not know as "BGP.f0 [t]: 01 02 03"
                    if (name.matches("[0-9a-f]{2}")) {
                        boolean transitive = flags != null && flags.contains("t");
                        unknown.add(new DaemonUnknownAttribute(Integer.parseInt(name, 16), -1, transitive,
                                value.replace(" ", "").toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }

        ObservedRoute build() {
            return ObservedRoute.builder(prefix).nextHop(nextHop).asPath(asPath).origin(origin)
                    .med(med == null ? OptionalLong.empty() : OptionalLong.of(med))
                    .localPref(localPref == null ? OptionalLong.empty() : OptionalLong.of(localPref))
                    .communities(communities).largeCommunities(large).extCommunities(ext).unknownAttributes(unknown)
                    .peer(fromPeer).best(best).build();
        }
    }

    /** "(65002,100) (65002,101)" to ["65002:100", "65002:101"]; also large and extended ones. */
    static List<String> groups(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = GROUP.matcher(value);
        while (m.find()) {
            out.add(m.group(1).replace(" ", "").replace(',', ':'));
        }
        return out;
    }
}
