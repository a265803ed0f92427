package dev.bgplab.lab.frr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.route.ObservedRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses what FRR 8.4 prints in JSON into the lab's typed views. Written against real 8.4.4 output
 * (samples under src/test/resources/frr-8.4); newer FRR renamed some fields, see the README.
 * Stateless.
 */
public final class FrrJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private FrrJson() {
    }

    /** One JSON document. */
    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + abbreviate(text), e);
        }
    }

    /** Several JSON documents one after another, as vtysh prints for several {@code -c ... json}. */
    public static List<JsonNode> readAll(String text) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not a sequence of JSON documents: " + abbreviate(text), e);
        }
        return out;
    }

    // ---- show bgp neighbors json -------------------------------------------------------------

    /** {@code show bgp [vrf X] neighbors json}: an object keyed by neighbor address. */
    public static List<BgpNeighbor> neighbors(JsonNode root) {
        List<BgpNeighbor> out = new ArrayList<>();
        root.properties().forEach(e -> {
            if (e.getValue().isObject() && e.getValue().has("bgpState")) {
                out.add(neighbor(e.getKey(), e.getValue()));
            }
        });
        return out;
    }

    static BgpNeighbor neighbor(String address, JsonNode n) {
        Map<String, Long> received = new LinkedHashMap<>();
        Map<String, Long> sent = new LinkedHashMap<>();
        n.path("addressFamilyInfo").properties().forEach(af -> {
            JsonNode info = af.getValue();
            if (info.has("acceptedPrefixCounter")) {
                received.put(af.getKey(), info.get("acceptedPrefixCounter").asLong());
            }
            if (info.has("sentPrefixCounter")) {
                sent.put(af.getKey(), info.get("sentPrefixCounter").asLong());
            }
        });
        String state = n.path("bgpState").asText();
        // 8.4 prints bgpTimerUpMsec only while Established; after a reset it holds the down time
        Duration uptime = BgpNeighbor.ESTABLISHED.equals(state) && n.has("bgpTimerUpMsec")
                ? Duration.ofMillis(n.get("bgpTimerUpMsec").asLong()) : Duration.ZERO;
        Optional<String> lastReset = text(n, "lastResetDueTo");
        return new BgpNeighbor(address, n.path("remoteAs").asLong(), n.path("localAs").asLong(), state,
                text(n, "remoteRouterId").filter(id -> !"0.0.0.0".equals(id)), text(n, "hostname"), uptime,
                Collections.unmodifiableMap(received), Collections.unmodifiableMap(sent), lastReset,
                lastNotification(n, lastReset), capabilities(n.path("neighborCapabilities")), n);
    }

    private static Optional<BgpNeighbor.LastNotification> lastNotification(JsonNode n, Optional<String> lastReset) {
        Optional<String> codes = text(n, "lastErrorCodeSubcode");
        if (codes.isEmpty() || codes.get().length() != 4) {
            return Optional.empty();
        }
        int code = Integer.parseInt(codes.get().substring(0, 2), 16);
        int subcode = Integer.parseInt(codes.get().substring(2), 16);
        // "BGP Notification received" / "BGP Notification send": the only place 8.4 says which way it went
        boolean received = lastReset.map(r -> r.toLowerCase().contains("received")).orElse(false);
        return Optional.of(new BgpNeighbor.LastNotification(code, subcode, n.path("lastNotificationReason").asText(""),
                received, text(n, "lastShutdownDescription")));
    }

    private static BgpNeighbor.Capabilities capabilities(JsonNode caps) {
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, String> multiprotocol = new LinkedHashMap<>();
        Map<String, Set<String>> addPath = new LinkedHashMap<>();
        caps.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                states.put(e.getKey(), e.getValue().asText());
            }
        });
        // 8.4: "multiprotocolExtensions":{"ipv4Unicast":{"advertisedAndReceived":true}}
        caps.path("multiprotocolExtensions").properties().forEach(af -> af.getValue().properties().forEach(s -> {
            if (s.getValue().asBoolean()) {
                multiprotocol.put(af.getKey(), s.getKey());
            }
        }));
        // 8.4: "addPath":{"ipv4Unicast":{"rxAdvertisedAndReceived":true}}
        caps.path("addPath").properties().forEach(af -> {
            Set<String> flags = new LinkedHashSet<>();
            af.getValue().properties().forEach(s -> {
                if (s.getValue().asBoolean()) {
                    flags.add(s.getKey());
                }
            });
            addPath.put(af.getKey(), Collections.unmodifiableSet(flags));
        });
        return new BgpNeighbor.Capabilities(Collections.unmodifiableMap(states),
                Collections.unmodifiableMap(multiprotocol), Collections.unmodifiableMap(addPath));
    }

    // ---- show bgp <afi> <safi> json / show bgp <afi> <safi> <prefix> json -----------------------

    /** The prefixes in {@code show bgp <afi> <safi> json} (the table view, without communities in 8.4). */
    public static List<String> tablePrefixes(JsonNode table) {
        List<String> out = new ArrayList<>();
        table.path("routes").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * Paths of one or more {@code show bgp <afi> <safi> <prefix> json} documents, by prefix, in
     * the order given. A prefix FRR no longer holds prints as {@code {}} and is left out.
     */
    public static Map<String, List<ObservedRoute>> prefixDetails(List<JsonNode> documents) {
        Map<String, List<ObservedRoute>> out = new LinkedHashMap<>();
        for (JsonNode doc : documents) {
            String prefix = doc.path("prefix").asText("");
            if (prefix.isEmpty() || !doc.path("paths").isArray()) {
                continue;
            }
            List<ObservedRoute> paths = new ArrayList<>();
            doc.path("paths").forEach(p -> paths.add(path(prefix, p)));
            out.put(prefix, List.copyOf(paths));
        }
        return Collections.unmodifiableMap(out);
    }

    static ObservedRoute path(String prefix, JsonNode p) {
        List<String> nextHops = new ArrayList<>();
        p.path("nexthops").forEach(nh -> nextHops.add(nh.path("ip").asText()));
        // 8.4 prints "Local" as the AS path string of a locally originated path in the detail view
        // (and "" in the table view): map both to ""
        String asPath = p.path("aspath").path("string").asText("");
        if ("Local".equals(asPath)) {
            asPath = "";
        }
        JsonNode best = p.path("bestpath");
        boolean isBest = best.path("overall").asBoolean(false);
        boolean valid = p.path("valid").asBoolean(false);
        boolean local = p.path("local").asBoolean(false) || p.path("sourced").asBoolean(false);
        return ObservedRoute.builder(prefix)
                .nextHops(nextHops)
                .asPath(asPath)
                .origin(p.path("origin").asText("").toLowerCase(Locale.ROOT))
                .med(optionalLong(p, "metric"))
                .localPref(optionalLong(p, "locPrf"))
                .weight(p.path("weight").asLong(0))
                .communities(communities(p.path("community")))
                .largeCommunities(communities(p.path("largeCommunity")))
                .extCommunities(words(p.path("extendedCommunity").path("string")))
                .peer(local ? "local" : p.path("peer").path("peerId").asText(""))
                .best(isBest)
                .selected(valid && (isBest || p.path("multipath").asBoolean(false)))
                .valid(valid)
                .selectionReason(text(best, "selectionReason"))
                .raw(p)
                .build();
    }

    // ---- ip -j route -------------------------------------------------------------------------

    public static List<KernelRoute> kernelRoutes(FrrFamily family, JsonNode routes) {
        List<KernelRoute> out = new ArrayList<>();
        routes.forEach(r -> out.add(new KernelRoute(family, r.path("dst").asText(), text(r, "gateway"), text(r, "dev"),
                r.path("protocol").asText("boot"), r.path("type").asText("unicast"), optionalLong(r, "metric"))));
        return List.copyOf(out);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    private static OptionalLong optionalLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    /**
     * Communities in CLI form. 8.4 cuts {@code string} at 8191 characters (about 740 standard
     * communities) but lists them all under {@code list}, where well-known ones have JSON names
     * ({@code noExport}): the list is used when it is longer, with those names in CLI form.
     */
    private static List<String> communities(JsonNode attribute) {
        List<String> words = words(attribute.path("string"));
        JsonNode list = attribute.path("list");
        if (!list.isArray() || list.size() <= words.size()) {
            return words;
        }
        List<String> out = new ArrayList<>(list.size());
        list.forEach(c -> out.add(WELL_KNOWN_COMMUNITIES.getOrDefault(c.asText(), c.asText())));
        return List.copyOf(out);
    }

    // bgp_community.c: the JSON name of each well-known community and its CLI text
    private static final Map<String, String> WELL_KNOWN_COMMUNITIES = Map.ofEntries(
            Map.entry("internet", "internet"), Map.entry("gracefulShutdown", "graceful-shutdown"),
            Map.entry("acceptown", "accept-own"), Map.entry("acceptownNexthop", "accept-own-nexthop"),
            Map.entry("routeFilterTranslatedV4", "route-filter-translated-v4"), Map.entry("routeFilterV4", "route-filter-v4"),
            Map.entry("routeFilterTranslatedV6", "route-filter-translated-v6"), Map.entry("routeFilterV6", "route-filter-v6"),
            Map.entry("llgrStale", "llgr-stale"), Map.entry("noLlgr", "no-llgr"), Map.entry("blackhole", "blackhole"),
            Map.entry("noExport", "no-export"), Map.entry("noAdvertise", "no-advertise"), Map.entry("localAs", "local-AS"),
            Map.entry("noPeer", "no-peer"));

    private static List<String> words(JsonNode text) {
        String s = text.asText("").strip();
        return s.isEmpty() ? List.of() : List.copyOf(Arrays.asList(s.split("\\s+")));
    }

    private static String abbreviate(String text) {
        String s = text.strip();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
