package dev.bgplab.lab.frrinterop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.frr.BgpNeighbor;
import dev.bgplab.lab.frr.FrrNode;
import dev.bgplab.lab.frr.FrrReportExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transport options of the bgplab speaker (AS 65099, in this JVM on the gateway .1) against one
 * real FRR 8.4 router (AS 65020): TCP-MD5 (RFC 2385) matching and mismatched, eBGP multihop and
 * GTSM (RFC 5082). Each test gives FRR a neighbor for the gateway with vtysh, starts its own
 * speaker, and removes both afterwards.
 */
@Tag("docker")
class FrrTransportOptionsDockerTest {

    private static final String PREFIX = "bgplab-frrinterop-transport-";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** How long a session that must not come up is watched. */
    private static final Duration NEVER_WINDOW = Duration.ofSeconds(6);

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode frr;
    private static String gw;
    private JvmSpeaker bgplab;

    @BeforeAll
    static void start() {
        net = FrrInteropLab.network(PREFIX, false, 160);
        gw = net.ipv4(1);
        try {
            frr = reports.watch(FrrNode.builder(PREFIX + "frr").network(net, net.ipv4(21)).frrConf("""
                    frr defaults traditional
                    hostname frr
                    !
                    router bgp 65020
                     bgp router-id 10.255.0.21
                     no bgp ebgp-requires-policy
                     no bgp network import-check
                     timers bgp 3 9
                     address-family ipv4 unicast
                      network 10.20.1.0/24
                     exit-address-family
                    !
                    """).start());
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
    void removeNeighbor() {
        if (bgplab != null) {
            bgplab.close();
            bgplab = null;
        }
        frr.configure("router bgp 65020", "no neighbor " + gw);
    }

    /** FRR's neighbor for the gateway, with the given extra {@code neighbor <gw> ...} options. */
    private static void frrNeighbor(String... options) {
        List<String> lines = new ArrayList<>(List.of("router bgp 65020", "neighbor " + gw + " remote-as 65099",
                "neighbor " + gw + " timers connect 1"));
        for (String o : options) {
            lines.add("neighbor " + gw + " " + o);
        }
        frr.configure(lines.toArray(String[]::new));
    }

    /** A speaker with one peer, FRR, and the given extra peer fields (YAML flow-mapping entries). */
    private JvmSpeaker speaker(String peerOptions) throws Exception {
        bgplab = JvmSpeaker.start("frr-transport.yml", """
                router-id: 10.255.0.1
                asn: 65099
                listen: {address: %1$s, port: 179}
                api: {port: 0}
                ebgp-requires-policy: false
                networks: [10.99.1.0/24]
                peers:
                  - {name: frr, address: %2$s, asn: 65020, hold-time: 9, keepalive: 3, connect-retry: 1,
                     families: [ipv4-unicast]%3$s}
                """.formatted(gw, net.ipv4(21), peerOptions.isEmpty() ? "" : ", " + peerOptions));
        return bgplab;
    }

    private void awaitEstablishedWithRoutes() {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(bgplab.established("frr")).isTrue();
            assertThat(frr.neighbor(gw)).hasValueSatisfying(n -> assertThat(n.established()).isTrue());
            assertThat(bgplab.paths("10.20.1.0/24")).as("FRR's route on bgplab").isNotEmpty();
            assertThat(frr.neighbor(gw).orElseThrow().prefixesReceived(dev.bgplab.lab.frr.FrrFamily.IPV4_UNICAST))
                    .as("bgplab's route on FRR").isEqualTo(1);
        });
    }

    @Test
    void tcpMd5WithTheSamePasswordOnBothSidesReachesEstablished() throws Exception {
        new MatrixChecks().check("TCP-MD5 (same password)", () -> {
            frrNeighbor("password s3cret-Key");
            speaker("password: s3cret-Key");
            awaitEstablishedWithRoutes();
        }).assertAllPassed();
    }

