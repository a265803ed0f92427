package dev.bgplab.lab.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parsers for {@code gobgp -j} output (GoBGP 3.x); pure functions, any thread. */
public final class GobgpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** apipb.PeerState.SessionState, printed as its number by {@code gobgp -j neighbor}. */
    private static final List<String> SESSION_STATES =
            List.of("UNKNOWN", "IDLE", "CONNECT", "ACTIVE", "OPENSENT", "OPENCONFIRM", "ESTABLISHED");
    private static final List<String> ORIGINS = List.of("igp", "egp", "incomplete");

    private GobgpJson() {
    }

    /**
     * One neighbour from {@code gobgp -j neighbor}.
     *
     * @param state "IDLE", "CONNECT", "ACTIVE", "OPENSENT", "OPENCONFIRM" or "ESTABLISHED"
     * @param raw the whole JSON object, for capabilities, counters and timers
     */
    public record NeighborState(String address, long peerAs, String state, String routerId, JsonNode raw) {
        public boolean established() {
            return state.equals("ESTABLISHED");
        }

        /** Capabilities the neighbour sent, by apipb name less "Capability" ("AddPath", "GracefulRestart"...). */
        public List<String> remoteCapabilities() {
            return capabilities(raw.path("state").path("remote_cap"));
        }

        /** Capabilities GoBGP sent to this neighbour. */
        public List<String> localCapabilities() {
            return capabilities(raw.path("state").path("local_cap"));
        }

        private static List<String> capabilities(JsonNode list) {
            List<String> out = new ArrayList<>();
            for (JsonNode c : list) {
                String type = c.path("type_url").asText("");
                out.add(type.substring(type.lastIndexOf('.') + 1).replaceFirst("Capability$", ""));
            }
            return out;
        }
    }

    public static List<NeighborState> parseNeighbors(String text) {
        List<NeighborState> out = new ArrayList<>();
        for (JsonNode n : read(text)) {
            JsonNode state = n.path("state");
            JsonNode session = state.path("session_state");
            String name = session.isNumber() && session.asInt() < SESSION_STATES.size()
                    ? SESSION_STATES.get(session.asInt())
                    : session.asText("UNKNOWN").toUpperCase(Locale.ROOT);
            out.add(new NeighborState(n.path("conf").path("neighbor_address").asText(),
                    n.path("conf").path("peer_asn").asLong(), name, state.path("router_id").asText(""), n));
        }
        return out;
    }

    /** Every path of {@code gobgp -j global rib}: an object from prefix to a list of paths. */
    public static List<ObservedRoute> parseRib(String text) {
        List<ObservedRoute> out = new ArrayList<>();
        JsonNode rib = read(text);
        Iterator<Map.Entry<String, JsonNode>> prefixes = rib.fields();
        while (prefixes.hasNext()) {
            Map.Entry<String, JsonNode> entry = prefixes.next();
            for (JsonNode path : entry.getValue()) {
                out.add(route(entry.getKey(), path));
            }
        }
        return out;
    }

    private static ObservedRoute route(String prefix, JsonNode path) {
        ObservedRoute.Builder route = ObservedRoute.builder(path.path("nlri").path("prefix").asText(prefix));
        List<String> communities = new ArrayList<>();
        List<String> large = new ArrayList<>();
        List<String> ext = new ArrayList<>();
        List<DaemonUnknownAttribute> unknown = new ArrayList<>();
        for (JsonNode a : path.path("attrs")) {
            int type = a.path("type").asInt();
            switch (type) {
                case 1 -> route.origin(ORIGINS.get(Math.min(2, a.path("value").asInt())));
                case 2 -> route.asPath(asPath(a.path("as_paths")));
                case 3, 14 -> route.nextHop(a.path("nexthop").asText(""));
                case 4 -> route.med(a.path("metric").asLong());
                case 5 -> route.localPref(a.path("value").asLong());
                case 8 -> a.path("communities").forEach(n -> {
                    long v = n.asLong();
                    communities.add((v >>> 16) + ":" + (v & 0xFFFF));
                });
                case 16 -> a.path("value").forEach(e -> ext.add(extCommunity(e)));
                case 32 -> a.path("value").forEach(l -> large.add(l.path("ASN").asLong() + ":"
                        + l.path("LocalData1").asLong() + ":" + l.path("LocalData2").asLong()));
                default -> {
                    // GoBGP keeps unknown attributes as {"flags":192,"type":240,"value":"<base64>"}
                    if (a.has("flags") && a.path("value").isTextual()) {
                        int flags = a.path("flags").asInt();
                        unknown.add(new DaemonUnknownAttribute(type, flags, (flags & RawAttribute.TRANSITIVE) != 0,
                                HexFormat.of().formatHex(Base64.getDecoder().decode(a.path("value").asText()))));
                    }
                }
            }
        }
        return route.communities(communities).largeCommunities(large).extCommunities(ext).unknownAttributes(unknown)
                .peer(path.path("neighbor-ip").asText("")).best(path.path("best").asBoolean(false)).build();
    }

    /**
     * GoBGP's AS_PATH segments ({"segment_type":2,"asns":[...]}) as text the way bgplab prints them: a
     * sequence as its ASNs, a set in braces, confederation segments in parentheses and brackets.
     */
    static String asPath(JsonNode segments) {
        List<String> out = new ArrayList<>();
        for (JsonNode segment : segments) {
            List<String> asns = new ArrayList<>();
            segment.path("asns").forEach(n -> asns.add(String.valueOf(n.asLong())));
            String body = String.join(" ", asns);
            out.add(switch (segment.path("segment_type").asInt(2)) {
                case 1 -> "{" + body + "}";
                case 3 -> "(" + body + ")";
                case 4 -> "[" + body + "]";
                default -> body;
            });
        }
        return String.join(" ", out.stream().filter(s -> !s.isEmpty()).toList());
    }

    private static String extCommunity(JsonNode e) {
        String value = e.path("value").asText("");
        return switch (e.path("subtype").asInt(-1)) {
            case 2 -> "rt:" + value;
            case 3 -> "ro:" + value;
            default -> "type" + e.path("type").asInt() + "/" + e.path("subtype").asInt() + ":" + value;
        };
    }

    private static JsonNode read(String text) {
        try {
            String trimmed = text.trim();
            return JSON.readTree(trimmed.isEmpty() ? "[]" : trimmed);
        } catch (IOException e) {
            throw new UncheckedIOException("gobgp printed no JSON: " + text, e);
        }
    }
}
