package dev.bgplab.lab.frrinterop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.frr.FrrFamily;
import dev.bgplab.lab.frr.FrrNode;
import dev.bgplab.lab.frr.FrrReportExtension;
import dev.bgplab.lab.route.ObservedRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 4271 5.1.3 third-party next hop against real FRR 8.4: the bgplab speaker (AS 65000, the lab
 * network's gateway .1) learns 10.77.1.0/24 from frr1 (AS 65001, .11) and passes it to frr2 (AS
 * 65002, .12). All three share one subnet, so the route keeps frr1's address as next hop instead
 * of ours, and {@code explain} prints the next hop that was sent.
 */
@Tag("docker")
class FrrThirdPartyNextHopDockerTest {

    private static final String PREFIX = "bgplab-frrinterop-3pnh-";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final FrrReportExtension reports = new FrrReportExtension();

    private static LabNetwork net;
    private static FrrNode frr1;
    private static FrrNode frr2;
    private static JvmSpeaker bgplab;

    @BeforeAll
    static void start() throws Exception {
        net = FrrInteropLab.network(PREFIX, false, 190);
        try {
            frr1 = reports.watch(FrrNode.builder(PREFIX + "frr1").network(net, net.ipv4(11))
                    .frrConf(frrConfig("frr1", 65001, "network 10.77.1.0/24")).start());
            frr2 = reports.watch(FrrNode.builder(PREFIX + "frr2").network(net, net.ipv4(12))
                    .frrConf(frrConfig("frr2", 65002, "")).start());
            bgplab = JvmSpeaker.start("third-party-next-hop.yml", """
                    router-id: 10.255.0.1
                    asn: 65000
                    listen: {address: %s, port: 179}
                    api: {port: 0}
                    ebgp-requires-policy: false
                    peers:
                      - {name: frr1, address: %s, asn: 65001, hold-time: 9, keepalive: 3, connect-retry: 1, families: [ipv4-unicast]}
                      - {name: frr2, address: %s, asn: 65002, hold-time: 9, keepalive: 3, connect-retry: 1, families: [ipv4-unicast]}
                    """.formatted(net.ipv4(1), net.ipv4(11), net.ipv4(12)));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
                    bgplab.established("frr1") && bgplab.established("frr2"));
        } catch (Throwable e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        FrrInteropLab.stop(PREFIX, bgplab, frr2, frr1, net);
    }

    private static String frrConfig(String host, long asn, String network) {
        return """
                frr defaults traditional
                hostname %1$s
                !
                router bgp %2$d
                 bgp router-id 10.255.0.%2$d
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 timers bgp 3 9
                 neighbor %3$s remote-as 65000
                 neighbor %3$s timers connect 1
                 address-family ipv4 unicast
                  %4$s
                 exit-address-family
                !
                """.formatted(host, asn, net.ipv4(1), network);
    }

    @Test
    void rfc4271Section5_1_3EbgpRouteToAPeerOnTheSameSubnetKeepsTheThirdPartyNextHop() throws Exception {
        String frr1Address = net.ipv4(11);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            List<ObservedRoute> paths = frr2.routes(FrrFamily.IPV4_UNICAST).getOrDefault("10.77.1.0/24", List.of());
            assertThat(paths).as("frr2's paths for 10.77.1.0/24").isNotEmpty();
            assertThat(paths.get(0).asPath()).isEqualTo("65000 65001");
            assertThat(paths.get(0).nextHops()).containsExactly(frr1Address);
        });
        // Adj-RIB-Out and explain agree with what frr2 received.
        JsonNode out = bgplab.rib("10.77.1.0/24", "out", "frr2");
        assertThat(out.get(0).at("/paths/0/nextHop").asText()).isEqualTo(frr1Address);
        List<String> sentences = new ArrayList<>();
        bgplab.get("/api/explain?prefix=10.77.1.0/24").path("sentences").forEach(s -> sentences.add(s.asText()));
        assertThat(sentences).contains("To frr2: advertised with next hop " + frr1Address + " and AS path '65000 65001'.");
    }
}
