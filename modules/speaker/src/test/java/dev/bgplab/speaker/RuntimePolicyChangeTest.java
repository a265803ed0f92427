package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.config;
import static dev.bgplab.speaker.SpeakerLab.peer;
import static dev.bgplab.speaker.SpeakerLab.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run-time changes through POST /api/config between real speakers: a (AS 65001, 127.0.3.1) and b
 * (AS 65002, 127.0.3.2) stay up while b's policy and neighbor options change under them; c (AS
 * 65003, 127.0.3.3) is added to b and removed again. Every test starts from b's base config.
 */
class RuntimePolicyChangeTest {
    private static final String A = "127.0.3.1", B = "127.0.3.2", C = "127.0.3.3";
    private static SpeakerLab lab;

    static String b(String top, String aOptions, String... more) {
        String[] peers = new String[more.length + 1];
        peers[0] = peer("a", A, 65001, "passive: true" + (aOptions.isEmpty() ? "" : ", " + aOptions));
        System.arraycopy(more, 0, peers, 1, more.length);
        return config(B, 65002, "10.2.0.0/16", top, peers);
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("b", b("", "")));
        lab.start(Map.of(
                "a", config(A, 65001, "10.1.1.0/24, 10.1.2.0/24, {prefix: 10.1.3.0/24, as-path-prepend: '65002'}", "",
                        peer("b", B, 65002, "")),
                "c", config(C, 65003, "10.3.0.0/16", "", peer("b", B, 65002, ""))));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("a", "b") && lab.established("b", "a"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    void baseConfig() throws Exception {
        lab.reload("b", b("", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lab.paths("b", "10.1.2.0/24")).hasSize(1);
            assertThat(lab.paths("a", "10.2.0.0/16").get(0).get("asPath").asText()).isEqualTo("65002");
        });
    }

    /** (established transitions, flaps) of one neighbor, from /api/peers. */
    private static List<Long> sessionCounters(String speaker, String peer) throws Exception {
        JsonNode c = lab.peer(speaker, peer).get("counters");
        return List.of(c.get("established").asLong(), c.get("flaps").asLong());
    }

    private static void assertSessionKept(List<Long> aBefore, List<Long> bBefore) throws Exception {
        assertThat(sessionCounters("a", "b")).isEqualTo(aBefore);
        assertThat(sessionCounters("b", "a")).isEqualTo(bBefore);
        assertThat(lab.peer("a", "b").get("state").asText()).isEqualTo("Established");
        assertThat(lab.peer("b", "a").get("state").asText()).isEqualTo("Established");
    }

