package dev.bgplab.lab.frrinterop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.frr.BgpNeighbor;
import dev.bgplab.lab.frr.FrrFamily;
import dev.bgplab.lab.frr.FrrNode;
import dev.bgplab.lab.frr.FrrReportExtension;
import dev.bgplab.lab.route.ObservedRoute;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bgplab speaker (AS 4200000099, in this JVM on the lab network's gateway .1) against two real
 * FRR 8.4 routers: frr1 (AS 65010, eBGP, one IPv4 and one IPv6 session) and frr2 (AS 4200000099,
 * iBGP, IPv4), with frr1 and frr2 also peering with each other. Checks capabilities from both
 * sides, every attribute both ways on both families, LOCAL_PREF over iBGP and NO_EXPORT.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrrSessionAndRoutesDockerTest {

    private static final String PREFIX = "bgplab-frrinterop-routes-";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long OUR_AS = 4200000099L;
    /** Communities on one route: 4 octets each, so the UPDATE is larger than 4096 octets (RFC 8654). */
    static final int BIG = 1100;

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode frr1;
    private static FrrNode frr2;
    private static JvmSpeaker bgplab;
    private static String gw4;
    private static String gw6;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        net = FrrInteropLab.network(PREFIX, true, 140);
        gw4 = net.ipv4(1);
        gw6 = net.ipv6(1);
        try {
            frr1 = reports.watch(FrrNode.builder(PREFIX + "frr1").network(net, net.ipv4(11), net.ipv6(11))
                    .frrConf(frr1Config()).start());
            frr2 = reports.watch(FrrNode.builder(PREFIX + "frr2").network(net, net.ipv4(12), net.ipv6(12))
                    .frrConf(frr2Config()).start());
            bgplab = JvmSpeaker.start("frr-session-and-routes.yml", speakerConfig());
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
                    bgplab.established("frr1") && bgplab.established("frr1-v6") && bgplab.established("frr2"));
        } catch (Throwable e) {
            stop();
            throw e;
        }
        System.out.printf("FRR nodes ready in %d / %d ms; all three sessions Established %d ms after the start%n",
                frr1.startupTime().toMillis(), frr2.startupTime().toMillis(), (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        FrrInteropLab.stop(PREFIX, bgplab, frr2, frr1, net);
    }

    /**
     * frr1 originates 10.10.1.0/24 and 2001:db8:10:1::/64 with every attribute set (ORIGIN egp,
     * a prepended AS path, MED, communities, route target, large community), and 10.10.3.0/24 both
     * as a network and redistributed from a static route (two paths: what ADD-PATH carries), and
     * 10.10.5.0/24 with {@value #BIG} communities (an UPDATE over 4096 octets: extended messages).
     */
    private static String frr1Config() {
        String frr2 = net.ipv4(12);
        return """
                frr defaults traditional
                hostname frr1
                !
                ip route 10.10.3.0/24 blackhole
                !
                route-map ATTRS permit 10
                 set origin egp
                 set metric 42
                 set as-path prepend 65010 65010
                 set community 65010:100 65010:200
                 set extcommunity rt 65010:7 4200000010:8
                 set large-community 4200000010:1:2
                !
                route-map DENY deny 10
                !
                %5$s
                router bgp 65010
                 bgp router-id 10.255.0.11
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 no bgp default ipv4-unicast
                 timers bgp 3 9
                 neighbor %1$s remote-as %4$d
                 neighbor %1$s timers connect 1
                 neighbor %2$s remote-as %4$d
                 neighbor %2$s timers connect 1
                 neighbor %3$s remote-as %4$d
                 neighbor %3$s timers connect 1
                 address-family ipv4 unicast
                  network 10.10.1.0/24 route-map ATTRS
                  network 10.10.3.0/24
                  redistribute static
                  network 10.10.5.0/24 route-map BIG
                  neighbor %1$s activate
                  neighbor %1$s addpath-tx-all-paths
                  neighbor %3$s activate
                 exit-address-family
                 address-family ipv6 unicast
                  network 2001:db8:10:1::/64 route-map ATTRS
                  neighbor %1$s activate
                  neighbor %1$s route-map DENY in
                  neighbor %1$s route-map DENY out
                  neighbor %2$s activate
                  neighbor %2$s addpath-tx-all-paths
                 exit-address-family
                !
                """.formatted(gw4, gw6, frr2, OUR_AS, bigCommunityRouteMap());
    }

    /** frr2 is iBGP with bgplab: it sets LOCAL_PREF 250 on 10.12.1.0/24 and NO_EXPORT on 10.12.2.0/24. */
    private static String frr2Config() {
        String frr1 = net.ipv4(11);
        return """
                frr defaults traditional
                hostname frr2
                !
                route-map LP permit 10
                 set local-preference 250
                !
                route-map NOEXPORT permit 10
                 set community 65012:2 no-export
                !
                router bgp %3$d
                 bgp router-id 10.255.0.12
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 no bgp default ipv4-unicast
                 timers bgp 3 9
                 neighbor %1$s remote-as %3$d
                 neighbor %1$s timers connect 1
                 neighbor %2$s remote-as 65010
                 neighbor %2$s timers connect 1
                 address-family ipv4 unicast
                  network 10.12.1.0/24 route-map LP
                  network 10.12.2.0/24 route-map NOEXPORT
                  neighbor %1$s activate
                  neighbor %2$s activate
                 exit-address-family
                !
                """.formatted(gw4, frr1, OUR_AS);
    }

    /**
     * Communities 65010:1000.. in route-map entries of 200 each (FRR's CLI takes at most 256 words a
     * line, CMD_ARGC_MAX), chained with {@code on-match next}.
     */
    private static String bigCommunityRouteMap() {
        StringBuilder b = new StringBuilder();
        for (int entry = 0; entry * 200 < BIG; entry++) {
            b.append("route-map BIG permit ").append(10 * (entry + 1)).append("\n set community");
            for (int i = entry * 200; i < Math.min(BIG, (entry + 1) * 200); i++) {
                b.append(" 65010:").append(1000 + i);
            }
            b.append(" additive\n");
            if ((entry + 1) * 200 < BIG) {
                b.append(" on-match next\n"); // 8.4 drops a bare "continue" from the config
            }
            b.append("!\n");
        }
        return b.toString();
    }

    /** The big communities of one side: {@code asn:1000}, {@code asn:1001}, ... */
    private static List<String> bigCommunities(int asn) {
        return IntStream.range(0, BIG).mapToObj(i -> asn + ":" + (1000 + i)).toList();
    }

    private static String speakerConfig() {
        return """
                router-id: 10.255.0.1
                asn: %5$d
                listen: {address: %1$s, port: 179}
                api: {port: 0}
                ebgp-requires-policy: false
                networks:
                  - {prefix: 10.99.1.0/24, communities: ['65099:100', '65099:200'], large-communities: ['%5$d:1:2'], med: 77}
                  - {prefix: 10.99.2.0/24, communities: [no-export, '65099:2']}
                  - {prefix: '2001:db8:99:1::/64', communities: ['65099:100', '65099:200'], large-communities: ['%5$d:1:2'], med: 77}
                  - {prefix: 10.99.5.0/24, communities: [%7$s]}
                policy: |
                  route-map TO-EBGP permit 10
                   set origin egp
                   set as-path prepend %5$d
                   set extcommunity rt 65099:7 %5$d:8
                  route-map TO-IBGP permit 10
                   set local-preference 300
                   set extcommunity rt 65099:7 %5$d:8
                peers:
                  - {name: frr1, address: %2$s, asn: 65010, hold-time: 9, keepalive: 3, connect-retry: 1,
                     route-map-out: TO-EBGP, add-path: both}
                  - {name: frr1-v6, address: '%3$s', local-address: '%6$s', asn: 65010, hold-time: 9, keepalive: 3,
                     connect-retry: 1, families: [ipv6-unicast], route-map-out: TO-EBGP, add-path: both}
                  - {name: frr2, address: %4$s, asn: %5$d, hold-time: 9, keepalive: 3, connect-retry: 1,
                     families: [ipv4-unicast], route-map-out: TO-IBGP}
                """.formatted(gw4, net.ipv4(11), net.ipv6(11), net.ipv4(12), OUR_AS, gw6,
                        bigCommunities(65099).stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** FRR's path to {@code prefix} learnt from {@code peer} (an address), or null. */
    private static ObservedRoute frrPath(FrrNode node, FrrFamily family, String prefix, String peer) {
        List<ObservedRoute> paths = node.routes(family).get(prefix);
        return paths == null ? null : paths.stream().filter(p -> p.peer().equals(peer)).findFirst().orElse(null);
    }

    /** bgplab's Loc-RIB path to {@code prefix} learnt from neighbor {@code peer}, or null. */
    private static JsonNode ourPath(String prefix, String peer) throws Exception {
        return bgplab.paths(prefix).stream().filter(p -> p.path("peer").asText().equals(peer)).findFirst().orElse(null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Equal lists, reported by size and difference (the lists themselves are too long to print). */
    private static void assertSameList(List<String> actual, List<String> expected, String what) {
        java.util.Set<String> missing = new java.util.LinkedHashSet<>(expected);
        actual.forEach(missing::remove);
        java.util.Set<String> extra = new java.util.LinkedHashSet<>(actual);
        expected.forEach(extra::remove);
        assertThat(missing).as("%s: %d of %d expected missing", what, missing.size(), expected.size()).isEmpty();
        assertThat(extra).as("%s: unexpected", what).isEmpty();
        assertThat(actual.equals(expected)).as("%s: same %d values but in another order", what, expected.size()).isTrue();
    }

    private static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(assertion);
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void capabilitiesAreNegotiatedAsBothSidesSeeThem() throws Exception {
        BgpNeighbor frrView = frr1.neighbor(gw4).orElseThrow();
        BgpNeighbor frrView6 = frr1.neighbor(gw6).orElseThrow();
        List<String> ours = texts(bgplab.peer("frr1").path("capabilities"));
        List<String> ours6 = texts(bgplab.peer("frr1-v6").path("capabilities"));
        System.out.println("bgplab sees frr1 with " + ours);
        System.out.println("frr1 sees bgplab with " + frrView.capabilities());

        new MatrixChecks()
                .check("session Established", () -> {
                    assertThat(frrView.established()).isTrue();
                    assertThat(frrView.remoteAs()).isEqualTo(OUR_AS);
                    assertThat(frrView.remoteRouterId()).contains("10.255.0.1");
                    assertThat(frrView6.established()).isTrue();
                    assertThat(frr2.neighbor(gw4).orElseThrow().established()).isTrue();
                    JsonNode p = bgplab.peer("frr1");
                    assertThat(p.path("state").asText()).isEqualTo("Established");
                    assertThat(p.path("routerId").asText()).isEqualTo("10.255.0.11");
                    // FRR's "timers bgp 3 9" against our hold-time 9 / keepalive 3
                    assertThat(p.path("holdTime").asInt()).isEqualTo(9);
                    assertThat(frrView.raw().path("bgpTimerHoldTimeMsecs").asLong()).isEqualTo(9000);
                })
                .check("4-octet AS", "AS 4200000099 both ways: FRR shows remoteAs 4200000099, AS paths carry it",
                        () -> {
                    assertThat(frrView.capabilities().negotiated("4byteAs")).isTrue();
                    assertThat(ours).contains("4-octet-as");
                    assertThat(frr2.neighbor(gw4).orElseThrow().remoteAs()).isEqualTo(OUR_AS);
                })
                .check("MP IPv4+IPv6", () -> {
                    assertThat(frrView.capabilities().families()).containsExactly(FrrFamily.IPV4_UNICAST, FrrFamily.IPV6_UNICAST);
                    assertThat(frrView6.capabilities().families()).containsExactly(FrrFamily.IPV6_UNICAST);
                    assertThat(ours).contains("multiprotocol ipv4-unicast", "multiprotocol ipv6-unicast");
                    assertThat(ours6).contains("multiprotocol ipv6-unicast").doesNotContain("multiprotocol ipv4-unicast");
                })
                .check("route refresh", () -> {
                    assertThat(frrView.capabilities().negotiated("routeRefresh")).isTrue();
                    assertThat(ours).contains("route-refresh");
                })
                .check("enhanced route refresh", () -> {
                    assertThat(frrView.capabilities().negotiated("enhancedRouteRefresh")).isTrue();
                    assertThat(ours).contains("enhanced-route-refresh");
                })
                .check("graceful restart capability", () -> {
                    assertThat(frrView.capabilities().negotiated("gracefulRestart")).isTrue();
                    assertThat(ours).anyMatch(c -> c.startsWith("graceful-restart (peer restart time 120 s)"));
                    // bgplab lists its families in the capability: FRR counts it as able to restart
                    // bgplab is helper only by default (as FRR): it lists no family, so FRR sees a helper
                    assertThat(frrView.raw().at("/gracefulRestartInfo/remoteGrMode").asText()).isEqualTo("Helper");
                    // RFC 4724 2: End-of-RIB seen by FRR after bgplab's initial table, both families
                    assertThat(frrView.raw().at("/gracefulRestartInfo/endOfRibRecv/ipv4Unicast").asBoolean()).isTrue();
                    assertThat(frrView.raw().at("/gracefulRestartInfo/endOfRibRecv/ipv6Unicast").asBoolean()).isTrue();
                })
                .check("ADD-PATH", "FRR addpath-tx-all-paths: both paths of 10.10.3.0/24 (network + redistribute static) reach bgplab with distinct path ids",
                        () -> {
                    assertThat(frrView.capabilities().addPath().get("ipv4Unicast"))
                            .contains("txAdvertisedAndReceived", "rxAdvertisedAndReceived");
                    assertThat(frrView6.capabilities().addPath().get("ipv6Unicast"))
                            .contains("txAdvertisedAndReceived", "rxAdvertisedAndReceived");
                    assertThat(ours).contains("add-path receive ipv4-unicast", "add-path send ipv4-unicast");
                    eventually(() -> {
                        List<JsonNode> paths = bgplab.paths("10.10.3.0/24");
                        assertThat(paths).hasSize(2).allSatisfy(p -> assertThat(p.path("peer").asText()).isEqualTo("frr1"));
                        assertThat(paths).extracting(p -> p.path("origin").asText()).containsExactlyInAnyOrder("IGP", "INCOMPLETE");
                        assertThat(paths).extracting(p -> p.path("pathId").asLong()).doesNotHaveDuplicates().doesNotContain(0L);
                    });
                })
                .check("extended messages", "UPDATEs over 4096 octets both ways: " + BIG + " communities on one route",
                        () -> {
                    assertThat(frrView.capabilities().negotiated("extendedMessage")).isTrue();
                    assertThat(ours).contains("extended-message");
                    eventually(() -> {
                        ObservedRoute big = frrPath(frr1, FrrFamily.IPV4_UNICAST, "10.99.5.0/24", gw4);
                        assertThat(big).as("10.99.5.0/24 from bgplab on frr1").isNotNull();
                        assertSameList(big.communities(), bigCommunities(65099), "communities of 10.99.5.0/24 on frr1");
                        JsonNode back = ourPath("10.10.5.0/24", "frr1");
                        assertThat(back).as("10.10.5.0/24 from frr1 on bgplab").isNotNull();
                        assertSameList(texts(back.path("communities")), bigCommunities(65010), "communities of 10.10.5.0/24 on bgplab");
                    });
                })
                .assertAllPassed();
    }

    @Test
    @Order(2)
    void ipv4RoutesCarryEveryAttributeBothWays() throws Exception {
        new MatrixChecks().check("routes IPv4, all attributes", () -> eventually(() -> {
            // bgplab -> FRR: ORIGIN (set egp), AS path (prepend), MED, communities, RTs, large community
            ObservedRoute there = frrPath(frr1, FrrFamily.IPV4_UNICAST, "10.99.1.0/24", gw4);
            assertThat(there).as("10.99.1.0/24 from bgplab on frr1").isNotNull();
            assertThat(there.nextHops()).containsExactly(gw4);
            assertThat(there.asPath()).isEqualTo(OUR_AS + " " + OUR_AS);
            assertThat(there.origin()).isEqualTo("egp");
            assertThat(there.med()).hasValue(77);
            assertThat(there.localPref()).isEmpty();
            assertThat(there.communities()).containsExactly("65099:100", "65099:200");
            assertThat(there.extCommunities()).containsExactly("RT:65099:7", "RT:" + OUR_AS + ":8");
            assertThat(there.largeCommunities()).containsExactly(OUR_AS + ":1:2");
            assertThat(there.valid()).isTrue();

            // FRR -> bgplab: the same attributes set by frr1's route-map
            JsonNode here = ourPath("10.10.1.0/24", "frr1");
            assertThat(here).as("10.10.1.0/24 from frr1 on bgplab").isNotNull();
            assertThat(here.path("nextHop").asText()).isEqualTo(net.ipv4(11));
            assertThat(here.path("asPath").asText()).isEqualTo("65010 65010 65010");
            assertThat(here.path("origin").asText()).isEqualTo("EGP");
            assertThat(here.path("med").asLong()).isEqualTo(42);
            assertThat(here.path("localPref").isNull()).isTrue();
            assertThat(texts(here.path("communities"))).containsExactly("65010:100", "65010:200");
            assertThat(texts(here.path("extendedCommunities"))).containsExactly("RT:65010:7", "RT:4200000010:8");
            assertThat(texts(here.path("largeCommunities"))).containsExactly("4200000010:1:2");
            assertThat(here.path("best").asBoolean()).isTrue();
        })).assertAllPassed();
    }

    @Test
    @Order(3)
    void ipv6RoutesCarryEveryAttributeBothWays() throws Exception {
        new MatrixChecks().check("routes IPv6, all attributes", "over an IPv6 session (fd00:b9b:0:N::1); FRR sends global + link-local next hops",
                () -> eventually(() -> {
            ObservedRoute there = frrPath(frr1, FrrFamily.IPV6_UNICAST, "2001:db8:99:1::/64", gw6);
            assertThat(there).as("2001:db8:99:1::/64 from bgplab on frr1").isNotNull();
            assertThat(there.nextHopsWithoutLinkLocal()).containsExactly(gw6);
            assertThat(there.asPath()).isEqualTo(OUR_AS + " " + OUR_AS);
            assertThat(there.origin()).isEqualTo("egp");
            assertThat(there.med()).hasValue(77);
            assertThat(there.communities()).containsExactly("65099:100", "65099:200");
            assertThat(there.extCommunities()).containsExactly("RT:65099:7", "RT:" + OUR_AS + ":8");
            assertThat(there.largeCommunities()).containsExactly(OUR_AS + ":1:2");
            assertThat(there.valid()).isTrue();
            assertThat(there.best()).isTrue();

            JsonNode here = ourPath("2001:db8:10:1::/64", "frr1-v6");
            assertThat(here).as("2001:db8:10:1::/64 from frr1 on bgplab").isNotNull();
            assertThat(here.path("nextHop").asText()).startsWith(net.ipv6(11));
            assertThat(here.path("asPath").asText()).isEqualTo("65010 65010 65010");
            assertThat(here.path("origin").asText()).isEqualTo("EGP");
            assertThat(here.path("med").asLong()).isEqualTo(42);
            assertThat(texts(here.path("communities"))).containsExactly("65010:100", "65010:200");
            assertThat(texts(here.path("extendedCommunities"))).containsExactly("RT:65010:7", "RT:4200000010:8");
            assertThat(texts(here.path("largeCommunities"))).containsExactly("4200000010:1:2");
            assertThat(here.path("nextHopReachable").asBoolean()).isTrue();
            // the IPv4 session negotiated IPv6 too but FRR filters it there: one path only
            assertThat(bgplab.paths("2001:db8:10:1::/64")).hasSize(1);
        })).assertAllPassed();
    }

    @Test
    @Order(4)
    void ibgpCarriesLocalPrefBothWays() throws Exception {
        new MatrixChecks().check("iBGP LOCAL_PREF", () -> eventually(() -> {
            JsonNode here = ourPath("10.12.1.0/24", "frr2");
            assertThat(here).as("10.12.1.0/24 from frr2 on bgplab").isNotNull();
            assertThat(here.path("localPref").asLong()).isEqualTo(250);
            assertThat(here.path("asPath").asText()).isEmpty();
            assertThat(here.path("nextHop").asText()).isEqualTo(net.ipv4(12));

            ObservedRoute there = frrPath(frr2, FrrFamily.IPV4_UNICAST, "10.99.1.0/24", gw4);
            assertThat(there).as("10.99.1.0/24 from bgplab on frr2").isNotNull();
            assertThat(there.localPref()).hasValue(300);
            assertThat(there.asPath()).isEmpty();
            assertThat(there.med()).hasValue(77);
            assertThat(there.largeCommunities()).containsExactly(OUR_AS + ":1:2");
            // an eBGP route passed on over iBGP keeps its next hop (RFC 4271 5.1.3) and AS path
            ObservedRoute transit = frrPath(frr2, FrrFamily.IPV4_UNICAST, "10.10.1.0/24", gw4);
            assertThat(transit).as("10.10.1.0/24 via bgplab on frr2").isNotNull();
            assertThat(transit.nextHops()).containsExactly(net.ipv4(11));
            assertThat(transit.asPath()).isEqualTo("65010 65010 65010");
            assertThat(transit.localPref()).hasValue(300);
            assertThat(transit.communities()).containsExactly("65010:100", "65010:200");
        })).assertAllPassed();
    }

    @Test
    @Order(5)
    void noExportStaysInsideTheAsOnBothSides() throws Exception {
        new MatrixChecks().check("NO_EXPORT", "bgplab keeps frr2's no-export route from eBGP frr1; frr2 keeps bgplab's from frr1",
                () -> eventually(() -> {
            // bgplab: learnt over iBGP with no-export, so not advertised to eBGP frr1 (RFC 1997)
            JsonNode learnt = ourPath("10.12.2.0/24", "frr2");
            assertThat(learnt).as("10.12.2.0/24 from frr2 on bgplab").isNotNull();
            assertThat(texts(learnt.path("communities"))).contains("no-export");
            assertThat(bgplab.prefixes("out", "frr1")).contains("10.12.1.0/24").doesNotContain("10.12.2.0/24", "10.99.2.0/24");
            assertThat(bgplab.prefixes("out", "frr2")).contains("10.99.2.0/24");
            assertThat(frrPath(frr1, FrrFamily.IPV4_UNICAST, "10.12.1.0/24", gw4)).as("control: 10.12.1.0/24 from bgplab on frr1").isNotNull();

            // FRR: frr2 got bgplab's no-export route over iBGP with the community, and does not pass it to eBGP frr1
            ObservedRoute kept = frrPath(frr2, FrrFamily.IPV4_UNICAST, "10.99.2.0/24", gw4);
            assertThat(kept).as("10.99.2.0/24 from bgplab on frr2").isNotNull();
            // FRR orders communities by value: no-export (0xFFFFFF01) last
            assertThat(kept.communities()).containsExactly("65099:2", "no-export");
            assertThat(frr1.routes(FrrFamily.IPV4_UNICAST)).doesNotContainKeys("10.99.2.0/24", "10.12.2.0/24");
            // control: a route without no-export goes on from frr2 to frr1
            assertThat(frrPath(frr1, FrrFamily.IPV4_UNICAST, "10.99.1.0/24", net.ipv4(12))).as("10.99.1.0/24 via frr2 on frr1").isNotNull();
        })).assertAllPassed();
    }
}
