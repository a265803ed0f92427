package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.config;
import static dev.bgplab.speaker.SpeakerLab.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.speaker.peer.Peer;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Update groups on a route server (127.0.13.1): c1, c2 and (later) c3 are route-server clients
 * with the same settings and share one group; c4 has default-originate and a group of its own.
 * c1 and c2 both announce 10.9.0.0/16; the route server picks c1's (lower router id). What each
 * client holds is read from its own Adj-RIB-In, i.e. what came over the wire.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpdateGroupsTest {
    private static final String RS = "127.0.13.1";
    private static SpeakerLab lab;

    private static String client(String address, long asn, String networks) {
        // A route server's routes start with the other client's AS: FRR's line turns the check off.
        return config(address, asn, networks, SpeakerLab.policy("no neighbor " + RS + " enforce-first-as"),
                peer("rs", RS, 65000, ""));
    }

    private static String routeServer(String c2Options) {
        return config(RS, 65000, "", "",
                peer("c1", "127.0.13.2", 65001, "passive: true, route-server-client: true"),
                peer("c2", "127.0.13.3", 65002, "passive: true, route-server-client: true" + c2Options),
                peer("c3", "127.0.13.4", 65003, "passive: true, route-server-client: true"),
                peer("c4", "127.0.13.5", 65004, "passive: true, route-server-client: true, default-originate: true"));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("rs", routeServer("")));
        lab.start(Map.of(
                "c1", client("127.0.13.2", 65001, "10.1.0.0/16, 10.9.0.0/16"),
                "c2", client("127.0.13.3", 65002, "10.2.0.0/16, 10.9.0.0/16"),
                "c4", client("127.0.13.5", 65004, "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("rs", "c1", "c2", "c4"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    /** The prefixes {@code client} received from the route server (its pre-policy Adj-RIB-In), sorted. */
    private static List<String> received(String client) throws Exception {
        BgpSpeaker s = lab.speaker(client);
        return s.call(() -> {
            Peer rs = s.find("rs");
            List<String> out = new ArrayList<>();
            if (rs.info() == null) return out;
            s.rib().findAdjRibIn(rs.info(), AddressFamily.IPV4_UNICAST)
                    .ifPresent(in -> in.receivedRoutes().forEach(r -> out.add(r.prefix().toString())));
            out.sort(null);
            return out;
        });
    }

    private static int group(String client) throws Exception {
        BgpSpeaker s = lab.speaker("rs");
        return s.call(() -> s.find(client).exporter().group().id());
    }

    @Test
    @Order(1)
    void peersWithTheSameOutboundSettingsShareAGroupAndOtherSettingsGetTheirOwn() throws Exception {
        assertThat(group("c1")).isEqualTo(group("c2"));
        assertThat(group("c4")).isNotEqualTo(group("c1"));
    }

    @Test
    @Order(2)
    void aMemberIsNeverSentItsOwnRoutesWhileTheOthersGetTheSameStream() throws Exception {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            // c1's 10.9 is the best: c2 gets it; c1 gets neither its own nor c2's (not the best)
            assertThat(received("c1")).containsExactly("10.2.0.0/16");
            assertThat(received("c2")).containsExactly("10.1.0.0/16", "10.9.0.0/16");
            // the other group: the same routes plus its own default (default-originate)
            assertThat(received("c4")).containsExactly("0.0.0.0/0", "10.1.0.0/16", "10.2.0.0/16", "10.9.0.0/16");
        });
    }

    @Test
    @Order(3)
    void aPeerJoiningAnExistingGroupGetsTheWholeTableAndTheOthersGetItsRoutes() throws Exception {
        int before = group("c1");
        lab.start(Map.of("c3", client("127.0.13.4", 65003, "10.3.0.0/16")));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("rs", "c3"));
        assertThat(group("c3")).isEqualTo(before);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(received("c3")).containsExactly("10.1.0.0/16", "10.2.0.0/16", "10.9.0.0/16");
            assertThat(received("c1")).containsExactly("10.2.0.0/16", "10.3.0.0/16");
            assertThat(received("c2")).containsExactly("10.1.0.0/16", "10.3.0.0/16", "10.9.0.0/16");
        });
    }

    @Test
    @Order(4)
    void whenTheBestPathMovesToAMembersOwnRouteThatMemberHasTheOldOneWithdrawn() throws Exception {
        lab.speaker("c1").withdrawOriginated(List.of(Prefix.parse("10.9.0.0/16")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(received("c2")).containsExactly("10.1.0.0/16", "10.3.0.0/16"); // its own route is now the best
            assertThat(received("c1")).containsExactly("10.2.0.0/16", "10.3.0.0/16", "10.9.0.0/16");
            JsonNode p = lab.paths("c3", "10.9.0.0/16");
            assertThat(p).hasSize(1);
            assertThat(p.get(0).get("asPath").asText()).isEqualTo("65002");
        });
    }

    @Test
    @Order(5)
    void aRouteRefreshIsAnsweredFromTheGroupsAdjRibOutLessTheAskersOwnRoutes() throws Exception {
        BgpSpeaker c3 = lab.speaker("c3");
        long updatesBefore = c3.call(() -> c3.find("rs").session().counters().updatesIn());
        lab.softReset("c3", "rs", "in"); // RFC 2918: c3 asks the route server for its routes again
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(c3.call(() -> c3.find("rs").session().counters().updatesIn())).isGreaterThan(updatesBefore);
            assertThat(received("c3")).containsExactly("10.1.0.0/16", "10.2.0.0/16", "10.9.0.0/16");
        });
    }

    @Test
    @Order(6)
    void aSoftResetOutAfterAnOutboundChangeMovesThePeerToAnotherGroupAndSendsOnlyTheDifference() throws Exception {
        int before = group("c2");
        lab.reload("rs", routeServer(", default-originate: true"));
        lab.softReset("rs", "c2", "out");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(group("c2")).isNotEqualTo(before);
            // the default is new; its own 10.9 (the best) still does not come back
            assertThat(received("c2")).containsExactly("0.0.0.0/0", "10.1.0.0/16", "10.3.0.0/16");
        });
        // the others (the reload renewed everyone's policy) share a group again and hold what they held
        assertThat(group("c1")).isEqualTo(group("c3")).isNotEqualTo(group("c2"));
        assertThat(received("c1")).containsExactly("10.2.0.0/16", "10.3.0.0/16", "10.9.0.0/16");
    }
}
