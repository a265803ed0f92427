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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route refresh, soft reset and maximum-prefix between the bgplab speaker (AS 65099, in this JVM
 * on the gateway .1) and one real FRR 8.4 router (AS 65030) that originates four prefixes and
 * filters bgplab's 10.99.2.0/24 inbound. Each test starts its own speaker.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrrRefreshAndLimitsDockerTest {

    private static final String PREFIX = "bgplab-frrinterop-refresh-";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode frr;
    private static String gw;
    private JvmSpeaker bgplab;

    @BeforeAll
    static void start() {
        net = FrrInteropLab.network(PREFIX, false, 170);
        gw = net.ipv4(1);
        try {
            // delay-timer 0: a changed route-map or prefix-list waits for an explicit clear, so the test
            // decides when FRR asks bgplab for its routes again
            frr = reports.watch(FrrNode.builder(PREFIX + "frr").network(net, net.ipv4(31)).frrConf("""
                    frr defaults traditional
                    hostname frr
                    bgp route-map delay-timer 0
                    !
                    ip prefix-list BLOCK seq 5 permit 10.99.2.0/24
                    !
                    route-map FROM-BGPLAB deny 5
                     match ip address prefix-list BLOCK
                    !
                    route-map FROM-BGPLAB permit 10
                    !
                    router bgp 65030
                     bgp router-id 10.255.0.31
                     no bgp ebgp-requires-policy
                     no bgp network import-check
                     timers bgp 3 9
                     neighbor %1$s remote-as 65099
                     neighbor %1$s timers connect 1
                     address-family ipv4 unicast
                      network 10.30.1.0/24
                      network 10.30.2.0/24
                      network 10.30.3.0/24
                      network 10.30.4.0/24
                      neighbor %1$s route-map FROM-BGPLAB in
                     exit-address-family
                    !
                    """.formatted(gw)).start());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        FrrInteropLab.stop(PREFIX, frr, net);
    }

    @AfterEach
    void stopSpeaker() {
        if (bgplab != null) {
            bgplab.close();
            bgplab = null;
        }
    }

    /** The speaker's YAML: three networks, one peer (FRR) with the given extra fields, and the given policy. */
    private static String yaml(String peerOptions, String policy) {
        return """
                router-id: 10.255.0.1
                asn: 65099
                listen: {address: %1$s, port: 179}
                api: {port: 0}
                ebgp-requires-policy: false
                networks: [10.99.1.0/24, 10.99.2.0/24, 10.99.3.0/24]
                %4$speers:
                  - {name: frr, address: %2$s, asn: 65030, hold-time: 9, keepalive: 3, connect-retry: 1,
                     families: [ipv4-unicast]%3$s}
                """.formatted(gw, net.ipv4(31), peerOptions.isEmpty() ? "" : ", " + peerOptions,
                policy.isBlank() ? "" : "policy: |\n" + policy.lines().map(l -> "  " + l + "\n").reduce("", String::concat));
    }

    private JvmSpeaker speaker(String yaml) throws Exception {
        bgplab = JvmSpeaker.start("frr-refresh.yml", yaml);
        return bgplab;
    }

    private static BgpNeighbor frrNeighbor() {
        return frr.neighbor(gw).orElseThrow();
    }

    private static long frrStat(String name) {
        return frrNeighbor().raw().path("messageStats").path(name).asLong();
    }

    private static ObservedRoute frrPath(String prefix) {
        List<ObservedRoute> paths = frr.routes(FrrFamily.IPV4_UNICAST).get(prefix);
        return paths == null ? null : paths.stream().filter(p -> p.peer().equals(gw)).findFirst().orElse(null);
    }

    private void awaitEstablished() {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(bgplab.established("frr")).isTrue();
            assertThat(frrNeighbor().established()).isTrue();
            assertThat(bgplab.paths("10.30.1.0/24")).isNotEmpty();
            assertThat(frrPath("10.99.1.0/24")).isNotNull();
        });
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    @Order(1)
    void policyChangedAtRunTimeTakesEffectWithoutDroppingTheSession() throws Exception {
        new MatrixChecks().check("soft reset on policy change (POST /api/config)",
                "new route-map in/out: bgplab sends ROUTE-REFRESH (FRR counts it) and re-exports; no session drop on either side",
                () -> {
            speaker(yaml("", ""));
            awaitEstablished();
            JsonNode before = bgplab.paths("10.30.1.0/24").get(0);
            assertThat(before.path("localPref").isNull()).isTrue();
            assertThat(frrPath("10.99.1.0/24").med()).isEmpty();
            long refreshesBefore = frrStat("routeRefreshRecv");
            long connectionsBefore = frrNeighbor().raw().path("connectionsEstablished").asLong();

            JsonNode done = bgplab.reload(yaml("route-map-in: FRR-IN, route-map-out: FRR-OUT", """
                    route-map FRR-IN permit 10
                     set local-preference 222
                     set community 65099:55 additive
                    route-map FRR-OUT permit 10
                     set metric 55
                     set community 65099:66
                    """));
            System.out.println("reload: " + done);

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode in = bgplab.paths("10.30.1.0/24").get(0);
                assertThat(in.path("localPref").asLong()).isEqualTo(222);
                assertThat(texts(in.path("communities"))).containsExactly("65099:55");
                ObservedRoute out = frrPath("10.99.1.0/24");
                assertThat(out).isNotNull();
                assertThat(out.med()).hasValue(55);
                assertThat(out.communities()).containsExactly("65099:66");
            });
            // RFC 2918: the inbound change was served by a ROUTE-REFRESH, not by a new session
            assertThat(frrStat("routeRefreshRecv")).isGreaterThan(refreshesBefore);
            assertThat(frrNeighbor().raw().path("connectionsEstablished").asLong()).isEqualTo(connectionsBefore);
            assertThat(frrNeighbor().established()).isTrue();
            JsonNode peer = bgplab.peer("frr");
            assertThat(peer.at("/counters/established").asLong()).isEqualTo(1);
            assertThat(peer.at("/counters/flaps").asLong()).isZero();
        }).assertAllPassed();
    }

    @Test
    @Order(2)
    void frrSoftInGetsBgplabsRoutesAgainFromItsAdjRibOut() throws Exception {
        new MatrixChecks().check("route refresh from FRR (clear bgp soft in)",
                "FRR's ROUTE-REFRESH after a filter change: bgplab resends its Adj-RIB-Out, FRR now accepts 10.99.2.0/24",
                () -> {
            frr.vtysh("configure terminal", "ip prefix-list BLOCK seq 5 permit 10.99.2.0/24");
            speaker(yaml("", ""));
            awaitEstablished();
            assertThat(frr.routes(FrrFamily.IPV4_UNICAST)).as("filtered by FRR").doesNotContainKey("10.99.2.0/24");
            long refreshSent = frrStat("routeRefreshSent");
            long updatesRecv = frrStat("updatesRecv");
            long connectionsBefore = frrNeighbor().raw().path("connectionsEstablished").asLong();

            // the filter no longer matches; without soft-reconfiguration inbound FRR must ask bgplab again
            frr.configure("no ip prefix-list BLOCK seq 5 permit 10.99.2.0/24", "ip prefix-list BLOCK seq 5 permit 10.99.222.0/24");
            frr.vtysh("clear bgp ipv4 unicast " + gw + " soft in");

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(frrPath("10.99.2.0/24")).as("10.99.2.0/24 from bgplab after the refresh").isNotNull();
                assertThat(frrPath("10.99.1.0/24")).as("10.99.1.0/24 still there").isNotNull();
            });
            assertThat(frrStat("routeRefreshSent")).isEqualTo(refreshSent + 1);
            assertThat(frrStat("updatesRecv")).as("UPDATEs FRR received").isGreaterThan(updatesRecv);
            assertThat(frrNeighbor().raw().path("connectionsEstablished").asLong()).isEqualTo(connectionsBefore);
            assertThat(bgplab.peer("frr").at("/counters/flaps").asLong()).isZero();
        }).assertAllPassed();
    }

    @Test
    @Order(3)
    void bgplabsMaximumPrefixSendsCeaseThatFrrReceives() throws Exception {
        new MatrixChecks().check("maximum-prefix (bgplab enforces)",
                "bgplab maximum-prefix 3, FRR announces 4: FRR records NOTIFICATION 6/1 received",
                () -> {
            speaker(yaml("maximum-prefix: 3", ""));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                BgpNeighbor n = frrNeighbor();
                assertThat(n.established()).isFalse();
                assertThat(n.lastNotification()).hasValueSatisfying(last -> {
                    assertThat(last.code()).isEqualTo(6);
                    assertThat(last.subcode()).isEqualTo(1);
                    assertThat(last.received()).isTrue();
                });
                assertThat(n.raw().path("lastResetDueTo").asText()).isEqualTo("BGP Notification received");
            });
            JsonNode peer = bgplab.peer("frr");
            assertThat(peer.at("/lastError/kind").asText()).isEqualTo("NOTIFICATION_SENT");
            assertThat(peer.at("/lastError/notification").asText()).contains("Maximum Number of Prefixes Reached");
            assertThat(peer.path("heldDown").asText()).contains("maximum-prefix 3");
        }).assertAllPassed();
    }

    @Test
    @Order(4)
    void frrsMaximumPrefixSendsCeaseThatBgplabReports() throws Exception {
        new MatrixChecks().check("maximum-prefix (FRR enforces)",
                "FRR neighbor maximum-prefix 1, bgplab announces 3: bgplab lastError NOTIFICATION_RECEIVED Cease / Maximum Number of Prefixes Reached",
                () -> {
            frr.configure("router bgp 65030", "address-family ipv4 unicast", "neighbor " + gw + " maximum-prefix 1");
            frr.vtysh("clear bgp ipv4 unicast " + gw);
            try {
                speaker(yaml("", ""));
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonNode peer = bgplab.peer("frr");
                    assertThat(peer.at("/lastError/kind").asText()).isEqualTo("NOTIFICATION_RECEIVED");
                    assertThat(peer.at("/lastError/notification").asText()).contains("Cease").contains("Maximum Number of Prefixes Reached");
                    assertThat(peer.at("/counters/notificationsIn").asLong()).isGreaterThanOrEqualTo(1);
                });
                BgpNeighbor n = frrNeighbor();
                assertThat(n.lastNotification()).hasValueSatisfying(last -> {
                    assertThat(last.code()).isEqualTo(6);
                    assertThat(last.subcode()).isEqualTo(1);
                    assertThat(last.received()).isFalse();
                });
            } finally {
                frr.configure("router bgp 65030", "address-family ipv4 unicast", "no neighbor " + gw + " maximum-prefix 1");
                frr.vtysh("clear bgp ipv4 unicast " + gw);
            }
        }).assertAllPassed();
    }
}