    @Test
    void routeMapChangeTakesEffectAtBothEndsBySoftResetWithoutDroppingTheSession() throws Exception {
        List<Long> aBefore = sessionCounters("a", "b"), bBefore = sessionCounters("b", "a");
        assertThat(lab.paths("b", "10.1.1.0/24").get(0).get("localPref").isNull()).isTrue();

        JsonNode done = lab.reload("b", b(policy(
                "ip prefix-list LP seq 5 permit 10.1.1.0/24",
                "ip prefix-list GONE seq 5 permit 10.1.2.0/24",
                "route-map FROM-A deny 10",
                " match ip address prefix-list GONE",
                "route-map FROM-A permit 20",
                " match ip address prefix-list LP",
                " set local-preference 200",
                "route-map FROM-A permit 30",
                "route-map TO-A permit 10",
                " set as-path prepend 65002 65002"), "route-map-in: FROM-A, route-map-out: TO-A"));
        assertThat(done.get("done").toString()).contains("soft reset");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lab.paths("b", "10.1.1.0/24").get(0).get("localPref").asLong()).isEqualTo(200);
            assertThat(lab.paths("b", "10.1.2.0/24")).isEmpty();
            assertThat(lab.paths("a", "10.2.0.0/16").get(0).get("asPath").asText()).isEqualTo("65002 65002 65002");
        });
        assertSessionKept(aBefore, bBefore);
    }

    @Test
    void neighborOptionChangeTakesEffectBySoftResetWithoutDroppingTheSession() throws Exception {
        List<Long> aBefore = sessionCounters("a", "b"), bBefore = sessionCounters("b", "a");
        // a sends 10.1.3.0/24 as "65001 65002": b drops it for holding its own AS, until allowas-in 1.
        assertThat(lab.paths("b", "10.1.3.0/24")).isEmpty();

        lab.reload("b", b("", "allowas-in: 1"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(lab.paths("b", "10.1.3.0/24").get(0).get("asPath").asText()).isEqualTo("65001 65002"));
        assertSessionKept(aBefore, bBefore);

        lab.reload("b", b("", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lab.paths("b", "10.1.3.0/24")).isEmpty());
        assertSessionKept(aBefore, bBefore);
    }

    @Test
    void peerAddedByReloadComesUpAndPeerRemovedGetsCeasePeerDeconfigured() throws Exception {
        List<Long> aBefore = sessionCounters("a", "b"), bBefore = sessionCounters("b", "a");

        lab.reload("b", b("", "", peer("c", C, 65003, "passive: true")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(lab.established("b", "c")).isTrue();
            assertThat(lab.paths("a", "10.3.0.0/16").get(0).get("asPath").asText()).isEqualTo("65002 65003");
        });

        lab.reload("b", b("", ""));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode err = lab.peer("c", "b").get("lastError");
            assertThat(err.get("kind").asText()).isEqualTo("NOTIFICATION_RECEIVED");
            assertThat(err.get("notification").asText()).contains("Cease / Peer De-configured");
            assertThat(lab.paths("a", "10.3.0.0/16")).isEmpty();
            assertThat(lab.get("b", "/api/peers").findValuesAsText("name")).containsExactly("a");
        });
        assertSessionKept(aBefore, bBefore);
    }

    @Test
    void shutdownByReloadSendsCeaseAdministrativeShutdownAndRemovingItBringsTheSessionBack() throws Exception {
        long established = sessionCounters("b", "a").get(0);

        assertThat(lab.reload("b", b("", "shutdown: true")).get("done").toString()).contains("a: shut down");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode err = lab.peer("a", "b").get("lastError");
            assertThat(err.get("kind").asText()).isEqualTo("NOTIFICATION_RECEIVED");
            assertThat(err.get("notification").asText()).contains("Cease / Administrative Shutdown");
            assertThat(lab.peer("b", "a").get("state").asText()).isEqualTo("Idle");
            assertThat(lab.paths("b", "10.1.1.0/24")).isEmpty();
        });

        lab.reload("b", b("", ""));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(lab.established("b", "a")).isTrue();
            assertThat(lab.paths("b", "10.1.1.0/24")).hasSize(1);
            assertThat(sessionCounters("b", "a").get(0)).isEqualTo(established + 1);
        });
    }

    @Test
    void badConfigIsRefusedWith400NamingFileLineAndFieldAndTheRunningConfigStays() throws Exception {
        SpeakerConfig running = lab.speaker("b").config();

        String badHold = b("", "").replace("hold-time: 9", "hold-time: 2");
        SpeakerLab.Answer a = lab.postConfig("b", badHold);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).startsWith("b.yml:" + lineOf(badHold, "hold-time: 2") + ": field '")
                .contains("hold-time").contains("valid: 0 (no keepalives) or 3..65535");

        String badPolicy = b(policy("route-map X permit 10", " set local-preference lots"), "route-map-in: X");
        a = lab.postConfig("b", badPolicy);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).startsWith("b.yml:" + lineOf(badPolicy, "set local-preference lots") + ": field 'policy'");

        a = lab.postConfig("b", b("", "").replace("asn: 65002", "asn: 65009"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).contains("asn");

        assertThat(lab.speaker("b").config()).isSameAs(running);
        assertThat(lab.peer("b", "a").get("state").asText()).isEqualTo("Established");
        assertThat(lab.paths("b", "10.1.2.0/24")).hasSize(1);
    }

    /** 1-based line of the first line holding {@code text}. */
    private static int lineOf(String yaml, String text) {
        List<String> lines = Arrays.asList(yaml.split("\n", -1));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + yaml);
    }
}
