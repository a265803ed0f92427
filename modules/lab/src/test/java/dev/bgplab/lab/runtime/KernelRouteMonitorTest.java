package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `ip -ts monitor route` prints (iproute2 6.1, as in the FRR image), read as stamped route events. */
class KernelRouteMonitorTest {

    @Test
    void readsAddsReplacesMultipathAndDeletionsWithTheirMicrosecondStamps() {
        String log = """
                [2026-12-03T11:19:39.579359] 10.100.0.0/16 nhid 24 via 10.0.11.2 dev eth2 proto bgp metric 20
                [2026-12-03T11:19:46.626086] 10.100.0.0/16 nhid 30 proto bgp metric 20
                \tnexthop via 10.0.1.2 dev eth1 weight 1
                \tnexthop via 10.0.2.2 dev eth2 weight 1
                [2026-12-03T11:19:47.000001] local 10.0.1.1 dev eth1 table local proto kernel scope host src 10.0.1.1
                [2026-12-03T11:19:48.5] garbage
                [2026-12-03T11:19:49.000002] Deleted 10.100.0.0/16 nhid 30 proto bgp metric 20
                [2026-12-03T11:19:50.000003] 10.0.1.0/30 dev eth1 proto kernel scope link src 10.0.1.2
                [2026-12-03T11:19:50.100000] blackhole 10.100.0.0/16 proto static metric 20
                """;
        List<RouteEvent> e = KernelRouteMonitor.parse("n", log);
        assertThat(e).extracting(RouteEvent::prefix).containsExactly("10.100.0.0/16", "10.100.0.0/16", "10.100.0.0/16", "10.0.1.0/30");
        assertThat(e.get(0).at()).isEqualTo(Instant.parse("2026-12-03T11:19:39.579359Z"));
        assertThat(e.get(0).nextHops()).containsExactly("10.0.11.2");
        assertThat(e.get(1).nextHops()).containsExactly("10.0.1.2", "10.0.2.2");
        assertThat(e.get(2).nextHops()).isEmpty();
        assertThat(e.get(2).state()).isEqualTo("(absent)");
        assertThat(e.get(3).nextHops()).containsExactly("dev eth1");
    }
}
