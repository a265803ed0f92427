package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.config;
import static dev.bgplab.speaker.SpeakerLab.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Default route and AS-path tools as the peer sees them, over real sessions on 127.0.5.x, three
 * small topologies started together:
 * <ul>
 * <li>route server rs (AS 65100) between clients c1 (65101) and c2 (65102), RFC 7947;</li>
 * <li>l (AS 65200) with x (65201, plain) and y1/y2/y3 seeing l as local-as 65299, 65298 no-prepend,
 *     65297 no-prepend replace-as;</li>
 * <li>m (AS 64496) learning private-AS routes from w (65301) and sending them to q (64497,
 *     remove-private-as, default-originate) and q2 (64498, remove-private-as replace-as).</li>
 * </ul>
 */
class DefaultRouteAndAsPathToolsTest {
    private static SpeakerLab lab;

    static String m(String q2Options) {
        return config("127.0.5.20", 64496, "", "",
                peer("w", "127.0.5.21", 65301, "passive: true"),
                peer("q", "127.0.5.22", 64497, "passive: true, remove-private-as: true, default-originate: true"),
                peer("q2", "127.0.5.23", 64498, "passive: true, remove-private-as: replace-as" + q2Options));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        Map<String, String> hubs = new LinkedHashMap<>(), all = new LinkedHashMap<>();
        hubs.put("rs", config("127.0.5.1", 65100, "", "",
                peer("c1", "127.0.5.2", 65101, "passive: true, route-server-client: true"), peer("c2", "127.0.5.3", 65102, "passive: true, route-server-client: true")));
        all.put("c1", config("127.0.5.2", 65101, "{prefix: 10.101.0.0/16, med: 50}", "", peer("rs", "127.0.5.1", 65100, "")));
        // A route server's routes start with the other client's AS, not the server's: FRR's line turns the check off.
        all.put("c2", config("127.0.5.3", 65102, "", SpeakerLab.policy("no neighbor 127.0.5.1 enforce-first-as"),
                peer("rs", "127.0.5.1", 65100, "")));

        hubs.put("l", config("127.0.5.10", 65200, "10.200.0.0/16", "",
                peer("x", "127.0.5.11", 65201, "passive: true"),
                peer("y1", "127.0.5.12", 65211, "passive: true, local-as: '65299'"),
                peer("y2", "127.0.5.13", 65212, "passive: true, local-as: '65298 no-prepend'"),
                peer("y3", "127.0.5.14", 65213, "passive: true, local-as: '65297 no-prepend replace-as'")));
        all.put("x", config("127.0.5.11", 65201, "10.201.0.0/16", "", peer("l", "127.0.5.10", 65200, "")));
        all.put("y1", config("127.0.5.12", 65211, "10.211.0.0/16", "", peer("l", "127.0.5.10", 65299, "")));
        all.put("y2", config("127.0.5.13", 65212, "10.212.0.0/16", "", peer("l", "127.0.5.10", 65298, "")));
        all.put("y3", config("127.0.5.14", 65213, "10.213.0.0/16", "", peer("l", "127.0.5.10", 65297, "")));

        hubs.put("m", m(""));
        all.put("w", config("127.0.5.21", 65301, "{prefix: 10.230.0.0/16, as-path-prepend: '65302'}", "", peer("m", "127.0.5.20", 64496, "")));
        all.put("q", config("127.0.5.22", 64497, "", "", peer("m", "127.0.5.20", 64496, "")));
        all.put("q2", config("127.0.5.23", 64498, "", "", peer("m", "127.0.5.20", 64496, "")));
        lab.startFirst(hubs);
        lab.start(all);
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    private static JsonNode only(String speaker, String prefix) throws Exception {
        JsonNode paths = lab.paths(speaker, prefix);
        assertThat(paths).as(speaker + " " + prefix).hasSize(1);
        return paths.get(0);
    }

    @Test
    void routeServerPassesRoutesOnWithoutItsAsnAndWithNextHopAndMedUntouched() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode p = only("c2", "10.101.0.0/16");
            assertThat(p.get("asPath").asText()).isEqualTo("65101");
            assertThat(p.get("nextHop").asText()).isEqualTo("127.0.5.2");
            assertThat(p.get("med").asLong()).isEqualTo(50);
        });
    }

    @Test
    void localAsFlagsShowInThePathsThePeersReceive() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // outbound: local-as prepended before our AS; replace-as leaves only the local-as
            assertThat(only("y1", "10.201.0.0/16").get("asPath").asText()).isEqualTo("65299 65200 65201");
            assertThat(only("y1", "10.200.0.0/16").get("asPath").asText()).isEqualTo("65299 65200");
            assertThat(only("y2", "10.201.0.0/16").get("asPath").asText()).isEqualTo("65298 65200 65201");
            assertThat(only("y3", "10.201.0.0/16").get("asPath").asText()).isEqualTo("65297 65201");
            assertThat(only("y3", "10.200.0.0/16").get("asPath").asText()).isEqualTo("65297");
            // inbound: local-as prepended on receipt unless no-prepend, which x sees behind l's AS
            assertThat(only("x", "10.211.0.0/16").get("asPath").asText()).isEqualTo("65200 65299 65211");
            assertThat(only("x", "10.212.0.0/16").get("asPath").asText()).isEqualTo("65200 65212");
            assertThat(only("x", "10.213.0.0/16").get("asPath").asText()).isEqualTo("65200 65213");
        });
        // each y peer opened its session with the local-as, not l's own AS
        assertThat(lab.peer("l", "y3").get("state").asText()).isEqualTo("Established");
        assertThat(lab.peer("y3", "l").get("asn").asLong()).isEqualTo(65297);
    }

    @Test
    void removePrivateAsStripsOrReplacesPrivateAsnsTowardsThePeer() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(only("m", "10.230.0.0/16").get("asPath").asText()).isEqualTo("65301 65302");
            assertThat(only("q", "10.230.0.0/16").get("asPath").asText()).isEqualTo("64496");
            assertThat(only("q2", "10.230.0.0/16").get("asPath").asText()).isEqualTo("64496 64496 64496");
        });
    }

    @Test
    void defaultOriginateSendsOurDefaultRouteOnlyToThatPeer() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode d = only("q", "0.0.0.0/0");
            assertThat(d.get("asPath").asText()).isEqualTo("64496");
            assertThat(d.get("nextHop").asText()).isEqualTo("127.0.5.20");
            assertThat(d.get("origin").asText()).isEqualTo("IGP");
            assertThat(lab.established("q2", "m")).isTrue();
            assertThat(lab.paths("q2", "0.0.0.0/0")).isEmpty();
            assertThat(lab.paths("m", "0.0.0.0/0")).isEmpty(); // generated per peer, never in our Loc-RIB
        });
    }

    @Test
    void defaultOriginateSurvivesASoftResetAndCanBeTurnedOnAndOffAtRunTime() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lab.paths("q", "0.0.0.0/0")).hasSize(1));
        // the soft reset ran (export re-run for q), and the default stays
        assertThat(lab.softReset("m", "q", "out").toString()).contains("q ipv4-unicast: export re-run");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(lab.paths("q", "0.0.0.0/0")).hasSize(1));

        lab.reload("m", m(", default-originate: true"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(only("q2", "0.0.0.0/0").get("asPath").asText()).isEqualTo("64496"));
        lab.reload("m", m(""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lab.paths("q2", "0.0.0.0/0")).isEmpty());
        assertThat(lab.peer("m", "q2").at("/counters/flaps").asLong()).isZero();
    }
}
