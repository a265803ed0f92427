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
 * A bgplab speaker with role azure-route-server (127.0.9.4) between an NVA (AS 65001, three
 * prefixes) and a VPN gateway (AS 65010, one prefix): virtual-network prefixes go out as
 * {@code 65515} from the instance address; branch-to-branch keeps NVA and gateway routes apart;
 * a spoke added (virtual network changed) sends ROUTE-REFRESH to the NVA, whose re-advertisement
 * counts held plus incoming routes against the per-peer limit and tears the session down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteServerRoleTest {
    private static final String RS = "127.0.9.4";
    private static SpeakerLab lab;

    static String rs(String vnet, boolean branchToBranch) {
        return "router-id: " + RS + "\nrole: azure-route-server\nlisten: {address: " + RS + ", port: PORT}\napi: {port: 0}\n"
                + "ebgp-requires-policy: false\n"
                + "overrides: {hold-time: 9, keepalive: 3, routes-per-peer: 5}\n"
                + "azure: {virtual-network: [" + vnet + "], branch-to-branch: " + branchToBranch + "}\n"
                + "peers:\n"
                + "  - " + peer("nva", "127.0.9.10", 65001, "").replace(", hold-time: 9", "") + "\n"
                + "  - " + peer("vpngw", "127.0.9.20", 65010, "azure: {connection: vpn}").replace(", hold-time: 9", "") + "\n";
    }

    @BeforeAll
    static void start() throws Exception {
        lab = new SpeakerLab();
        lab.startFirst(Map.of("rs", rs("10.1.0.0/16", false)));
        lab.start(Map.of(
                "nva", SpeakerLab.config("127.0.9.10", 65001, "10.50.1.0/24, 10.50.2.0/24, 10.1.5.0/24", "",
                        peer("rs", RS, 65515, "")),
                "vpngw", SpeakerLab.config("127.0.9.20", 65010, "192.168.0.0/16", "", peer("rs", RS, 65515, ""))));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.established("rs", "nva", "vpngw"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    @Order(1)
    void virtualNetworkPrefixesReachTheNvaWithAsPath65515AndTheInstanceAsNextHop() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode p = lab.paths("nva", "10.1.0.0/16");
            assertThat(p).hasSize(1);
            assertThat(p.get(0).get("asPath").asText()).isEqualTo("65515");
            assertThat(p.get(0).get("nextHop").asText()).isEqualTo(RS);
            assertThat(lab.paths("vpngw", "10.1.0.0/16")).hasSize(1); // virtual network prefixes flow both ways
        });
    }

    @Test
    @Order(2)
    void branchToBranchOffKeepsNvaRoutesFromTheGatewayAndBack() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.paths("rs", "10.50.1.0/24").size() == 1
                && lab.paths("rs", "192.168.0.0/16").size() == 1);
        assertThat(lab.paths("vpngw", "10.50.1.0/24")).isEmpty();
        assertThat(lab.paths("nva", "192.168.0.0/16")).isEmpty();
        assertThat(lab.get("rs", "/api/speaker").get("roleDetails").get("overridden").toString())
                .contains("routes-per-peer = 5 (overrides; preset 1000)");
    }

    @Test
    @Order(2)
    void effectiveRoutesHoldTheVirtualNetworkAndTheNvaRoutesButNothingWithinTheVirtualNetwork() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.paths("rs", "10.1.5.0/24").size() == 1);
        JsonNode t = lab.get("rs", "/api/effective-routes");
        assertThat(t.get("routes").toString())
                .contains("{\"prefix\":\"10.1.0.0/16\",\"nextHops\":[\"virtual network\"],\"source\":\"VNet\",\"asPath\":\"\"}")
                .contains("{\"prefix\":\"10.50.1.0/24\",\"nextHops\":[\"127.0.9.10\"],\"source\":\"Route Server, from nva\",\"asPath\":\"65001\"}")
                .doesNotContain("10.1.5.0/24");
        assertThat(t.get("notProgrammed").toString()).contains("10.1.5.0/24");
    }

    @Test
    @Order(3)
    void turningBranchToBranchOnExchangesNvaAndGatewayRoutesWithoutResettingASession() throws Exception {
        JsonNode done = lab.reload("rs", rs("10.1.0.0/16", true));
        assertThat(done.toString()).contains("nva: role settings changed, export re-run").doesNotContain("restarted");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lab.paths("vpngw", "10.50.1.0/24")).hasSize(1);
            assertThat(lab.paths("nva", "192.168.0.0/16")).hasSize(1);
        });
        assertThat(lab.peer("rs", "nva").get("counters").get("flaps").asLong()).as("the NVA's session never went down").isZero();
        assertThat(lab.peer("rs", "vpngw").get("counters").get("flaps").asLong()).as("nor the gateway's").isZero();
    }

    @Test
    @Order(4)
    void aSpokeAddedSendsRouteRefreshAndTheReAdvertisementCountsHeldPlusIncomingAgainstTheLimit() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.paths("rs", "10.1.5.0/24").size() == 1);
        // 3 routes held; the refresh makes the NVA send its 3 again: 3 + 3 = 6 > 5.
        JsonNode done = lab.reload("rs", rs("10.1.0.0/16, 10.2.0.0/16", true));
        assertThat(done.toString()).contains("nva: virtual network changed, ROUTE-REFRESH sent");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode err = lab.peer("nva", "rs").get("lastError");
            assertThat(err.get("notification").asText()).contains("Cease / Maximum Number of Prefixes Reached");
        });
        // With branch-to-branch now on, the gateway's routes reach the NVA once it is back.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lab.paths("nva", "192.168.0.0/16")).hasSize(1));
    }
}
