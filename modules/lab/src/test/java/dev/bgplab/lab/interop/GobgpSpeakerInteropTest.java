package dev.bgplab.lab.interop;

import static dev.bgplab.lab.interop.BirdGobgpInteropTest.find;
import static dev.bgplab.lab.interop.LabSpeaker.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.speaker.session.FsmState;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bgplab against a real gobgpd 3 on loopback: one GoBGP (AS 65002, passive, as GoBGP connects late) with
 * two neighbours, bgplab speakers on AS 4200000001 (4-octet) and AS 65100 (2-octet). GoBGP refuses
 * 127/8 next hops, so bgplab's out route-map sets documentation next hops.
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GobgpSpeakerInteropTest {
    static final String PEER = "GoBGP 3.10.0";
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final long GOBGP_AS = 65002;
    static final long AS4 = 4_200_000_001L;
    static final long AS2 = 65100;

    static InteropPeers daemons;
    static GobgpPeer gobgp;
    static LabSpeaker four;
    static LabSpeaker two;

    static String body(int n, long asn, String peerAddress, int peerPort, String extraPeer, String extraPolicy) {
        return InteropSpeakerConfig.withOnePeer(110 + n, asn, true, extraPolicy, "gobgp", peerAddress, peerPort, GOBGP_AS, extraPeer);
    }

    @BeforeAll
    static void start() throws Exception {
        PeerBinaries.require("gobgpd", "gobgp");
        String gobgpAddress = Loopback.nextAddress();
        int gobgpPort = Loopback.freePort(gobgpAddress);
        String a4 = Loopback.nextAddress(), a2 = Loopback.nextAddress();
        daemons = new InteropPeers();
        gobgp = daemons.add(GobgpPeer.builder().routerId("10.0.0.2").localAs(GOBGP_AS).listen(gobgpAddress, gobgpPort)
                .neighbor(n -> n.address(a4).asn(AS4).passive(true).holdTime(9).addPaths(true, 4).gracefulRestart(120))
                .neighbor(n -> n.address(a2).asn(AS2).passive(true).holdTime(9))
                .originate(RouteSpec.of("10.202.0.0/24").asPath(4_200_000_098L).med(50).community(65002, 100)
                        .community(65535, 666).largeCommunity(GOBGP_AS, 1, 2).routeTarget(65002, 9))
                .originate(RouteSpec.of("10.202.1.0/24").community(65002, 2))
                .originate(RouteSpec.of("2001:db8:202::/48").community(65002, 6).largeCommunity(GOBGP_AS, 6, 6))
                .start());
        four = daemons.add(LabSpeaker.start(a4, Loopback.freePort(a4), "10.9.1.1", AS4, body(1, AS4, gobgpAddress, gobgpPort, "", "")));
        two = daemons.add(LabSpeaker.start(a2, Loopback.freePort(a2), "10.9.1.2", AS2, body(2, AS2, gobgpAddress, gobgpPort, "", "")));
    }

    @AfterAll
    static void stop() {
        if (daemons != null) daemons.close();
    }

    @Test
    @Order(1)
    void establishesAndNegotiatesWhatGobgpOffers() throws Exception {
        InteropMatrix.check(PEER, "session Established (4-octet ASN bgplab)", () -> {
            four.awaitEstablished("gobgp", DEADLINE);
            assertThat(gobgp.awaitEstablished(four.address, DEADLINE).peerAs()).isEqualTo(AS4);
        });
        GobgpJson.NeighborState n = gobgp.neighbor(four.address);
        List<String> caps = four.capabilities("gobgp");
        List<String> sent = n.remoteCapabilities(); // what bgplab sent, as GoBGP decoded it
        List<String> gobgpSent = n.localCapabilities();
        InteropMatrix.check(PEER, "capability 4-octet AS", () -> {
            assertThat(caps).contains("4-octet-as");
            assertThat(sent).contains("FourOctetASN");
        });
        InteropMatrix.peerLacks(PEER, "RFC 6793 2-octet-only peer: AS_TRANS in OPEN + AS4_PATH",
                "gobgpd always advertises the 4-octet AS capability (no neighbour knob to turn it off)");
        InteropMatrix.check(PEER, "capability MP IPv4 + IPv6", () -> {
            assertThat(caps).contains("multiprotocol ipv4-unicast", "multiprotocol ipv6-unicast");
            assertThat(sent.stream().filter("MultiProtocol"::equals).count()).isEqualTo(2);
            assertThat(gobgpSent.stream().filter("MultiProtocol"::equals).count()).isEqualTo(2);
        });
        InteropMatrix.check(PEER, "capability route refresh", () -> {
            assertThat(caps).contains("route-refresh");
            assertThat(sent).contains("RouteRefresh");
        });
        if (gobgpSent.contains("EnhancedRouteRefresh")) {
            InteropMatrix.check(PEER, "capability enhanced route refresh", () -> assertThat(caps).contains("enhanced-route-refresh"));
        } else {
            assertThat(caps).as("negotiated only when both sides offer it").doesNotContain("enhanced-route-refresh");
            InteropMatrix.peerLacks(PEER, "capability enhanced route refresh",
                    "gobgpd does not advertise RFC 7313 (its OPEN: " + gobgpSent + ")");
        }
        InteropMatrix.check(PEER, "capability graceful restart", () -> {
            assertThat(caps).contains("graceful-restart (peer restart time 120 s)");
            assertThat(sent).contains("GracefulRestart");
        });
        InteropMatrix.check(PEER, "capability ADD-PATH", () -> {
            assertThat(caps).contains("add-path receive ipv4-unicast", "add-path receive ipv6-unicast",
                    "add-path send ipv4-unicast", "add-path send ipv6-unicast");
            assertThat(sent).contains("AddPath");
        });
        if (gobgpSent.contains("ExtendedMessage")) {
            InteropMatrix.check(PEER, "capability extended messages", () -> assertThat(caps).contains("extended-message"));
        } else {
            assertThat(caps).as("negotiated only when both sides offer it").doesNotContain("extended-message");
            InteropMatrix.peerLacks(PEER, "capability extended messages",
                    "gobgpd has no RFC 8654 (its OPEN: " + gobgpSent + ")");
        }
    }

    @Test
    @Order(2)
    void routesBothWaysWithFourOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 4-octet ASN", () -> {
            four.awaitEstablished("gobgp", DEADLINE);
            gobgp.awaitEstablished(four.address, DEADLINE);
            assertRoutesBothWays(four, 1);
        });
    }

    @Test
    @Order(3)
    void routesBothWaysWithTwoOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 2-octet ASN", () -> {
            two.awaitEstablished("gobgp", DEADLINE);
            gobgp.awaitEstablished(two.address, DEADLINE);
            assertRoutesBothWays(two, 2);
        });
    }

    static void assertRoutesBothWays(LabSpeaker s, int n) throws Exception {
        ObservedRoute v4 = gobgp.await(DEADLINE, "10.11" + n + ".0.0/24 in GoBGP",
                () -> find(gobgp.rib(false), "10.11" + n + ".0.0/24"), r -> r != null);
        assertThat(v4.asPathAsns()).containsExactly(s.asn, 4_200_000_077L);
        assertThat(v4.nextHop()).isEqualTo("192.0.2.11" + n);
        assertThat(v4.med()).hasValue(77);
        assertThat(v4.communities()).containsExactlyInAnyOrder("65100:1", "65535:666");
        assertThat(v4.largeCommunities()).containsExactly(s.asn + ":1:2");
        assertThat(v4.extCommunities()).containsExactly("rt:65100:9");
        assertThat(v4.peer()).isEqualTo(s.address);
        ObservedRoute v6 = gobgp.await(DEADLINE, "2001:db8:11" + n + "::/48 in GoBGP",
                () -> find(gobgp.rib(true), "2001:db8:11" + n + "::/48"), r -> r != null);
        assertThat(v6.asPathAsns()).containsExactly(s.asn);
        assertThat(v6.nextHop()).isEqualTo("2001:db8:ffff::11" + n);
        assertThat(v6.med()).hasValue(66);
        assertThat(v6.communities()).containsExactly("65100:6");
        assertThat(v6.largeCommunities()).containsExactly(s.asn + ":6:6");
        assertThat(v6.extCommunities()).containsExactly("rt:65100:9");

        JsonNode p4 = s.awaitPath("10.202.0.0/24", DEADLINE);
        assertThat(p4.path("asPath").asText()).isEqualTo("65002 4200000098");
        assertThat(p4.path("nextHop").asText()).isEqualTo(gobgp.listenAddress());
        assertThat(p4.path("med").asLong()).isEqualTo(50);
        assertThat(texts(p4.path("communities"))).containsExactlyInAnyOrder("65002:100", "blackhole");
        assertThat(texts(p4.path("largeCommunities"))).containsExactly("65002:1:2");
        assertThat(texts(p4.path("extendedCommunities"))).containsExactly("RT:65002:9");
        JsonNode p6 = s.awaitPath("2001:db8:202::/48", DEADLINE);
        assertThat(p6.path("asPath").asText()).isEqualTo("65002");
        assertThat(p6.path("nextHop").asText()).isEqualTo(Loopback.ipv6NextHopFor(gobgp.listenAddress()));
        assertThat(texts(p6.path("communities"))).containsExactly("65002:6");
        assertThat(texts(p6.path("largeCommunities"))).containsExactly("65002:6:6");
    }

    @Test
    @Order(4)
    void inboundPolicyChangeThroughApiIsASoftResetWithRouteRefresh() throws Exception {
        InteropMatrix.check(PEER, "route refresh: POST /api/config inbound route-map, no session drop", () -> {
            four.awaitEstablished("gobgp", DEADLINE);
            four.awaitPath("10.202.1.0/24", DEADLINE);
            JsonNode before = four.peer("gobgp").path("counters");
            JsonNode gobgpBefore = gobgp.neighbor(four.address).raw().path("state");
            String policy = """
                    ip prefix-list DROP seq 5 permit 10.202.1.0/24
                    route-map IN deny 10
                     match ip address prefix-list DROP
                    route-map IN permit 20
                     set community 65100:999 additive
                    """;
            JsonNode done = four.post("/api/config", four.configWith("10.9.1.1",
                    body(1, AS4, gobgp.listenAddress(), gobgp.listenPort(), "route-map-in: IN", policy)));
            assertThat(done.toString()).contains("soft reset");
            four.awaitAbsent("10.202.1.0/24", DEADLINE);
            Awaitility.await("community set by the new route-map").atMost(DEADLINE)
                    .until(() -> texts(four.paths("10.202.0.0/24").path(0).path("communities")).contains("65100:999"));
            Awaitility.await("IPv6 too").atMost(DEADLINE)
                    .until(() -> texts(four.paths("2001:db8:202::/48").path(0).path("communities")).contains("65100:999"));
            JsonNode gobgpAfter = gobgp.neighbor(four.address).raw().path("state");
            assertThat(gobgpAfter.at("/messages/received/refresh").asLong())
                    .as("ROUTE-REFRESH messages GoBGP got").isGreaterThan(gobgpBefore.at("/messages/received/refresh").asLong());
            assertThat(gobgpAfter.path("flops").asLong()).isEqualTo(gobgpBefore.path("flops").asLong());
            assertThat(four.state("gobgp")).isEqualTo(FsmState.ESTABLISHED);
            JsonNode after = four.peer("gobgp").path("counters");
            assertThat(after.path("flaps").asLong()).isEqualTo(before.path("flaps").asLong());
            assertThat(after.path("established").asLong()).isEqualTo(before.path("established").asLong());
        });
    }
}