    @Test
    void tcpMd5WithDifferentPasswordsNeverComesUp() throws Exception {
        String[] seen = new String[1];
        new MatrixChecks().check("TCP-MD5 (password mismatch)", () -> "never Established (watched " + NEVER_WINDOW.toSeconds()
                + " s); " + seen[0], () -> {
            frrNeighbor("password s3cret-Key");
            speaker("password: other-Key");
            // Linux drops segments with a wrong or missing MD5 signature silently: no RST, no BGP message.
            // First proof that bgplab is trying, else "never Established" would prove nothing.
            awaitBgplabTrying();
            await().during(NEVER_WINDOW).atMost(NEVER_WINDOW.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(bgplab.established("frr")).isFalse();
                assertThat(frr.neighbor(gw).orElseThrow().established()).isFalse();
            });
            JsonNode p = bgplab.peer("frr");
            BgpNeighbor n = frr.neighbor(gw).orElseThrow();
            seen[0] = "bgplab can only tell that no connection comes up: state " + p.path("state").asText() + ", lastError "
                    + p.at("/lastError/kind").asText("none") + ", " + p.at("/counters/messagesIn").asLong()
                    + " messages in (each connect attempt times out and is retried every connect-retry); FRR: "
                    + n.state() + ", " + n.raw().at("/messageStats/totalRecv").asLong() + " messages in";
            System.out.println("MD5 mismatch: " + seen[0]);
            assertThat(p.at("/counters/messagesIn").asLong()).isZero();
            assertThat(p.path("state").asText()).isIn("Connect", "Active", "Idle");
            // a timed-out connect is not an error the FSM records (RFC 4271 8.2.2: ConnectRetryTimer_Expires
            // in Connect just retries); a refused or reset one would be CONNECT_FAILED
            assertThat(p.at("/lastError/kind").asText("none")).isIn("none", "CONNECT_FAILED");
            assertThat(n.raw().at("/messageStats/totalRecv").asLong()).isZero();
        }).assertAllPassed();
    }

    /** bgplab's session to FRR is started and attempting a connection (RFC 4271 8: Connect, Active or OpenSent). */
    private void awaitBgplabTrying() {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(bgplab.peer("frr").path("state").asText()).isIn("Connect", "Active", "OpenSent"));
    }

    @Test
    void ebgpMultihopOnBothSidesReachesEstablished() throws Exception {
        new MatrixChecks().check("eBGP multihop", "ebgp-multihop 2 on both sides, directly connected over the gateway", () -> {
            frrNeighbor("ebgp-multihop 2");
            speaker("ebgp-multihop: 2");
            awaitEstablishedWithRoutes();
            assertThat(frr.neighbor(gw).orElseThrow().raw().path("externalBgpNbrMaxHopsAway").asInt()).isEqualTo(2);
        }).assertAllPassed();
    }

    @Test
    void gtsmOnBothSidesReachesEstablishedAndBgplabAloneRefusesFrrsTtl() throws Exception {
        new MatrixChecks().check("GTSM (ttl-security)",
                "ttl-security hops 1 on both sides: Established; on bgplab alone: never (FRR sends eBGP with TTL 1, bgplab's minimum is 255)",
                () -> {
            frrNeighbor("ttl-security hops 1");
            speaker("ttl-security-hops: 1");
            awaitEstablishedWithRoutes();

            // the control: FRR without GTSM sends its eBGP segments with TTL 1, below bgplab's minimum TTL 255
            bgplab.close();
            bgplab = null;
            frr.configure("router bgp 65020", "no neighbor " + gw + " ttl-security hops 1");
            await().atMost(DEADLINE).until(() -> !frr.neighbor(gw).orElseThrow().established());
            speaker("ttl-security-hops: 1");
            awaitBgplabTrying();
            await().during(NEVER_WINDOW).atMost(NEVER_WINDOW.plusSeconds(5)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(bgplab.established("frr")).isFalse();
                assertThat(frr.neighbor(gw).orElseThrow().established()).isFalse();
            });
            assertThat(bgplab.peer("frr").at("/counters/messagesIn").asLong()).as("BGP messages bgplab read").isZero();
        }).assertAllPassed();
    }
}
