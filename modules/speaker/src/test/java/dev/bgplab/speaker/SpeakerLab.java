package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Real speakers on 127.0.0.x for end-to-end tests: started in parallel from YAML, read and changed
 * through their management API, all closed together. Owned by one test class.
 */
final class SpeakerLab implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, BgpSpeaker> speakers = new LinkedHashMap<>();
    /** One BGP port shared by every speaker of the lab, each on its own loopback address. */
    final int port;

    SpeakerLab() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    /**
     * Starts every named YAML config at once; start the side whose peers are {@code passive} first, in
     * its own call, so the active side finds it listening (a failed first connect costs an idle hold).
     * File name NAME.yml; PORT in the text is replaced by {@link #port}.
     */
    void startFirst(Map<String, String> yamlByName) throws Exception { start(yamlByName); }

    /** Starts every named YAML config at once (file name NAME.yml); PORT in the text is replaced by {@link #port}. */
    void start(Map<String, String> yamlByName) throws Exception {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (var e : yamlByName.entrySet()) {
            String yaml = e.getValue().replace("PORT", String.valueOf(port));
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse(e.getKey() + ".yml", yaml));
                    synchronized (speakers) {
                        speakers.put(e.getKey(), s);
                    }
                } catch (Exception ex) {
                    throw new IllegalStateException(e.getKey() + ": " + ex.getMessage(), ex);
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    BgpSpeaker speaker(String name) {
        synchronized (speakers) {
            return speakers.get(name);
        }
    }

    String yaml(String text) { return text.replace("PORT", String.valueOf(port)); }

    boolean established(String speaker, String... peers) {
        for (String p : peers) if (speaker(speaker).state(p) != FsmState.ESTABLISHED) return false;
        return true;
    }

    String url(String speaker, String path) {
        return "http://127.0.0.1:" + speaker(speaker).apiAddress().getPort() + path;
    }

    JsonNode get(String speaker, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(speaker, path))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** POST /api/config with a new YAML body; the answer's status and JSON. */
    Answer postConfig(String speaker, String yaml) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(speaker, "/api/config")))
                .POST(HttpRequest.BodyPublishers.ofString(yaml(yaml))).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), json.readTree(r.body()));
    }

    /** POST /api/soft-reset for one neighbor; must be accepted. */
    JsonNode softReset(String speaker, String peer, String direction) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(speaker, "/api/soft-reset?peer=" + peer + "&direction=" + direction)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** POSTs a config that must be accepted. */
    JsonNode reload(String speaker, String yaml) throws Exception {
        Answer a = postConfig(speaker, yaml);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.body();
    }

    /** The Loc-RIB paths for one prefix (empty when absent). */
    JsonNode paths(String speaker, String prefix) throws Exception {
        JsonNode rib = get(speaker, "/api/rib?prefix=" + prefix);
        return rib.isEmpty() ? json.createArrayNode() : rib.get(0).get("paths");
    }

    /** One neighbor's entry of /api/peers. */
    JsonNode peer(String speaker, String peer) throws Exception {
        for (JsonNode p : get(speaker, "/api/peers")) if (p.get("name").asText().equals(peer)) return p;
        throw new AssertionError(speaker + " has no neighbor " + peer);
    }

    record Answer(int status, JsonNode body) {}

    /**
     * A speaker's YAML: router-id and listen address {@code address}, API on a free port,
     * ebgp-requires-policy off unless {@code top} says otherwise, then {@code top} lines
     * (decision, policy, ...), then the peers as flow mappings made by {@link #peer}.
     */
    static String config(String address, long asn, String networks, String top, String... peers) {
        StringBuilder b = new StringBuilder();
        b.append("router-id: ").append(address).append('\n')
                .append("asn: ").append(asn).append('\n')
                .append("listen: {address: ").append(address).append(", port: PORT}\n")
                .append("api: {port: 0}\n")
                .append("networks: [").append(networks).append("]\n");
        if (!top.contains("ebgp-requires-policy")) b.append("ebgp-requires-policy: false\n");
        b.append(top);
        if (!top.isEmpty() && !top.endsWith("\n")) b.append('\n');
        b.append("peers:\n");
        for (String p : peers) b.append("  - ").append(p).append('\n');
        return b.toString();
    }

    /** A {@code policy: |} block of FRR lines. */
    static String policy(String... lines) {
        StringBuilder b = new StringBuilder("policy: |\n");
        for (String l : lines) b.append("  ").append(l).append('\n');
        return b.toString();
    }

    /** One peer line: small timers so a test sees sessions come and go in seconds. */
    static String peer(String name, String address, long asn, String options) {
        return "{name: " + name + ", address: " + address + ", port: PORT, asn: " + asn + ", hold-time: 9, connect-retry: 1"
                + (options.isEmpty() ? "" : ", " + options) + "}";
    }

    @Override
    public void close() {
        List<BgpSpeaker> all;
        synchronized (speakers) {
            all = new ArrayList<>(speakers.values());
            speakers.clear();
        }
        all.parallelStream().forEach(BgpSpeaker::close);
    }
}
