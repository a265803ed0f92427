package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/reload re-reads the speaker's file: a bad file is refused naming file, line and field, and nothing changes. */
class ConfigFileReloadTest {

    @TempDir Path dir;

    static final String GOOD = """
            router-id: 10.0.0.1
            asn: 65001
            listen: {address: 127.0.0.1, port: 0}
            api: {port: 0}
            networks: [10.1.0.0/16]
            """;

    @Test
    void badFileKeepsTheRunningConfigAndSaysWhereThenAGoodOneApplies() throws Exception {
        Path file = dir.resolve("r1.yml");
        Files.writeString(file, GOOD);
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.load(file))) {
            SpeakerConfig running = s.config();
            Files.writeString(file, GOOD + "peers:\n  - {name: x, address: 127.0.0.9, asn: 65009, hold-tme: 9}\n");
            HttpResponse<String> r = post(s);
            assertThat(r.statusCode()).isEqualTo(400);
            String err = new ObjectMapper().readTree(r.body()).get("error").asText();
            assertThat(err).startsWith(file + ":7").contains("hold-tme").contains("hold-time");
            assertThat(s.config()).isSameAs(running);

            Files.writeString(file, GOOD.replace("[10.1.0.0/16]", "[10.1.0.0/16, 10.9.0.0/16]"));
            r = post(s);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode done = new ObjectMapper().readTree(r.body()).get("done");
            assertThat(done.toString()).contains("10.9.0.0/16");
            assertThat(s.config().networks()).hasSize(2);
        }
    }

    private static HttpResponse<String> post(BgpSpeaker s) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.apiAddress().getPort() + "/api/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
