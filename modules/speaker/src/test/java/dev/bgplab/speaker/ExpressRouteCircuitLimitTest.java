package dev.bgplab.speaker;

import static dev.bgplab.speaker.SpeakerLab.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An ExpressRoute gateway (role azure-expressroute-gateway, 127.0.9.40, virtual network
 * 10.10.0.0/16, the circuit limit scaled down to 4) between the circuit's MSEE (AS 12076) and a
 * Route Server stand-in (iBGP, AS 65515) whose branch prefixes it passes on to the circuit: at the
 * limit the circuit stays up; one route past it the gateway tears the circuit session down (Cease /
 * Out of Resources) and keeps it down, so the MSEE loses every Azure prefix; back under the limit
 * the circuit comes back by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpressRouteCircuitLimitTest {
    private static final String GW = "127.0.9.40", MSEE = "127.0.9.41", RS = "127.0.9.42";
    private static SpeakerLab lab;

    static String gw() {
        return "router-id: " + GW + "\nrole: azure-expressroute-gateway\nlisten: {address: " + GW + ", port: PORT}\napi: {port: 0}\n"
                + "overrides: {hold-time: 9, keepalive: 3, routes-to-circuit: 4}\n"
                + "azure: {virtual-network: [10.10.0.0/16]}\n"
                + "peers:\n"
                + "  - " + peer("msee", MSEE, 12076, "").replace(", hold-time: 9", "") + "\n"
                + "  - " + peer("rs", RS, 65515, "azure: {connection: route-server}").replace(", hold-time: 9", "") + "\n";
    }

    static String rs(int branches) {
        StringBuilder nets = new StringBuilder();
        for (int i = 1; i <= branches; i++) nets.append(i == 1 ? "" : ", ").append("10.100.").append(i).append(".0/24");
        return SpeakerLab.config(RS, 65515, nets.toString(), "", peer("gw", GW, 65515, ""));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("gw", gw()));
        lab.start(Map.of("msee", SpeakerLab.config(MSEE, 12076, "192.168.30.0/24", "", peer("gw", GW, 65515, "")),
                "rs", rs(3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("gw", "msee", "rs"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    @Order(1)
    void atTheLimitTheCircuitCarriesTheVirtualNetworkAndTheBranchPrefixes() {
        // 10.10.0.0/16 + 3 branch prefixes = 4 = the limit (the MSEE's own route is not sent back to it)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lab.paths("msee", "10.100.3.0/24")).hasSize(1);
            assertThat(lab.paths("msee", "10.10.0.0/16")).hasSize(1);
        });
        assertThat(lab.established("msee", "gw")).isTrue();
    }

    @Test
    @Order(2)
    void oneRoutePastTheLimitDropsTheCircuitUntilTheGatewayIsBackUnderIt() throws Exception {
        lab.reload("rs", rs(4)); // 5 routes for the circuit > 4
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode err = lab.peer("msee", "gw").get("lastError");
            assertThat(err.get("notification").asText()).contains("Cease / Out of Resources");
            assertThat(lab.paths("msee", "10.10.0.0/16")).isEmpty();
        });
        JsonNode gwSide = lab.peer("gw", "msee");
        assertThat(gwSide.toString()).contains("ExpressRoute gateway limit of 4 routes advertised to the circuit exceeded: 5");
        // held down: still down after several recounts (connect-retry 1 s), while the Route Server side stays up
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !lab.established("msee", "gw") && lab.established("gw", "rs"));

        lab.reload("rs", rs(3)); // back to 4
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(lab.paths("msee", "10.10.0.0/16")).hasSize(1);
            assertThat(lab.paths("msee", "10.100.3.0/24")).hasSize(1);
        });
        assertThat(lab.paths("msee", "10.100.4.0/24")).isEmpty();
    }
}
