package dev.bgplab.lab.interop;

import static dev.bgplab.lab.interop.BirdGobgpInteropTest.find;
import static dev.bgplab.lab.interop.LabSpeaker.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.speaker.session.FsmState;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bgplab against a real BIRD 2 on loopback: one BIRD (AS 65001, 2-octet) with three protocols, one per
 * bgplab speaker: AS 4200000001 (4-octet), AS 65100 (2-octet), and AS 4200000002 towards a BIRD
 * protocol with {@code enable as4 off} (RFC 6793: AS_TRANS in OPEN, AS4_PATH both ways).
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BirdSpeakerInteropTest {
    static final String PEER = "BIRD 2.0.12";
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final long BIRD_AS = 65001;
    static final long AS4 = 4_200_000_001L;
    static final long AS2 = 65100;
    static final long AS4_OLD_PEER = 4_200_000_002L;
    static final long AS_TRANS = 23456;

    static InteropPeers daemons;
    static BirdPeer bird;
    static LabSpeaker four;
    static LabSpeaker two;
    static LabSpeaker noAs4;

    /** bgplab's networks and out policy; {@code n} makes the prefixes and next hops unique per speaker. */
    static String body(int n, String peerAddress, int peerPort, String extraPeer, String extraPolicy) {
        return InteropSpeakerConfig.withOnePeer(100 + n, n == 1 ? AS4 : n == 2 ? AS2 : AS4_OLD_PEER, false, extraPolicy,
                "bird", peerAddress, peerPort, BIRD_AS, extraPeer);
    }

    @BeforeAll
    static void start() throws Exception {
        PeerBinaries.require("bird", "birdc");
        String birdAddress = Loopback.nextAddress();
        int birdPort = Loopback.freePort(birdAddress);
        String a4 = Loopback.nextAddress(), a2 = Loopback.nextAddress(), aOld = Loopback.nextAddress();
        daemons = new InteropPeers();
        // BIRD sends MED on eBGP only when the export filter sets it; only its own statics go out.
        String export = "filter { if source != RTS_STATIC then reject; bgp_med = 20; accept; }";
        bird = daemons.add(BirdPeer.builder().routerId("10.0.0.1").localAs(BIRD_AS).listen(birdAddress, birdPort)
                .neighbor("spk4", n -> n.address(a4).asn(AS4).passive(true).holdTime(9).exportFilter(export)
                        .addPaths("on").gracefulRestart(true).extendedMessages(true))
                .neighbor("spk2", n -> n.address(a2).asn(AS2).passive(true).holdTime(9).exportFilter(export)
                        .extraLine("debug { states, events, packets };"))
                // An OLD speaker (RFC 6793) knows a 4-octet neighbour only as AS_TRANS.
                .neighbor("noas4", n -> n.address(aOld).asn(AS_TRANS).passive(true).holdTime(9).exportFilter(export)
                        .extraLine("enable as4 off;").extraLine("debug { states, events, packets };"))
                .originate(RouteSpec.of("10.201.0.0/24").asPath(4_200_000_099L).community(64512, 1)
                        .community(65535, 666).largeCommunity(BIRD_AS, 7, 8).routeTarget(64512, 9))
                .originate(RouteSpec.of("10.201.1.0/24").community(64512, 2))
                .originate(RouteSpec.of("2001:db8:201::/48").community(64512, 6).largeCommunity(BIRD_AS, 6, 6))
                .start());
        four = daemons.add(LabSpeaker.start(a4, Loopback.freePort(a4), "10.9.0.1", AS4, body(1, birdAddress, birdPort, "", "")));
        two = daemons.add(LabSpeaker.start(a2, Loopback.freePort(a2), "10.9.0.2", AS2, body(2, birdAddress, birdPort, "", "")));
        noAs4 = daemons.add(LabSpeaker.start(aOld, Loopback.freePort(aOld), "10.9.0.3", AS4_OLD_PEER,
                body(3, birdAddress, birdPort, "", "")));
    }

    @AfterAll
    static void stop() {
        if (daemons != null) daemons.close();
    }

    @Test
    @Order(1)
    void establishesAndNegotiatesEveryCapabilityBothSidesShow() throws Exception {
        InteropMatrix.check(PEER, "session Established (4-octet ASN bgplab)", () -> {
            four.awaitEstablished("bird", DEADLINE);
            assertThat(bird.awaitEstablished("spk4", DEADLINE).details()).containsEntry("Neighbor AS", Long.toString(AS4));
        });
        BirdOutput.Protocol p = bird.protocol("spk4");
        var caps = four.capabilities("bird");
        InteropMatrix.check(PEER, "capability 4-octet AS", () -> {
            assertThat(caps).contains("4-octet-as");
            assertThat(p.neighborCapabilities()).contains("4-octet AS numbers");
            assertThat(p.details().get("Session")).contains("AS4");
        });
        InteropMatrix.check(PEER, "capability MP IPv4 + IPv6", () -> {
            assertThat(caps).contains("multiprotocol ipv4-unicast", "multiprotocol ipv6-unicast");
            assertThat(p.neighborCapabilities()).contains("Multiprotocol");
            assertThat(p.text()).contains("Channel ipv4").contains("Channel ipv6");
            assertThat(p.text().lines().filter(l -> l.trim().equals("State:          UP")).count()).isEqualTo(2);
        });
        InteropMatrix.check(PEER, "capability route refresh", () -> {
            assertThat(caps).contains("route-refresh");
            assertThat(p.neighborCapabilities()).contains("Route refresh");
        });
        InteropMatrix.check(PEER, "capability enhanced route refresh", () -> {
            assertThat(caps).contains("enhanced-route-refresh");
            assertThat(p.neighborCapabilities()).contains("Enhanced refresh");
        });
        InteropMatrix.check(PEER, "capability graceful restart", () -> {
            assertThat(caps).anyMatch(c -> c.startsWith("graceful-restart"));
            assertThat(p.neighborCapabilities()).contains("Graceful restart");
        });
        InteropMatrix.check(PEER, "capability ADD-PATH", () -> {
            assertThat(caps).contains("add-path send ipv4-unicast", "add-path receive ipv4-unicast",
                    "add-path send ipv6-unicast", "add-path receive ipv6-unicast");
            assertThat(p.neighborCapabilities()).contains("ADD-PATH");
        });
        InteropMatrix.check(PEER, "capability extended messages", () -> {
            assertThat(caps).contains("extended-message");
            assertThat(p.neighborCapabilities()).contains("Extended message");
        });
    }

    @Test
    @Order(2)
    void routesBothWaysWithFourOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 4-octet ASN", () -> {
            four.awaitEstablished("bird", DEADLINE);
            bird.awaitEstablished("spk4", DEADLINE);
            assertRoutesBothWays(four, "spk4", 1);
        });
    }

    @Test
    @Order(3)
    void routesBothWaysWithTwoOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 2-octet ASN", () -> {
            two.awaitEstablished("bird", DEADLINE);
            bird.awaitEstablished("spk2", DEADLINE);
            assertRoutesBothWays(two, "spk2", 2);
        });
    }

    /** bgplab's two networks in BIRD and BIRD's statics in bgplab, every attribute checked at the receiver. */
    static void assertRoutesBothWays(LabSpeaker s, String protocol, int n) throws Exception {
        ObservedRoute v4 = bird.await(DEADLINE, "10.10" + n + ".0.0/24 in BIRD",
                () -> find(bird.routes("master4"), "10.10" + n + ".0.0/24"), r -> r != null);
        assertThat(v4.asPathAsns()).containsExactly(s.asn, 4_200_000_077L);
        assertThat(v4.nextHop()).as("bgplab's own address is the eBGP next hop").isEqualTo(s.address);
        assertThat(v4.med()).hasValue(77);
        assertThat(v4.communities()).containsExactlyInAnyOrder("65100:1", "65535:666");
        assertThat(v4.largeCommunities()).containsExactly(s.asn + ":1:2");
        assertThat(v4.extCommunities()).containsExactly("rt:65100:9");
        assertThat(v4.peer()).isEqualTo(s.address);
        ObservedRoute v6 = bird.await(DEADLINE, "2001:db8:10" + n + "::/48 in BIRD",
                () -> find(bird.routes("master6"), "2001:db8:10" + n + "::/48"), r -> r != null);
        assertThat(v6.asPathAsns()).containsExactly(s.asn);
        assertThat(v6.nextHop()).isEqualTo("2001:db8:ffff::10" + n);
        assertThat(v6.med()).hasValue(66);
        assertThat(v6.communities()).containsExactly("65100:6");
        assertThat(v6.largeCommunities()).containsExactly(s.asn + ":6:6");

        JsonNode p4 = s.awaitPath("10.201.0.0/24", DEADLINE);
        assertThat(p4.path("asPath").asText()).isEqualTo("65001 4200000099");
        assertThat(p4.path("nextHop").asText()).isEqualTo(bird.listenAddress());
        assertThat(p4.path("med").asLong()).isEqualTo(20);
        assertThat(texts(p4.path("communities"))).containsExactlyInAnyOrder("64512:1", "blackhole");
        assertThat(texts(p4.path("largeCommunities"))).containsExactly("65001:7:8");
        assertThat(texts(p4.path("extendedCommunities"))).containsExactly("RT:64512:9");
        assertThat(p4.path("origin").asText()).isEqualTo("IGP");
        JsonNode p6 = s.awaitPath("2001:db8:201::/48", DEADLINE);
        assertThat(p6.path("asPath").asText()).isEqualTo("65001");
        assertThat(p6.path("nextHop").asText()).isEqualTo(Loopback.ipv6NextHopFor(bird.listenAddress()));
        assertThat(texts(p6.path("communities"))).containsExactly("64512:6");
        assertThat(texts(p6.path("largeCommunities"))).containsExactly("65001:6:6");
    }

    /**
     * BIRD 2.0.12 with {@code enable as4 off} is no RFC 6793 OLD speaker: it still reads the 4-octet AS
     * capability bgplab sends and compares that ASN with the configured neighbour AS, which with as4 off
     * may only be 2-octet (AS_TRANS here), so it refuses bgplab with Bad Peer AS. The real OLD-speaker
     * check runs against ExaBGP ({@code asn4 disable}) in ExaBgpSpeakerInteropTest.
     */
    @Test
    @Order(4)
    void birdWithAs4OffCannotPeerWithAFourOctetSpeaker() throws Exception {
        org.awaitility.Awaitility.await("BIRD's NOTIFICATION to bgplab").atMost(DEADLINE).untilAsserted(() ->
                assertThat(noAs4.peer("bird").path("lastError").path("notification").asText())
                        .contains("Bad Peer AS"));
        assertThat(noAs4.state("bird")).isNotEqualTo(FsmState.ESTABLISHED);
        bird.await(DEADLINE, "BIRD to log bgplab's OPEN with AS_TRANS",
                () -> bird.logs().contains("noas4: Got OPEN(as=" + AS_TRANS));
        InteropMatrix.peerLacks(PEER, "RFC 6793 2-octet-only peer: AS_TRANS in OPEN + AS4_PATH",
                "BIRD 2.0.12 'enable as4 off' still takes the ASN from the AS4 capability and answers Bad Peer AS "
                        + "(the neighbour AS cannot be 4-octet with as4 off); tested against ExaBGP asn4 disable");
        noAs4.close();
    }

    @Test
    @Order(5)
    void inboundPolicyChangeThroughApiIsASoftResetWithRouteRefresh() throws Exception {
        InteropMatrix.check(PEER, "route refresh: POST /api/config inbound route-map, no session drop", () -> {
            two.awaitEstablished("bird", DEADLINE);
            two.awaitPath("10.201.1.0/24", DEADLINE);
            assertThat(texts(two.awaitPath("10.201.0.0/24", DEADLINE).path("communities"))).doesNotContain("65100:999");
            JsonNode before = two.peer("bird").path("counters");
            String policy = """
                    ip prefix-list DROP seq 5 permit 10.201.1.0/24
                    route-map IN deny 10
                     match ip address prefix-list DROP
                    route-map IN permit 20
                     set community 65100:999 additive
                    """;
            JsonNode done = two.post("/api/config", two.configWith("10.9.0.2",
                    body(2, bird.listenAddress(), bird.listenPort(), "route-map-in: IN", policy)));
            assertThat(done.toString()).contains("soft reset");
            two.awaitAbsent("10.201.1.0/24", DEADLINE);
            org.awaitility.Awaitility.await("community set by the new route-map").atMost(DEADLINE)
                    .until(() -> texts(two.paths("10.201.0.0/24").path(0).path("communities")).contains("65100:999"));
            org.awaitility.Awaitility.await("IPv6 too").atMost(DEADLINE)
                    .until(() -> texts(two.paths("2001:db8:201::/48").path(0).path("communities")).contains("65100:999"));
            bird.await(DEADLINE, "BIRD to log bgplab's ROUTE-REFRESH", () -> bird.logs().contains("spk2: Got ROUTE-REFRESH"));
            assertThat(two.state("bird")).isEqualTo(FsmState.ESTABLISHED);
            JsonNode after = two.peer("bird").path("counters");
            assertThat(after.path("flaps").asLong()).isEqualTo(before.path("flaps").asLong());
            assertThat(after.path("established").asLong()).isEqualTo(before.path("established").asLong());
            assertThat(bird.protocol("spk2").established()).isTrue();
        });
    }
}
