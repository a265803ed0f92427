package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.session.FsmState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's speaker quick start, with the README's own files (lab-configs/quickstart/r1.yml and
 * r2.yml, fixed ports 1179, 8181 and 8182): Established, IPv4 and IPv6 both ways, in the JSON API
 * and in /metrics.
 */
class QuickStartTest {
    private static final Path DIR = Path.of(System.getProperty("bgplab.root", "../.."), "lab-configs", "quickstart");
    private final HttpClient http = HttpClient.newHttpClient();
    private BgpSpeaker r1, r2;

    @AfterEach
    void stop() {
        if (r1 != null) r1.close();
        if (r2 != null) r2.close();
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void readmeQuickStartSpeakersExchangeIpv4AndIpv6() throws Exception {
        r1 = BgpSpeaker.start(DIR.resolve("r1.yml"));
        r2 = BgpSpeaker.start(DIR.resolve("r2.yml"));
        await().atMost(Duration.ofSeconds(20)).until(() -> r1.state("r2") == FsmState.ESTABLISHED && r2.state("r1") == FsmState.ESTABLISHED);
        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode at1 = json.readTree(get("http://127.0.0.1:8181/api/rib"));
            assertThat(at1.findValuesAsText("prefix")).containsExactly("10.1.0.0/16", "10.2.0.0/16", "2001:db8:1::/48", "2001:db8:2::/48");
            JsonNode at2 = json.readTree(get("http://127.0.0.1:8182/api/rib?prefix=2001:db8:1::/48"));
            assertThat(at2.at("/0/paths/0/asPath").asText()).isEqualTo("65001");
            assertThat(at2.at("/0/paths/0/communities/0").asText()).isEqualTo("65001:100");
        });
        assertThat(get("http://127.0.0.1:8181/metrics"))
                .contains("bgp_sessions{state=\"Established\"} 1.0")
                .contains("bgp_prefixes_accepted{peer=\"r2\"} 2.0");
        assertThat(get("http://127.0.0.1:8182/metrics")).contains("bgp_prefixes_accepted{peer=\"r1\"} 2.0");
    }
}
