package dev.bgplab.lab.interop;

import static dev.bgplab.lab.interop.BirdOutputTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of {@code gobgp -j} output recorded from GoBGP 3.10. */
class GobgpJsonTest {

    @Test
    void readsSessionStateAsNameAndCapabilities() {
        List<GobgpJson.NeighborState> neighbors = GobgpJson.parseNeighbors(fixture("gobgp-neighbor.json"));

        assertThat(neighbors).extracting(GobgpJson.NeighborState::address).containsExactly("127.0.0.11", "127.0.0.13");
        assertThat(neighbors.get(0).established()).isTrue();
        assertThat(neighbors.get(0).peerAs()).isEqualTo(4_200_000_001L);
        assertThat(neighbors.get(0).remoteCapabilities())
                .containsExactly("RouteRefresh", "GracefulRestart", "FourOctetASN", "MultiProtocol");
        assertThat(neighbors.get(1).state()).isEqualTo("ACTIVE");
    }

    @Test
    void readsAttributesUnknownAttributesAndRouteTargets() {
        List<ObservedRoute> routes = GobgpJson.parseRib(fixture("gobgp-global-rib-ipv4.json"));

        assertThat(routes).extracting(ObservedRoute::prefix).containsExactly("10.3.0.0/24", "10.9.1.0/24", "10.2.0.0/24");
        ObservedRoute fromExa = routes.get(0);
        assertThat(fromExa.peer()).isEqualTo("127.0.0.13");
        assertThat(fromExa.communities()).containsExactly("65003:1");
        assertThat(fromExa.unknownAttribute(240)).hasValue(new DaemonUnknownAttribute(240, 0xC0, true, "0102030405"));
        assertThat(routes.get(1).extCommunities()).containsExactly("rt:65001:7");
        assertThat(routes.get(1).origin()).isEqualTo("incomplete");
        ObservedRoute local = routes.get(2);
        assertThat(local.peer()).isEmpty();
        assertThat(local.asPath()).isEqualTo("65010 65011");
        assertThat(local.asPathAsns()).containsExactly(65010L, 65011L);
        assertThat(local.med()).hasValue(50);
        assertThat(local.largeCommunities()).containsExactly("4200000001:1:2");
        assertThat(local.nextHop()).isEqualTo("127.0.0.12");
    }

    @Test
    void writesAsPathSegmentsAsBgplabDoes() throws Exception {
        String segments = """
                [{"segment_type":2,"num":2,"asns":[65001,65002]},{"segment_type":1,"num":2,"asns":[65003,65004]},
                 {"segment_type":3,"num":1,"asns":[64512]},{"segment_type":4,"num":1,"asns":[64513]}]""";
        assertThat(GobgpJson.asPath(new ObjectMapper().readTree(segments))).isEqualTo("65001 65002 {65003 65004} (64512) [64513]");
    }

    @Test
    void readsAnEmptyRib() {
        assertThat(GobgpJson.parseRib("{}\n")).isEmpty();
        assertThat(GobgpJson.parseRib("")).isEmpty();
    }
}
