package dev.bgplab.lab.frrinterop;

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

/**
 * The bgplab speaker under test, running in this JVM, seen the way an operator sees it: through
 * its management API ({@code /api/peers}, {@code /api/rib}, POST {@code /api/config}). Owned by
 * one test thread; {@link #close()} sends Cease to every peer and stops the speaker.
 */
final class JvmSpeaker implements AutoCloseable {

    /** The interop matrix column these tests fill. */
    static final String FRR = "frr-8.4";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BgpSpeaker speaker;
    private final String base;

    private JvmSpeaker(BgpSpeaker speaker) {
        this.speaker = speaker;
        this.base = "http://127.0.0.1:" + speaker.apiAddress().getPort();
    }

    /** Starts a speaker from YAML; the YAML must ask for the API ({@code api: {port: 0}}). */
    static JvmSpeaker start(String source, String yaml) throws Exception {
        return new JvmSpeaker(BgpSpeaker.start(ConfigLoader.parse(source, yaml)));
    }

    BgpSpeaker speaker() {
        return speaker;
    }

    FsmState state(String peer) {
        return speaker.state(peer);
    }

    boolean established(String peer) {
        return speaker.state(peer) == FsmState.ESTABLISHED;
    }

    /** One neighbor's entry of {@code /api/peers}. */
    JsonNode peer(String name) throws Exception {
        for (JsonNode p : get("/api/peers")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no peer " + name + " in /api/peers");
    }

    /** {@code /api/rib} for one prefix (table loc, in, in-pre or out; peer for the last three). */
    JsonNode rib(String prefix, String table, String peer) throws Exception {
        StringBuilder q = new StringBuilder("/api/rib?prefix=").append(enc(prefix)).append("&table=").append(table);
        if (peer != null) {
            q.append("&peer=").append(enc(peer));
        }
        return get(q.toString());
    }

    /** The Loc-RIB paths of one prefix (empty when bgplab has none). */
    List<JsonNode> paths(String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : rib(prefix, "loc", null)) {
            e.path("paths").forEach(out::add);
        }
        return out;
    }

    /** The prefixes of a whole table, e.g. {@code prefixes("out", "frr")}. */
    List<String> prefixes(String table, String peer) throws Exception {
        String q = "/api/rib?table=" + table + (peer == null ? "" : "&peer=" + enc(peer));
        return get(q).findValuesAsText("prefix");
    }

    /** POST /api/config: applies a new YAML config at run time; returns what the speaker did. */
    JsonNode reload(String yaml) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/config"))
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /api/config: %s", r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", pathAndQuery, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        speaker.close();
    }
}
