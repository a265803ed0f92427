package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.config;
import static dev.bgplab.speaker.SpeakerLab.peer;
import static dev.bgplab.speaker.SpeakerLab.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * maximum-prefix between real speakers: s (AS 65001, 127.0.4.1) sends three prefixes to three
 * receivers whose limit is 2: "down" tears the session down, "warn" only warns, "back" restarts
 * after its restart time (seconds here instead of minutes).
 */
class MaximumPrefixBetweenSpeakersTest {
    private static final String S = "127.0.4.1";
    private static SpeakerLab lab;

    static String s(String top, String backOptions) {
        return config(S, 65001, "10.4.1.0/24, 10.4.2.0/24, 10.4.3.0/24", top,
                peer("down", "127.0.4.2", 65002, ""), peer("warn", "127.0.4.3", 65003, ""),
                peer("back", "127.0.4.4", 65004, backOptions));
    }

    static String receiver(String address, long asn, String maximumPrefix) {
        return config(address, asn, "", "", peer("s", S, 65001, "passive: true, maximum-prefix: '" + maximumPrefix + "'"));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("down", receiver("127.0.4.2", 65002, "2"),
                "warn", receiver("127.0.4.3", 65003, "2 warning-only"),
                "back", receiver("127.0.4.4", 65004, "2 restart 1")));
        lab.speaker("back").maximumPrefixRestartUnit(TimeUnit.SECONDS);
        lab.start(Map.of("s", s("", "")));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void overTheLimitTheReceiverTearsDownWithCeaseMaximumNumberOfPrefixesReached() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode err = lab.peer("s", "down").get("lastError");
            assertThat(err.get("kind").asText()).isEqualTo("NOTIFICATION_RECEIVED");
            assertThat(err.get("notification").asText()).contains("Cease / Maximum Number of Prefixes Reached");
            JsonNode held = lab.peer("down", "s");
            assertThat(held.get("heldDown").asText()).contains("maximum-prefix 2 exceeded with 3 ipv4-unicast prefixes");
            assertThat(held.get("state").asText()).isNotEqualTo("Established");
            assertThat(lab.paths("down", "10.4.1.0/24")).isEmpty();
        });
        // Without restart it stays down although s keeps trying: first s's refused reconnect is seen...
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(lab.peer("s", "down").at("/lastError/detail").asText()).contains("since then reconnects fail"));
        // ...then the session still does not come back.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !lab.established("down", "s"));
    }

    @Test
    void warningOnlyKeepsTheSessionAndEveryPrefix() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode p = lab.peer("warn", "s");
            assertThat(p.get("state").asText()).isEqualTo("Established");
            assertThat(p.at("/prefixes/accepted").asLong()).isEqualTo(3);
            assertThat(p.get("heldDown").isNull()).isTrue();
        });
        assertThat(lab.peer("warn", "s").at("/counters/flaps").asLong()).isZero();
        assertThat(lab.peer("s", "warn").at("/counters/notificationsIn").asLong()).isZero();
    }

    @Test
    void restartBringsTheSessionBackAfterTheRestartTime() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(lab.peer("s", "back").at("/lastError/notification").asText()).contains("Maximum Number of Prefixes Reached"));
        // s now sends back only two prefixes; the restart timer brings the session up and it stays up.
        lab.reload("s", s(policy("ip prefix-list TWO seq 5 permit 10.4.1.0/24", "ip prefix-list TWO seq 10 permit 10.4.2.0/24"),
                "prefix-list-out: TWO"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode p = lab.peer("back", "s");
            assertThat(p.get("state").asText()).isEqualTo("Established");
            assertThat(p.at("/prefixes/accepted").asLong()).isEqualTo(2);
            assertThat(p.get("heldDown").isNull()).isTrue();
            assertThat(p.at("/counters/established").asLong()).isGreaterThanOrEqualTo(2);
        });
    }
}
