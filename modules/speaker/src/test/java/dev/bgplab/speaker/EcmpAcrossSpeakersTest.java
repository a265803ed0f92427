package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.config;
import static dev.bgplab.speaker.SpeakerLab.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ECMP over real sessions: a hub (AS 65004, 127.0.1.1) with six eBGP peers. r1..r3 share AS 65001
 * and advertise 10.10.0.0/16 with equal AS paths, and 10.20.0.0/16 with r2 and r3 prepending;
 * s1..s3 (AS 65011..65013) advertise only 10.30.0.0/16 with equal lengths from different neighbour ASes.
 * Each test sets the hub's decision options it needs with POST /api/config.
 */
class EcmpAcrossSpeakersTest {
    private static final String HUB = "127.0.1.1";
    private static SpeakerLab lab;

    static String hub(String decision) {
        return config(HUB, 65004, "", decision,
                peer("r1", "127.0.1.2", 65001, "passive: true"), peer("r2", "127.0.1.3", 65001, "passive: true"),
                peer("r3", "127.0.1.4", 65001, "passive: true"), peer("s1", "127.0.1.5", 65011, "passive: true"),
                peer("s2", "127.0.1.6", 65012, "passive: true"), peer("s3", "127.0.1.7", 65013, "passive: true"));
    }

    static String sender(String address, long asn, String prepend20) {
        return config(address, asn, "10.10.0.0/16, {prefix: 10.20.0.0/16" + (prepend20.isEmpty() ? "" : ", as-path-prepend: '" + prepend20 + "'")
                + "}", "", peer("hub", HUB, 65004, ""));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("hub", hub("")));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("r1", sender("127.0.1.2", 65001, ""));
        all.put("r2", sender("127.0.1.3", 65001, "65001"));
        all.put("r3", sender("127.0.1.4", 65001, "65001 65001"));
        all.put("s1", config("127.0.1.5", 65011, "10.30.0.0/16", "", peer("hub", HUB, 65004, "")));
        all.put("s2", config("127.0.1.6", 65012, "10.30.0.0/16", "", peer("hub", HUB, 65004, "")));
        all.put("s3", config("127.0.1.7", 65013, "10.30.0.0/16", "", peer("hub", HUB, 65004, "")));
        lab.start(all);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("hub", "r1", "r2", "r3", "s1", "s2", "s3"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    private static List<String> nextHops(JsonNode paths, boolean multipathOnly) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : paths) if (!multipathOnly || p.get("multipath").asBoolean()) out.add(p.get("nextHop").asText());
        return out;
    }

    @Test
    void equalAsPathsFromOneNeighbourAsGiveThreeNextHops() throws Exception {
        lab.reload("hub", hub(""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode paths = lab.paths("hub", "10.10.0.0/16");
            assertThat(paths).hasSize(3);
            assertThat(nextHops(paths, true)).containsExactlyInAnyOrder("127.0.1.2", "127.0.1.3", "127.0.1.4");
            assertThat(paths.findValuesAsText("best")).containsExactlyInAnyOrder("true", "false", "false");
        });
    }

    @Test
    void unequalAsPathLengthsLeaveOneNextHop() throws Exception {
        lab.reload("hub", hub(""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode paths = lab.paths("hub", "10.20.0.0/16");
            assertThat(paths).hasSize(3);
            assertThat(nextHops(paths, true)).isEmpty();
            JsonNode best = bestOf(paths);
            assertThat(best.get("nextHop").asText()).isEqualTo("127.0.1.2");
            assertThat(best.get("asPath").asText()).isEqualTo("65001");
        });
    }

    @Test
    void differentNeighbourAsnsShareTrafficOnlyWithMultipathRelax() throws Exception {
        lab.reload("hub", hub(""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode paths = lab.paths("hub", "10.30.0.0/16");
            assertThat(paths).hasSize(3);
            assertThat(nextHops(paths, true)).isEmpty(); // a set of one is not multipath
            assertThat(paths.findValuesAsText("best")).containsExactlyInAnyOrder("true", "false", "false");
        });

        lab.reload("hub", hub("decision: {multipath-relax: true}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(nextHops(lab.paths("hub", "10.30.0.0/16"), true)).containsExactlyInAnyOrder("127.0.1.5", "127.0.1.6", "127.0.1.7"));
    }

    @Test
    void maximumPathsCapsTheMultipathSet() throws Exception {
        lab.reload("hub", hub("decision: {maximum-paths: 2}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode paths = lab.paths("hub", "10.10.0.0/16");
            assertThat(paths).hasSize(3);
            assertThat(nextHops(paths, true)).hasSize(2);
        });
        lab.reload("hub", hub(""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(nextHops(lab.paths("hub", "10.10.0.0/16"), true)).hasSize(3));
    }

    private static JsonNode bestOf(JsonNode paths) {
        for (JsonNode p : paths) if (p.get("best").asBoolean()) return p;
        throw new AssertionError("no best path in " + paths);
    }
}
