package dev.bgplab.lab.frr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.route.ObservedRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two FRR nodes peer over eBGP (65001, 65002) on an internal network, over IPv4 and IPv6. */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrrPeeringDockerTest {

    private static final String PREFIX = "bgplab-test-frrpeer-";
    private static final Duration SESSION_DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode a;
    private static FrrNode b;

    @BeforeAll
    static void startTwoRouters() {
        Leftovers.clean(PREFIX);
        net = LabNetwork.createFree(PREFIX + "net", true, 100);
        try {
            a = reports.watch(FrrNode.builder(PREFIX + "a").network(net, net.ipv4(11), net.ipv6(11))
                    .frrConf(routerConfig(65001, 1, 12, "")).start());
            b = reports.watch(FrrNode.builder(PREFIX + "b").network(net, net.ipv4(12), net.ipv6(12))
                    .frrConf(routerConfig(65002, 2, 11, """
                            route-map TAG permit 10
                             set community 65002:100 65002:200
                             set large-community 65002:1:2
                             set extcommunity rt 65002:7
                             set metric 42
                            !
                            """)).start());
        } catch (RuntimeException e) {
            stopRouters();
            throw e;
        }
        // started one after the other: in parallel each takes about twice as long (one engine)
        System.out.printf("FRR nodes ready: a in %d ms, b in %d ms%n", a.startupTime().toMillis(), b.startupTime().toMillis());
    }

    /** Router {@code id} (1 or 2) originates 10.id.0.0/24 and 2001:db8:id::/48 and peers with host {@code peer} on both families. */
    private static String routerConfig(int asn, int id, int peer, String extra) {
        String peer4 = net.ipv4(peer);
        String peer6 = net.ipv6(peer);
        String tag = extra.isEmpty() ? "" : " route-map TAG";
        return """
                frr defaults traditional
                hostname r%2$d
                !
                ip route 10.%2$d.0.0/24 blackhole
                ipv6 route 2001:db8:%2$d::/48 blackhole
                !
                %5$s
                router bgp %1$d
                 bgp router-id 10.255.0.%2$d
                 no bgp ebgp-requires-policy
                 no bgp default ipv4-unicast
                 neighbor %3$s remote-as external
                 neighbor %3$s timers connect 1
                 neighbor %4$s remote-as external
                 neighbor %4$s timers connect 1
                 address-family ipv4 unicast
                  network 10.%2$d.0.0/24%6$s
                  neighbor %3$s activate
                 exit-address-family
                 address-family ipv6 unicast
                  network 2001:db8:%2$d::/48
                  neighbor %4$s activate
                 exit-address-family
                !
                """.formatted(asn, id, peer4, peer6, extra, tag);
    }

    @AfterAll
    static void stopRouters() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, net}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("clean-up: " + e);
            }
        }
        Leftovers.clean(PREFIX);
    }

    private static void awaitEstablished(FrrNode node, String... peers) {
        await().atMost(SESSION_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(node.neighbors()).filteredOn(BgpNeighbor::established).extracting(BgpNeighbor::address)
                        .contains(peers));
    }

    @Test
    @Order(1)
    void sessionsReachEstablishedOnBothFamilies() {
        long t0 = System.nanoTime();
        awaitEstablished(a, net.ipv4(12), net.ipv6(12));
        System.out.printf("a: both sessions Established %d ms after both nodes were ready%n", (System.nanoTime() - t0) / 1_000_000);

        BgpNeighbor v4 = a.neighbor(net.ipv4(12)).orElseThrow();
        assertThat(v4.remoteAs()).isEqualTo(65002);
        assertThat(v4.remoteRouterId()).contains("10.255.0.2");
        assertThat(v4.capabilities().negotiated("4byteAs")).isTrue();
        assertThat(v4.capabilities().families()).containsExactly(FrrFamily.IPV4_UNICAST);
        BgpNeighbor v6 = a.neighbor(net.ipv6(12)).orElseThrow();
        assertThat(v6.capabilities().families()).containsExactly(FrrFamily.IPV6_UNICAST);
    }

    @Test
    @Order(2)
    void ipv4RoutesCarryNextHopAsPathAndAttributes() {
        awaitEstablished(a, net.ipv4(12));
        await().atMost(SESSION_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, List<ObservedRoute>> routes = a.routes(FrrFamily.IPV4_UNICAST);
            assertThat(routes).containsKeys("10.1.0.0/24", "10.2.0.0/24");
            ObservedRoute path = routes.get("10.2.0.0/24").stream().filter(ObservedRoute::best).findFirst().orElseThrow();
            assertThat(path.nextHops()).containsExactly(net.ipv4(12));
            assertThat(path.asPath()).isEqualTo("65002");
            assertThat(path.origin()).isEqualTo("igp");
            assertThat(path.med()).hasValue(42);
            assertThat(path.communities()).containsExactly("65002:100", "65002:200");
            assertThat(path.largeCommunities()).containsExactly("65002:1:2");
            assertThat(path.extCommunities()).containsExactly("RT:65002:7");
            assertThat(path.peer()).isEqualTo(net.ipv4(12));
        });
        assertThat(a.neighbor(net.ipv4(12)).orElseThrow().prefixesReceived(FrrFamily.IPV4_UNICAST)).isEqualTo(1);
        await().atMost(SESSION_DEADLINE).untilAsserted(() -> assertThat(b.routes(FrrFamily.IPV4_UNICAST).get("10.1.0.0/24"))
                .isNotNull().singleElement().satisfies(p -> assertThat(p.asPath()).isEqualTo("65001")));
    }

    @Test
    @Order(3)
    void ipv6RoutesCarryTheGlobalNextHop() {
        awaitEstablished(a, net.ipv6(12));
        await().atMost(SESSION_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<ObservedRoute> paths = a.routes(FrrFamily.IPV6_UNICAST).get("2001:db8:2::/48");
            assertThat(paths).isNotNull().singleElement().satisfies(p -> {
                assertThat(p.best()).isTrue();
                assertThat(p.asPath()).isEqualTo("65002");
                assertThat(p.nextHopsWithoutLinkLocal())
                        .containsExactly(net.ipv6(12));
            });
        });
    }

    @Test
    @Order(4)
    void zebraInstallsBestPathsInTheKernel() {
        await().atMost(SESSION_DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(a.kernelRoutes()).anySatisfy(r -> {
                    assertThat(r.destination()).isEqualTo("10.2.0.0/24");
                    assertThat(r.fromBgp()).isTrue();
                    assertThat(r.gateway()).contains(net.ipv4(12));
                }));
    }

    @Test
    @Order(5)
    void reportHoldsLogsAndRunningConfig(@TempDir Path dir) throws Exception {
        Path out = FrrReport.write(dir, a);

        assertThat(Files.readString(out.resolve("frr.log"))).contains("BGP:");
        assertThat(Files.readString(out.resolve("running-config.txt"))).contains("router bgp 65001");
        assertThat(Files.readString(out.resolve("bgp-neighbors.json"))).contains("bgpState");
        assertThat(a.logs()).contains("Configuration Read");
        assertThat(a.config()).contains("neighbor " + net.ipv4(12) + " remote-as external");
    }

    @Test
    @Order(6)
    void shutdownIsReportedAsCeaseAndRestartRestoresTheStartupConfig() {
        awaitEstablished(a, net.ipv4(12));
        b.configure("router bgp 65002", "neighbor " + net.ipv4(11) + " shutdown message maintenance");
        await().atMost(SESSION_DEADLINE).untilAsserted(() -> {
            BgpNeighbor n = a.neighbor(net.ipv4(12)).orElseThrow();
            assertThat(n.established()).isFalse();
            assertThat(n.lastNotification()).hasValueSatisfying(last -> {
                assertThat(last.code()).isEqualTo(6); // RFC 4486: Cease, subcode 2 Administrative Shutdown
                assertThat(last.subcode()).isEqualTo(2);
                assertThat(last.received()).isTrue();
                assertThat(last.shutdownMessage()).contains("maintenance");
            });
        });

        long t0 = System.nanoTime();
        b.restart(); // vtysh changes are not saved: b comes back without the shutdown
        long ready = System.nanoTime();
        awaitEstablished(a, net.ipv4(12), net.ipv6(12));
        System.out.printf("b restarted: ready after %d ms, sessions Established %d ms later%n",
                (ready - t0) / 1_000_000, (System.nanoTime() - ready) / 1_000_000);
        assertThat(b.config()).doesNotContain("shutdown");
    }

    @Test
    @Order(7)
    void pausedNodeAnswersNothingUntilUnpaused() {
        awaitEstablished(a, net.ipv4(12));
        b.pause();
        try {
            assertThatThrownBy(() -> b.vtysh("show bgp summary")).hasMessageContaining("paused");
        } finally {
            b.unpause();
        }
        // 1 s of silence is far below the 180 s hold time: the session survives
        assertThat(b.neighbor(net.ipv4(11)).orElseThrow().established()).isTrue();
    }

    @Test
    @Order(8)
    void stoppedNodeDropsItsSessionsAndComesBackOnStart() {
        awaitEstablished(a, net.ipv4(12));
        b.stop();
        await().atMost(SESSION_DEADLINE).untilAsserted(() ->
                assertThat(a.neighbor(net.ipv4(12)).orElseThrow().established()).isFalse());
        b.start();
        awaitEstablished(a, net.ipv4(12), net.ipv6(12));
    }
}
