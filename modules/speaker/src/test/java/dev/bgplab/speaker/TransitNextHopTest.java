package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.nlri.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A -> B -> C over IPv4 transport: what C sees as next hop and AS path for A's IPv4 and IPv6 prefixes. */
class TransitNextHopTest {
    private final List<BgpSpeaker> speakers = new ArrayList<>();

    @AfterEach
    void stop() {
        speakers.forEach(BgpSpeaker::close);
    }

    private BgpSpeaker start(String name, String yaml) throws Exception {
        BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse(name, yaml));
        speakers.add(s);
        return s;
    }

    private static String peer(String name, String addr, int port, long asn) {
        return "  - {name: %s, address: %s, port: %d, asn: %d, hold-time: 9, connect-retry: 1}\n".formatted(name, addr, port, asn);
    }

    @Test
    void ebgpTransitRewritesNextHopToItselfForBothFamilies() throws Exception {
        int port = TwoSpeakersTest.freePort();
        String head = "router-id: %s\nasn: %d\nlisten: {address: %s, port: %d}\nebgp-requires-policy: false\n";
        start("a.yml", head.formatted("10.0.0.1", 65001, "127.0.0.1", port)
                + "networks: [10.1.0.0/16, '2001:db8:1::/48']\npeers:\n" + peer("b", "127.0.0.2", port, 65002));
        start("b.yml", head.formatted("10.0.0.2", 65002, "127.0.0.2", port)
                + "peers:\n" + peer("a", "127.0.0.1", port, 65001) + peer("c", "127.0.0.3", port, 65003));
        BgpSpeaker c = start("c.yml", head.formatted("10.0.0.3", 65003, "127.0.0.3", port)
                + "peers:\n" + peer("b", "127.0.0.2", port, 65002));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Route v4 = c.call(() -> c.rib().best(Prefix.parse("10.1.0.0/16")));
            Route v6 = c.call(() -> c.rib().best(Prefix.parse("2001:db8:1::/48")));
            assertThat(v4).isNotNull();
            assertThat(v6).isNotNull();
            assertThat(v4.attributes().asPath().toString()).isEqualTo("65002 65001");
            assertThat(v4.attributes().nextHop().address().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(v6.attributes().asPath().toString()).isEqualTo("65002 65001");
            // B has no IPv6 address on the session: its IPv4 address, IPv4-mapped, as FRR sends it.
            assertThat(v6.attributes().nextHop().address().getAddress())
                    .isEqualTo(dev.bgplab.speaker.policy.ExportPolicy.mapped((java.net.Inet4Address) java.net.InetAddress.getByName("127.0.0.2")).getAddress());
        });
    }
}
