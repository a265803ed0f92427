package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.lab.tls.LabApiAccess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Reads a bgplab speaker through its management API (in a container over the lab's management
 * network, or in-process over loopback). {@code unmap} turns addresses the speaker reports back
 * into the topology's addresses (the embedded runtime runs on 127/8 stand-ins).
 */
public final class SpeakerApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String node;
    private final URI base;
    private final UnaryOperator<String> unmap;
    private final HttpClient http;
    private final String authorization;

    /** Plain HTTP, no token: a speaker whose API is on loopback (the embedded runtime). */
    public SpeakerApiClient(String node, String hostAndPort, UnaryOperator<String> unmap) {
        this(node, hostAndPort, unmap, null);
    }

    /**
     * With {@code access}: HTTPS (TLS 1.3) trusting only the lab CA, and the lab's bearer token
     * on every request. Without: plain HTTP.
     */
    public SpeakerApiClient(String node, String hostAndPort, UnaryOperator<String> unmap, LabApiAccess access) {
        this.node = node;
        this.base = URI.create((access == null ? "http://" : "https://") + hostAndPort);
        this.unmap = unmap;
        this.http = access == null ? HTTP : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(access.context())
                .sslParameters(LabApiAccess.parameters()).build();
        this.authorization = access == null ? null : "Bearer " + access.token();
    }

    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout);
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String pathAndQuery) {
        return send(request(pathAndQuery, Duration.ofSeconds(5)).GET().build());
    }

    public JsonNode post(String pathAndQuery, String body) {
        return send(request(pathAndQuery, Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(node + ": " + request.method() + " " + request.uri() + " answered "
                        + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(node + ": " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(node + ": interrupted calling " + request.uri(), e);
        }
    }

    public boolean answers() {
        return whyNotAnswering() == null;
    }

    /** Null when GET /api/speaker answers 200; else why not (refused, TLS handshake, 401 ...). */
    public String whyNotAnswering() {
        try {
            get("/api/speaker");
            return null;
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c.getClass().getSimpleName() + ": " + c.getMessage();
        }
    }

    public List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (JsonNode p : get("/api/peers")) {
            out.add(new Session(p.path("name").asText(), unmap.apply(p.path("address").asText()), p.path("state").asText()));
        }
        return out;
    }

    /** GET /api/explain?prefix=P: the speaker's sentences about one prefix. */
    public List<String> explain(String prefix) {
        List<String> out = new ArrayList<>();
        get("/api/explain?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)).path("sentences").forEach(x -> out.add(unmapText(x.asText())));
        return out;
    }

    private String unmapText(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b127\\.\\d+\\.\\d+\\.\\d+\\b").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(unmap.apply(m.group())));
        }
        return m.appendTail(sb).toString();
    }

    /** The /api/peers entry of one peer (by name), or null. */
    public JsonNode peer(String name) {
        for (JsonNode p : get("/api/peers")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The Loc-RIB, both families. Peers are given by address when the speaker names them (name/address). */
    public List<RouteEntry> locRib() {
        List<Session> sessions = sessions();
        List<RouteEntry> out = new ArrayList<>();
        for (JsonNode e : get("/api/rib?table=loc")) {
            List<ObservedRoute> paths = new ArrayList<>();
            String prefix = e.path("prefix").asText();
            for (JsonNode p : e.path("paths")) {
                String peerName = p.path("peer").asText();
                String peer = sessions.stream().filter(s -> s.peer().equals(peerName)).map(Session::address).findFirst()
                        .orElse(peerName);
                boolean best = p.path("best").asBoolean();
                paths.add(path(prefix, p).peer(peer).best(best).selected(best || p.path("multipath").asBoolean()).build());
            }
            out.add(new RouteEntry(prefix, paths));
        }
        return out;
    }

    /**
     * What each peer sent, before import policy (every peer's pre-policy Adj-RIB-In, both families):
     * shows a route that arrived but never reached the Loc-RIB (a loop, a route-map). Every path
     * counts as selected.
     */
    public List<RouteEntry> received() {
        java.util.Map<String, List<ObservedRoute>> byPrefix = new java.util.LinkedHashMap<>();
        for (Session s : sessions()) {
            for (String family : List.of("ipv4-unicast", "ipv6-unicast")) {
                for (JsonNode e : get("/api/rib?table=in-pre&family=" + family + "&peer=" + URLEncoder.encode(s.peer(), StandardCharsets.UTF_8))) {
                    String prefix = e.path("prefix").asText();
                    for (JsonNode p : e.path("paths")) {
                        byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>())
                                .add(path(prefix, p).peer(s.address()).best(false).selected(true).build());
                    }
                }
            }
        }
        List<RouteEntry> out = new ArrayList<>();
        byPrefix.forEach((k, v) -> out.add(new RouteEntry(k, v)));
        return out;
    }

    /**
     * The fields of one API path that do not depend on the table it is in: next hop (as a topology
     * address), AS path, origin, MED, local-pref, weight, communities, and whether its next hop is
     * reachable (valid).
     */
    private ObservedRoute.Builder path(String prefix, JsonNode p) {
        JsonNode origin = p.path("origin");
        return ObservedRoute.builder(prefix)
                .nextHop(p.path("nextHop").isNull() ? "" : unmap.apply(p.path("nextHop").asText()))
                .asPath(p.path("asPath").asText())
                .origin(origin.isTextual() ? origin.asText().toLowerCase(Locale.ROOT) : "")
                .med(p.path("med").isNumber() ? OptionalLong.of(p.path("med").asLong()) : OptionalLong.empty())
                .localPref(p.path("localPref").isNumber() ? OptionalLong.of(p.path("localPref").asLong())
                        : OptionalLong.empty())
                .weight(p.path("weight").asLong(0))
                .communities(texts(p.path("communities")))
                .largeCommunities(texts(p.path("largeCommunities")))
                .extCommunities(texts(p.path("extendedCommunities")))
                .valid(p.path("nextHopReachable").asBoolean(true));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(c -> out.add(c.asText()));
        return out;
    }

    /** GET /api/events?since=SEQ: the speaker's Loc-RIB and session events after SEQ, as topology addresses. */
    public List<JsonNode> rawEvents(long since) {
        HttpRequest request = request("/api/events?since=" + since, Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(node + ": GET " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            List<JsonNode> out = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(node + ": " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(node + ": interrupted calling " + request.uri(), e);
        }
    }

    /** Turns one /api/events line into a {@link RouteEvent} of {@code nodeName}; peer names become addresses. */
    public RouteEvent event(String nodeName, JsonNode e, java.util.Map<String, String> addressByPeerName) {
        long us = e.path("timeMicros").asLong();
        java.time.Instant at = java.time.Instant.ofEpochSecond(us / 1_000_000L, (us % 1_000_000L) * 1000L);
        String peerName = e.path("peer").isNull() ? null : e.path("peer").asText(null);
        String peer = peerName == null ? null : addressByPeerName.getOrDefault(peerName, peerName);
        if ("session".equals(e.path("kind").asText())) {
            return new RouteEvent(at, nodeName, "session", null, List.of(), peer,
                    "session " + peerName + " " + e.path("state").asText() + (e.path("reason").isNull() ? "" : ": " + e.path("reason").asText()), null);
        }
        List<String> nhs = new ArrayList<>();
        e.path("nextHops").forEach(n -> nhs.add(unmap.apply(n.asText())));
        if (nhs.isEmpty() && "local".equals(peerName)) {
            nhs.add("local");
        }
        return new RouteEvent(at, nodeName, "loc-rib", e.path("prefix").asText(), nhs, peer,
                nhs.isEmpty() ? "withdrawn" : "best from " + peerName + (e.path("asPath").asText("").isEmpty() ? "" : " [" + e.path("asPath").asText() + "]"),
                e.path("asPath").isNull() ? null : e.path("asPath").asText(null));
    }

    public void reload(String yaml) {
        post("/api/config", yaml);
    }

    public void softReset(String peer) {
        post("/api/soft-reset?peer=" + URLEncoder.encode(peer, StandardCharsets.UTF_8) + "&direction=both", "");
    }
}
