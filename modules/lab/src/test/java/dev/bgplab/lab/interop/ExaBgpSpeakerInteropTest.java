package dev.bgplab.lab.interop;

import static dev.bgplab.lab.interop.BirdGobgpInteropTest.find;
import static dev.bgplab.lab.interop.LabSpeaker.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.speaker.session.FsmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * bgplab against real ExaBGP 4.2 on loopback, the peer that can put any bytes in a path attribute.
 * <ul>
 *   <li>{@code exa} (AS 65003) and gobgpd (AS 65002) peer with bgplab on AS 4200000001: capabilities,
 *       routes both ways, an unknown optional transitive attribute passed on to GoBGP with Partial set,
 *       and RFC 7606 malformed attributes treated as withdraw with the session kept.
 *   <li>{@code exa2} (AS 4200000003) peers with bgplab on AS 65100 (2-octet).
 *   <li>{@code exaOld} (AS 65004, {@code asn4 disable}: an RFC 6793 OLD speaker) peers with bgplab on
 *       AS 4200000002: AS_TRANS in OPEN, AS_PATH + AS4_PATH both ways.
 * </ul>
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExaBgpSpeakerInteropTest {
    static final String PEER = "ExaBGP 4.2.21";
    static final String GOBGP = GobgpSpeakerInteropTest.PEER;
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final long AS4 = 4_200_000_001L;
    static final long AS2 = 65100;
    static final long AS4_TO_OLD = 4_200_000_002L;
    static final long AS_TRANS = 23456;
    /** RFC 2042: type code 255 is reserved for development, so no receiver knows it. */
    static final int DEVELOPMENT_CODE = 0xFF;

    static InteropPeers daemons;
    static ExaBgpPeer exa;
    static ExaBgpPeer exa2;
    static ExaBgpPeer exaOld;
    static GobgpPeer gobgp;
    static LabSpeaker four;
    static LabSpeaker two;
    static LabSpeaker toOld;
    static String fourPeers;
    static String fourGobgp;
    static String twoPeers;

    static String networks(int n, long asn) {
        return InteropSpeakerConfig.networksAndPolicy(120 + n, asn, true, "");
    }

    static String peer(String name, String address, int port, long asn) {
        return InteropSpeakerConfig.peer(name, address, port, asn);
    }

    @BeforeAll
    static void start() throws Exception {
        PeerBinaries.require("exabgp", "gobgpd", "gobgp");
        String a4 = Loopback.nextAddress(), a2 = Loopback.nextAddress(), aOld = Loopback.nextAddress();
        int p4 = Loopback.freePort(a4), p2 = Loopback.freePort(a2), pOld = Loopback.freePort(aOld);
        String exaAddress = Loopback.nextAddress(), exa2Address = Loopback.nextAddress();
        String exaOldAddress = Loopback.nextAddress();
        String gobgpAddress = Loopback.nextAddress();
        int gobgpPort = Loopback.freePort(gobgpAddress);
        daemons = new InteropPeers();
        gobgp = daemons.add(GobgpPeer.builder().routerId("10.0.0.2").localAs(65002).listen(gobgpAddress, gobgpPort)
                .neighbor(n -> n.address(a4).asn(AS4).passive(true).holdTime(9))
                .start());
        // bgplab waits (passive) and the ExaBGPs connect: ExaBGP retries at once, bgplab every second.
        // restarting-speaker mode, so the OPEN lists both families (helper-only, the default, lists none)
        fourPeers = peer("exa", exaAddress, 179, 65003) + "    add-path: both\n    passive: true\n"
                + "    graceful-restart: restart\n";
        fourGobgp = peer("gobgp", gobgpAddress, gobgpPort, 65002);
        four = daemons.add(LabSpeaker.start(a4, p4, "10.9.2.1", AS4, networks(1, AS4) + "peers:\n" + fourPeers + fourGobgp));
        twoPeers = peer("exa2", exa2Address, 179, 4_200_000_003L) + "    passive: true\n";
        two = daemons.add(LabSpeaker.start(a2, p2, "10.9.2.2", AS2, networks(2, AS2) + "peers:\n" + twoPeers));
        toOld = daemons.add(LabSpeaker.start(aOld, pOld, "10.9.2.3", AS4_TO_OLD, networks(3, AS4_TO_OLD) + "peers:\n"
                + peer("exaOld", exaOldAddress, 179, 65004) + "    passive: true\n"));
        exa = daemons.add(ExaBgpPeer.builder().routerId("10.0.0.3").localAddress(exaAddress).localAs(65003)
                .peer(a4, p4, AS4).holdTime(9).addPath("send/receive").gracefulRestart(120).extendedMessage(true)
                .routeRefresh(true).logPackets(true)
                .originate(RouteSpec.of("10.203.0.0/24").asPath(4_200_000_097L).med(30).community(65003, 1)
                        .community(65535, 666).largeCommunity(65003, 1, 2).routeTarget(65003, 9))
                .originate(RouteSpec.of("2001:db8:203::/48").med(31).community(65003, 6).largeCommunity(65003, 6, 6)
                        .routeTarget(65003, 9))
                .start());
        exa2 = daemons.add(ExaBgpPeer.builder().routerId("10.0.0.4").localAddress(exa2Address).localAs(4_200_000_003L)
                .peer(a2, p2, AS2).holdTime(9)
                .originate(RouteSpec.of("10.204.0.0/24").med(40).community(65004, 1).largeCommunity(4_200_000_003L, 1, 2)
                        .routeTarget(65004, 9))
                .originate(RouteSpec.of("2001:db8:204::/48").community(65004, 6))
                .start());
        // An OLD speaker knows a 4-octet neighbour only as AS_TRANS (RFC 6793 4.2.1).
        exaOld = daemons.add(ExaBgpPeer.builder().routerId("10.0.0.5").localAddress(exaOldAddress).localAs(65004)
                .peer(aOld, pOld, AS_TRANS).holdTime(9).asn4(false).logPackets(true)
                .originate(RouteSpec.of("10.205.0.0/24").asPath(4_200_000_055L, 65010))
                .originate(RouteSpec.of("2001:db8:205::/48").asPath(4_200_000_055L))
                .start());
    }

    @AfterAll
    static void stop() {
        if (daemons != null) daemons.close();
    }

    /** The attributes and next hop of the last UPDATE ExaBGP got announcing {@code prefix}, or null. */
    static Map.Entry<String, JsonNode> received(ExaBgpPeer peer, String prefix) {
        Map.Entry<String, JsonNode> found = null;
        for (JsonNode update : peer.receivedUpdates()) {
            for (JsonNode family : update.path("announce")) {
                for (var nextHop : (Iterable<Map.Entry<String, JsonNode>>) family::fields) {
                    for (JsonNode nlri : nextHop.getValue()) {
                        if (nlri.path("nlri").asText(nlri.asText()).equals(prefix)) {
                            found = Map.entry(nextHop.getKey(), update.path("attribute"));
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<String> pairs(JsonNode lists) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lists) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(x.asText()));
            out.add(String.join(":", parts));
        }
        return out;
    }

    static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asLong()));
        return out;
    }

    @Test
    @Order(1)
    void establishesAndNegotiatesEveryCapability() throws Exception {
        InteropMatrix.check(PEER, "session Established (4-octet ASN bgplab)", () -> {
            four.awaitEstablished("exa", DEADLINE);
            exa.awaitEstablished(DEADLINE);
        });
        List<String> caps = four.capabilities("exa");
        // ExaBGP's log decodes the OPEN bgplab sent it: "<< OPEN version=4 asn=23456 ... capabilities=[...]"
        String open = openFromBgplab(exa, "10.9.2.1");
        InteropMatrix.check(PEER, "capability 4-octet AS", () -> {
            assertThat(caps).contains("4-octet-as");
            assertThat(open).contains("asn=" + AS_TRANS, "ASN4(" + AS4 + ")");
        });
        InteropMatrix.check(PEER, "capability MP IPv4 + IPv6", () -> {
            assertThat(caps).contains("multiprotocol ipv4-unicast", "multiprotocol ipv6-unicast");
            assertThat(open).containsAnyOf("Multiprotocol(ipv6 unicast,ipv4 unicast)", "Multiprotocol(ipv4 unicast,ipv6 unicast)");
        });
        InteropMatrix.check(PEER, "capability route refresh", () -> {
            assertThat(caps).contains("route-refresh");
            assertThat(open).contains("Route Refresh,");
        });
        InteropMatrix.check(PEER, "capability enhanced route refresh", () -> {
            assertThat(caps).contains("enhanced-route-refresh");
            assertThat(open).contains("Enhanced Route Refresh");
        });
        InteropMatrix.check(PEER, "capability graceful restart", () -> {
            assertThat(caps).contains("graceful-restart (peer restart time 120 s)");
            assertThat(open).containsPattern("Graceful Restart Flags 0x0 Time 120 [^,]*ipv4/unicast=0x0")
                    .containsPattern("Graceful Restart Flags 0x0 Time 120 [^,]*ipv6/unicast=0x0");
        });
        InteropMatrix.check(PEER, "capability ADD-PATH", () -> {
            assertThat(caps).contains("add-path send ipv4-unicast", "add-path receive ipv4-unicast",
                    "add-path send ipv6-unicast", "add-path receive ipv6-unicast");
            assertThat(open).containsPattern("AddPath\\([^)]*send/receive ipv4 unicast")
                    .containsPattern("AddPath\\([^)]*send/receive ipv6 unicast");
        });
        InteropMatrix.check(PEER, "capability extended messages", () -> {
            assertThat(caps).contains("extended-message");
            assertThat(open).contains("Extended Message(65535)");
        });
    }

    /** The line ExaBGP logs for the OPEN it received from the bgplab speaker with this router id. */
    static String openFromBgplab(ExaBgpPeer peer, String routerId) {
        return peer.await(DEADLINE, "bgplab's OPEN in ExaBGP's log",
                () -> peer.logs().lines().filter(l -> l.contains("<< OPEN") && l.contains("router_id=" + routerId))
                        .findFirst().orElse(null), l -> l != null);
    }

    @Test
    @Order(2)
    void routesBothWaysWithFourOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 4-octet ASN", () -> {
            four.awaitEstablished("exa", DEADLINE);
            assertBgplabRoutesAtExabgp(exa, four, 1);
            JsonNode p4 = four.awaitPath("10.203.0.0/24", DEADLINE);
            assertThat(p4.path("asPath").asText()).isEqualTo("65003 4200000097");
            assertThat(p4.path("nextHop").asText()).isEqualTo(Loopback.ipv4NextHopFor(exa.localAddress()));
            assertThat(p4.path("med").asLong()).isEqualTo(30);
            assertThat(texts(p4.path("communities"))).containsExactlyInAnyOrder("65003:1", "blackhole");
            assertThat(texts(p4.path("largeCommunities"))).containsExactly("65003:1:2");
            assertThat(texts(p4.path("extendedCommunities"))).containsExactly("RT:65003:9");
            JsonNode p6 = four.awaitPath("2001:db8:203::/48", DEADLINE);
            assertThat(p6.path("asPath").asText()).isEqualTo("65003");
            assertThat(p6.path("nextHop").asText()).isEqualTo(Loopback.ipv6NextHopFor(exa.localAddress()));
            assertThat(p6.path("med").asLong()).isEqualTo(31);
            assertThat(texts(p6.path("communities"))).containsExactly("65003:6");
            assertThat(texts(p6.path("largeCommunities"))).containsExactly("65003:6:6");
            assertThat(texts(p6.path("extendedCommunities"))).containsExactly("RT:65003:9");
        });
    }

    @Test
    @Order(3)
    void routesBothWaysWithTwoOctetBgplabAsn() throws Exception {
        InteropMatrix.check(PEER, "routes both ways IPv4+IPv6, bgplab 2-octet ASN", () -> {
            two.awaitEstablished("exa2", DEADLINE);
            exa2.awaitEstablished(DEADLINE);
            assertBgplabRoutesAtExabgp(exa2, two, 2);
            JsonNode p4 = two.awaitPath("10.204.0.0/24", DEADLINE);
            assertThat(p4.path("asPath").asText()).isEqualTo("4200000003");
            assertThat(p4.path("nextHop").asText()).isEqualTo(Loopback.ipv4NextHopFor(exa2.localAddress()));
            assertThat(p4.path("med").asLong()).isEqualTo(40);
            assertThat(texts(p4.path("communities"))).containsExactly("65004:1");
            assertThat(texts(p4.path("largeCommunities"))).containsExactly("4200000003:1:2");
            assertThat(texts(p4.path("extendedCommunities"))).containsExactly("RT:65004:9");
            JsonNode p6 = two.awaitPath("2001:db8:204::/48", DEADLINE);
            assertThat(p6.path("asPath").asText()).isEqualTo("4200000003");
            assertThat(p6.path("nextHop").asText()).isEqualTo(Loopback.ipv6NextHopFor(exa2.localAddress()));
            assertThat(texts(p6.path("communities"))).containsExactly("65004:6");
        });
    }

    static void assertBgplabRoutesAtExabgp(ExaBgpPeer peer, LabSpeaker s, int n) {
        Map.Entry<String, JsonNode> v4 = peer.await(DEADLINE, "10.12" + n + ".0.0/24 from bgplab",
                () -> received(peer, "10.12" + n + ".0.0/24"), r -> r != null);
        assertThat(v4.getKey()).isEqualTo("192.0.2.12" + n);
        JsonNode a = v4.getValue();
        assertThat(longs(a.path("as-path"))).containsExactly(s.asn, 4_200_000_077L);
        assertThat(a.path("med").asLong()).isEqualTo(77);
        assertThat(pairs(a.path("community"))).containsExactlyInAnyOrder("65100:1", "65535:666");
        assertThat(pairs(a.path("large-community"))).containsExactly(s.asn + ":1:2");
        assertThat(a.path("extended-community").toString()).contains("target:65100:9");
        Map.Entry<String, JsonNode> v6 = peer.await(DEADLINE, "2001:db8:12" + n + "::/48 from bgplab",
                () -> received(peer, "2001:db8:12" + n + "::/48"), r -> r != null);
        assertThat(v6.getKey()).isEqualTo("2001:db8:ffff::12" + n);
        assertThat(longs(v6.getValue().path("as-path"))).containsExactly(s.asn);
        assertThat(v6.getValue().path("med").asLong()).isEqualTo(66);
        assertThat(pairs(v6.getValue().path("large-community"))).containsExactly(s.asn + ":6:6");
    }

    @Test
    @Order(4)
    void fourOctetBgplabTowardsAnOldSpeakerUsesAsTransAndAs4PathBothWays() throws Exception {
        InteropMatrix.check(PEER, "RFC 6793 2-octet-only peer: AS_TRANS in OPEN + AS4_PATH", () -> {
            toOld.awaitEstablished("exaOld", DEADLINE);
            // ExaBGP (asn4 disable) checks the OPEN's My AS against its peer-as 23456: up means AS_TRANS was sent
            exaOld.awaitEstablished(DEADLINE);
            assertThat(toOld.capabilities("exaOld")).doesNotContain("4-octet-as");
            assertThat(openFromBgplab(exaOld, "10.9.2.3")).contains("asn=" + AS_TRANS, "ASN4(" + AS4_TO_OLD + ")");
            // bgplab -> OLD: AS_PATH [23456 23456] (2-octet) and AS4_PATH [4200000002 4200000077] on the wire
            exaOld.await(DEADLINE, "AS_PATH and AS4_PATH in ExaBGP's packet log", () -> {
                String wire = exaOld.logs().replace(" ", "").replace(":", "").toLowerCase();
                return wire.contains("4002060202" + "5ba05ba0") && wire.contains("c0110a0202" + "fa56ea02fa56ea4d");
            });
            Map.Entry<String, JsonNode> v4 = exaOld.await(DEADLINE, "10.123.0.0/24 from bgplab",
                    () -> received(exaOld, "10.123.0.0/24"), r -> r != null);
            assertThat(longs(v4.getValue().path("as-path"))).as("ExaBGP merged AS4_PATH")
                    .containsExactly(AS4_TO_OLD, 4_200_000_077L);
            // OLD -> bgplab: ExaBGP sends [65004 23456 65010] + AS4_PATH; bgplab rebuilds the path
            JsonNode p4 = toOld.awaitPath("10.205.0.0/24", DEADLINE);
            assertThat(p4.path("asPath").asText()).isEqualTo("65004 4200000055 65010");
            assertThat(toOld.awaitPath("2001:db8:205::/48", DEADLINE).path("asPath").asText())
                    .isEqualTo("65004 4200000055");
        });
    }

    @Test
    @Order(5)
    void unknownOptionalTransitiveAttributeIsKeptAndPassedToGobgpWithPartialSet() throws Exception {
        four.awaitEstablished("exa", DEADLINE);
        four.awaitEstablished("gobgp", DEADLINE);
        exa.announce(RouteSpec.of("10.203.5.0/24").community(65003, 5)
                .rawAttribute(RawAttribute.optionalTransitive(DEVELOPMENT_CODE, "0102030405")));
        InteropMatrix.check(PEER, "unknown optional transitive attribute kept by bgplab", () -> {
            JsonNode p = four.awaitPath("10.203.5.0/24", DEADLINE);
            assertThat(texts(p.path("unknownAttributes"))).containsExactly("type 255 flags 0xc0 value 0102030405");
            assertThat(texts(p.path("communities"))).containsExactly("65003:5");
        });
        InteropMatrix.check(GOBGP, "unknown attribute from bgplab arrives with Partial bit set", () -> {
            ObservedRoute r = gobgp.await(DEADLINE, "10.203.5.0/24 in GoBGP",
                    () -> find(gobgp.rib(false), "10.203.5.0/24"), x -> x != null);
            assertThat(r.asPathAsns()).containsExactly(AS4, 65003L);
            assertThat(r.unknownAttribute(DEVELOPMENT_CODE)).hasValue(new DaemonUnknownAttribute(DEVELOPMENT_CODE,
                    RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE | RawAttribute.PARTIAL, true, "0102030405"));
        });
    }

    @Test
    @Order(6)
    void malformedAttributesAreTreatAsWithdrawAndTheSessionStaysUp() throws Exception {
        four.awaitEstablished("exa", DEADLINE);
        four.awaitPath("10.203.0.0/24", DEADLINE);
        long flaps = four.peer("exa").at("/counters/flaps").asLong();
        Map<String, RawAttribute> malformed = new java.util.LinkedHashMap<>();
        malformed.put("ORIGIN value 5 (RFC 7606 7.1)", new RawAttribute(1, 0x40, new byte[] {5}));
        malformed.put("3-octet MED (RFC 7606 7.4)", new RawAttribute(4, 0x80, new byte[] {0, 0, 1}));
        malformed.put("ORIGIN with optional flag (RFC 7606 3 c)", new RawAttribute(1, 0xC0, new byte[] {0}));
        malformed.put("truncated AS_PATH (RFC 7606 7.2)", new RawAttribute(2, 0x40, new byte[] {2, 1}));
        int i = 1;
        for (var e : malformed.entrySet()) {
            String prefix = "10.203." + (10 + i++) + ".0/24";
            InteropMatrix.check(PEER, "RFC 7606 treat-as-withdraw: " + e.getKey(), () -> {
                exa.announce(RouteSpec.of(prefix).community(65003, 7));
                four.awaitPath(prefix, DEADLINE);
                exa.announce(RouteSpec.of(prefix).rawAttribute(e.getValue()));
                four.awaitAbsent(prefix, DEADLINE);
                assertThat(four.explain(prefix)).anyMatch(s -> s.contains("RFC 7606 treat-as-withdraw")
                        && s.contains("From exa") && s.contains("the session stayed up"));
                assertThat(four.state("exa")).isEqualTo(FsmState.ESTABLISHED);
                assertThat(four.peer("exa").at("/counters/flaps").asLong()).isEqualTo(flaps);
                assertThat(four.paths("10.203.0.0/24")).isNotEmpty();
                assertThat(four.paths("2001:db8:203::/48")).isNotEmpty();
                assertThat(exa.state()).isEqualTo("up");
            });
        }
    }

    /**
     * ExaBGP 4.2.21 cannot answer a ROUTE-REFRESH once enhanced route refresh is negotiated (its
     * adj-rib-out hands the BoRR marker to Update.messages: TypeError 'RouteRefresh' object is not
     * iterable, then it drops the TCP session), so the policy change goes to exa2, which negotiates no
     * route refresh: bgplab re-runs import over its pre-policy Adj-RIB-In instead, session kept.
     */
    @Test
    @Order(7)
    void inboundPolicyChangeWithoutRouteRefreshReimportsFromAdjRibIn() throws Exception {
        InteropMatrix.peerLacks(PEER, "route refresh: POST /api/config inbound route-map, no session drop",
                "ExaBGP 4.2.21 crashes answering ROUTE-REFRESH with enhanced refresh negotiated (TypeError in "
                        + "Update.messages) and resets the session; see the re-import row");
        InteropMatrix.check(PEER, "soft reset without route refresh: re-import from Adj-RIB-In, no session drop", () -> {
            two.awaitEstablished("exa2", DEADLINE);
            assertThat(two.capabilities("exa2")).doesNotContain("route-refresh");
            exa2.announce(RouteSpec.of("10.204.6.0/24").community(65004, 6));
            two.awaitPath("10.204.6.0/24", DEADLINE);
            JsonNode before = two.peer("exa2").path("counters");
            String policy = """
                    ip prefix-list DROP seq 5 permit 10.204.6.0/24
                    route-map IN deny 10
                     match ip address prefix-list DROP
                    route-map IN permit 20
                     set community 65100:999 additive
                    """;
            String yaml = networks(2, AS2) + policy.indent(2) + "peers:\n" + twoPeers + "    route-map-in: IN\n";
            assertThat(two.post("/api/config", two.configWith("10.9.2.2", yaml)).toString()).contains("soft reset");
            two.awaitAbsent("10.204.6.0/24", DEADLINE);
            org.awaitility.Awaitility.await("community set by the new route-map").atMost(DEADLINE)
                    .until(() -> texts(two.paths("10.204.0.0/24").path(0).path("communities")).contains("65100:999"));
            org.awaitility.Awaitility.await("IPv6 too").atMost(DEADLINE)
                    .until(() -> texts(two.paths("2001:db8:204::/48").path(0).path("communities")).contains("65100:999"));
            assertThat(two.state("exa2")).isEqualTo(FsmState.ESTABLISHED);
            JsonNode after = two.peer("exa2").path("counters");
            assertThat(after.path("flaps").asLong()).isEqualTo(before.path("flaps").asLong());
            assertThat(after.path("established").asLong()).isEqualTo(before.path("established").asLong());
            assertThat(exa2.state()).isEqualTo("up");
        });
    }
}
