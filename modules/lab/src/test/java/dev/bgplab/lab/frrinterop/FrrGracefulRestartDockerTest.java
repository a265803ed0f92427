package dev.bgplab.lab.frrinterop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.frr.FrrNode;
import dev.bgplab.lab.frr.FrrReportExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bgplab (AS 65099, in this JVM on the gateway .1) as graceful-restart helper (RFC 4724) for a real
 * FRR 8.4 router (AS 65040, {@code bgp graceful-restart}) that dies without a NOTIFICATION (the
 * container is killed, as a crash or power loss would) and comes back from its startup config.
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrrGracefulRestartDockerTest {

    private static final String PREFIX = "bgplab-frrinterop-gr-";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** How long bgplab is watched holding the stale routes while FRR is down. */
    private static final Duration DOWN_WINDOW = Duration.ofSeconds(3);

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode frr;
    private static JvmSpeaker bgplab;

    @BeforeAll
    static void start() throws Exception {
        net = FrrInteropLab.network(PREFIX, false, 180);
        String gw = net.ipv4(1);
        try {
            frr = reports.watch(FrrNode.builder(PREFIX + "frr").network(net, net.ipv4(41)).frrConf("""
                    frr defaults traditional
                    hostname frr
                    !
                    router bgp 65040
                     bgp router-id 10.255.0.41
                     bgp graceful-restart
                     no bgp ebgp-requires-policy
                     no bgp network import-check
                     timers bgp 3 9
                     neighbor %1$s remote-as 65099
                     neighbor %1$s timers connect 1
                     address-family ipv4 unicast
                      network 10.40.1.0/24
                      network 10.40.2.0/24
                     exit-address-family
                    !
                    """.formatted(gw)).start());
            bgplab = JvmSpeaker.start("frr-gr.yml", """
                    router-id: 10.255.0.1
                    asn: 65099
                    listen: {address: %1$s, port: 179}
                    api: {port: 0}
                    ebgp-requires-policy: false
                    networks: [10.99.1.0/24]
                    peers:
                      - {name: frr, address: %2$s, asn: 65040, hold-time: 9, keepalive: 3, connect-retry: 1,
                         families: [ipv4-unicast], graceful-restart: true}
                    """.formatted(gw, net.ipv4(41)));
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        FrrInteropLab.stop(PREFIX, bgplab, frr, net);
    }

    private static JsonNode path(String prefix) throws Exception {
        List<JsonNode> paths = bgplab.paths(prefix);
        return paths.isEmpty() ? null : paths.get(0);
    }

    private static void awaitFreshRoutes(String... prefixes) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(bgplab.established("frr")).isTrue();
            for (String p : prefixes) {
                assertThat(path(p)).as("%s on bgplab", p).isNotNull();
                assertThat(path(p).path("stale").asBoolean()).as("%s stale", p).isFalse();
            }
        });
    }

    /** Kills FRR's container (SIGKILL: no NOTIFICATION) and checks bgplab keeps both routes, stale, while it is down. */
    private static void crashFrrAndSeeStaleRoutes() {
        Docker.client().killContainerCmd(frr.containerId()).exec();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(bgplab.established("frr")).isFalse();
            assertThat(path("10.40.1.0/24").path("stale").asBoolean()).isTrue();
            assertThat(path("10.40.2.0/24").path("stale").asBoolean()).isTrue();
        });
        await().during(DOWN_WINDOW).atMost(DOWN_WINDOW.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(bgplab.established("frr")).isFalse();
            assertThat(path("10.40.1.0/24")).isNotNull();
            assertThat(path("10.40.1.0/24").path("stale").asBoolean()).isTrue();
            assertThat(path("10.40.2.0/24").path("stale").asBoolean()).isTrue();
        });
        try {
            JsonNode peer = bgplab.peer("frr");
            System.out.println("FRR down: bgplab lastError " + peer.path("lastError") + ", prefixes " + peer.path("prefixes"));
            assertThat(peer.at("/prefixes/stale").asLong()).isEqualTo(2);
            assertThat(peer.at("/lastError/kind").asText()).isIn("TCP_RESET", "HOLD_TIMER_EXPIRED");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void routesStayStaleWhileFrrIsDownAndTurnFreshAfterItsEndOfRib() throws Exception {
        new MatrixChecks().check("GR helper: stale while down, fresh after End-of-RIB",
                "FRR killed (no NOTIFICATION): bgplab keeps its routes with stale=true; FRR back, End-of-RIB: stale=false", () -> {
            awaitFreshRoutes("10.40.1.0/24", "10.40.2.0/24");
            assertThat(frr.neighbor(net.ipv4(1)).orElseThrow().raw().at("/gracefulRestartInfo/localGrMode").asText()).startsWith("Restart"); // "Restart*": global setting, not per neighbor

            crashFrrAndSeeStaleRoutes();
            frr.start();
            awaitFreshRoutes("10.40.1.0/24", "10.40.2.0/24");
            assertThat(bgplab.peer("frr").at("/prefixes/stale").asLong()).isZero();
        }).assertAllPassed();
    }

    @Test
    @Order(2)
    void aRouteFrrNoLongerHasAfterTheRestartIsFlushedAtItsEndOfRib() throws Exception {
        new MatrixChecks().check("GR helper: flush at End-of-RIB",
                "FRR comes back without 10.40.2.0/24: bgplab drops it at FRR's End-of-RIB (long before the 120 s stale timer)", () -> {
            awaitFreshRoutes("10.40.1.0/24", "10.40.2.0/24");
            // the startup config loses one network; the running bgpd is not told, so nothing is withdrawn now
            frr.exec("sed", "-i", "/network 10.40.2.0\\/24/d", "/etc/frr/frr.conf");

            crashFrrAndSeeStaleRoutes();
            long t0 = System.nanoTime();
            frr.start();
            awaitFreshRoutes("10.40.1.0/24");
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(path("10.40.2.0/24")).as("10.40.2.0/24 after FRR's End-of-RIB").isNull());
            System.out.printf("10.40.2.0/24 flushed %d ms after FRR was started again%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(bgplab.peer("frr").at("/prefixes/stale").asLong()).isZero();
            assertThat(frr.neighbor(net.ipv4(1)).orElseThrow().raw().at("/gracefulRestartInfo/endOfRibSend/ipv4Unicast").asBoolean())
                    .as("FRR sent End-of-RIB").isTrue();
        }).assertAllPassed();
    }

    @Test
    @Order(3)
    void anOrderlyRestartOfFrrIsGracefulToo() throws Exception {
        new MatrixChecks().check("GR helper: orderly FRR restart",
                "docker restart (SIGTERM): FRR 8.4 with bgp graceful-restart closes TCP without a NOTIFICATION; bgplab keeps the route throughout",
                () -> {
            awaitFreshRoutes("10.40.1.0/24");
            long notificationsIn = bgplab.peer("frr").at("/counters/notificationsIn").asLong();
            frr.restart(); // returns once FRR has read its config again: its session to bgplab is not up yet
            JsonNode peer = bgplab.peer("frr");
            assertThat(peer.at("/lastError/kind").asText()).isEqualTo("TCP_RESET");
            assertThat(peer.at("/counters/notificationsIn").asLong()).isEqualTo(notificationsIn);
            JsonNode kept = path("10.40.1.0/24");
            assertThat(kept).as("10.40.1.0/24 kept across the restart").isNotNull();
            assertThat(kept.path("stale").asBoolean() || bgplab.established("frr")).as("stale until FRR is back").isTrue();
            awaitFreshRoutes("10.40.1.0/24");
        }).assertAllPassed();
    }
}
