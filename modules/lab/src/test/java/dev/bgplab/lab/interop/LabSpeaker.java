package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * One in-process bgplab speaker for the interop tests, read through its management API exactly as
 * a user would (/api/peers, /api/rib, /api/explain, POST /api/config). Owned by the test thread.
 */
final class LabSpeaker implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    final String address;
    final int port;
    final long asn;
    private final BgpSpeaker speaker;

    private LabSpeaker(String address, int port, long asn, BgpSpeaker speaker) {
        this.address = address;
        this.port = port;
        this.asn = asn;
        this.speaker = speaker;
    }

    /** Starts a speaker on address:port; {@code body} is its YAML after router-id, asn, listen and api. */
    static LabSpeaker start(String address, int port, String routerId, long asn, String body) throws Exception {
        String yaml = config(routerId, asn, address, port, body);
        return new LabSpeaker(address, port, asn, BgpSpeaker.start(ConfigLoader.parse("interop-" + routerId + ".yml", yaml)));
    }

    static String config(String routerId, long asn, String address, int port, String body) {
        return """
                router-id: %s
                asn: %d
                listen: {address: %s, port: %d}
                api: {port: 0}
                ebgp-requires-policy: false
                """.formatted(routerId, asn, address, port) + body;
    }

    /** The YAML this speaker was started with, with {@code body} replaced, for POST /api/config. */
    String configWith(String routerId, String body) {
        return config(routerId, asn, address, port, body);
    }

    FsmState state(String peer) {
        return speaker.state(peer);
    }

    void awaitEstablished(String peer, Duration timeout) {
        Awaitility.await(peer + " Established on bgplab").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> speaker.state(peer) == FsmState.ESTABLISHED);
    }

    JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", pathAndQuery, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode post(String pathAndQuery, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s: %s", pathAndQuery, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + speaker.apiAddress().getPort() + pathAndQuery);
    }

    JsonNode peer(String name) throws Exception {
        for (JsonNode p : get("/api/peers")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("bgplab has no peer " + name);
    }

    List<String> capabilities(String peer) throws Exception {
        List<String> out = new ArrayList<>();
        peer(peer).path("capabilities").forEach(c -> out.add(c.asText()));
        return out;
    }

    /** The Loc-RIB paths of one prefix (empty when absent). */
    JsonNode paths(String prefix) throws Exception {
        JsonNode rib = get("/api/rib?prefix=" + enc(prefix));
        return rib.isEmpty() ? JSON.createArrayNode() : rib.get(0).path("paths");
    }

    /** The first Loc-RIB path of a prefix, awaited. */
    JsonNode awaitPath(String prefix, Duration timeout) {
        return Awaitility.await(prefix + " in bgplab's Loc-RIB").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> paths(prefix), p -> p.size() > 0).get(0);
    }

    void awaitAbsent(String prefix, Duration timeout) {
        Awaitility.await(prefix + " gone from bgplab's Loc-RIB").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> paths(prefix).isEmpty());
    }

    List<String> explain(String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        get("/api/explain?prefix=" + enc(prefix)).path("sentences").forEach(s -> out.add(s.asText()));
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        speaker.close();
    }
}
