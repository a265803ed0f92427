package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.nlri.Prefix;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload that changes a neighbor's options keeps the session and applies them to what the peer sends next. */
class ReloadNeighborOptionsTest {
    private BgpSpeaker r1, r2;

    @AfterEach
    void stop() {
        if (r1 != null) r1.close();
        if (r2 != null) r2.close();
    }

    @Test
    void routeMapInAddedByReloadAppliesToTheRoutesTheRouteRefreshBringsBack() throws Exception {
        int port = TwoSpeakersTest.freePort();
        String r1Yaml = TwoSpeakersTest.config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "");
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml", r1Yaml));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                TwoSpeakersTest.config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16, 10.3.0.0/16", "")));
        Prefix kept = Prefix.parse("10.2.0.0/16");
        Prefix dropped = Prefix.parse("10.3.0.0/16");
        await().atMost(Duration.ofSeconds(20)).until(() -> r1.call(() -> r1.rib().best(dropped) != null));

        String withRouteMap = r1Yaml + """
                    route-map-in: IN
                policy: |
                  ip prefix-list DROP seq 5 permit 10.3.0.0/16
                  route-map IN deny 10
                   match ip address prefix-list DROP
                  route-map IN permit 20
                   set community 65001:999 additive
                """;
        r1.call(() -> r1.reload(ConfigLoader.parse("r1.yml", withRouteMap)));

        await().atMost(Duration.ofSeconds(10)).until(() -> r1.call(() -> r1.rib().best(dropped) == null));
        await().atMost(Duration.ofSeconds(10)).until(() -> r1.call(
                () -> r1.rib().best(kept).attributes().communities().toString().contains("65001:999")));
        assertThat(r1.state("peer")).isEqualTo(FsmState.ESTABLISHED);
    }
}
