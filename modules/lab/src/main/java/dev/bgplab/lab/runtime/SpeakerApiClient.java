package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    public SpeakerApiClient(String node, String hostAndPort, UnaryOperator<String> unmap) {
        this.node = node;
        this.base = URI.create("http://" + hostAndPort);
        this.unmap = unmap;
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    public JsonNode post(String pathAndQuery, String body) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
        try {
            get("/api/speaker");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (JsonNode p : get("/api/peers")) {
            out.add(new Session(p.path("name").asText(), unmap.apply(p.path("address").asText()), p.path("state").asText()));
        }
        return out;
    }

    /** The Loc-RIB, both families. Peers are given by address when the speaker names them (name/address). */
    public List<RouteEntry> locRib() {
        List<Session> sessions = sessions();
        List<RouteEntry> out = new ArrayList<>();
        for (JsonNode e : get("/api/rib?table=loc")) {
            List<RoutePath> paths = new ArrayList<>();
            for (JsonNode p : e.path("paths")) {
                List<String> communities = new ArrayList<>();
                p.path("communities").forEach(c -> communities.add(c.asText()));
                String peerName = p.path("peer").asText();
                String peer = sessions.stream().filter(s -> s.peer().equals(peerName)).map(Session::address).findFirst()
                        .orElse(peerName);
                String nh = p.path("nextHop").isNull() ? "" : unmap.apply(p.path("nextHop").asText());
                boolean best = p.path("best").asBoolean();
                paths.add(new RoutePath(nh.isEmpty() ? List.of() : List.of(nh), p.path("asPath").asText(), communities, peer,
                        best, best || p.path("multipath").asBoolean()));
            }
            out.add(new RouteEntry(e.path("prefix").asText(), paths));
        }
        return out;
    }

    /**
     * What each peer sent, before import policy (every peer's pre-policy Adj-RIB-In, both families):
     * shows a route that arrived but never reached the Loc-RIB (a loop, a route-map). Every path
     * counts as selected.
     */
    public List<RouteEntry> received() {
        java.util.Map<String, List<RoutePath>> byPrefix = new java.util.LinkedHashMap<>();
        for (Session s : sessions()) {
            for (String family : List.of("ipv4-unicast", "ipv6-unicast")) {
                for (JsonNode e : get("/api/rib?table=in-pre&family=" + family + "&peer=" + URLEncoder.encode(s.peer(), StandardCharsets.UTF_8))) {
                    for (JsonNode p : e.path("paths")) {
                        List<String> communities = new ArrayList<>();
                        p.path("communities").forEach(c -> communities.add(c.asText()));
                        String nh = p.path("nextHop").isNull() ? "" : unmap.apply(p.path("nextHop").asText());
                        byPrefix.computeIfAbsent(e.path("prefix").asText(), k -> new ArrayList<>())
                                .add(new RoutePath(nh.isEmpty() ? List.of() : List.of(nh), p.path("asPath").asText(), communities,
                                        s.address(), false, true));
                    }
                }
            }
        }
        List<RouteEntry> out = new ArrayList<>();
        byPrefix.forEach((k, v) -> out.add(new RouteEntry(k, v)));
        return out;
    }

    public void reload(String yaml) {
        post("/api/config", yaml);
    }

    public void softReset(String peer) {
        post("/api/soft-reset?peer=" + URLEncoder.encode(peer, StandardCharsets.UTF_8) + "&direction=both", "");
    }
}
