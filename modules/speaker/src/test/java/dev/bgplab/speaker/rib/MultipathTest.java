package dev.bgplab.speaker.rib;

import static dev.bgplab.speaker.rib.Routes.ebgp;
import static dev.bgplab.speaker.rib.Routes.ibgp;
import static dev.bgplab.speaker.rib.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.NextHop;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipathTest {

    private static final String P = "198.51.100.0/24";
    private final PeerInfo a = ebgp("a", "10.0.0.1", 65001);
    private final PeerInfo b = ebgp("b", "10.0.0.2", 65001);
    private final PeerInfo c = ebgp("c", "10.0.0.3", 65001);

    private static List<NextHop> nextHops(DecisionProcess.Selection s) {
        return s.multipath().stream().map(r -> r.attributes().nextHop()).toList();
    }

    private static DecisionProcess dp(DecisionOptions o) { return new DecisionProcess(o, NextHopResolver.ALL_REACHABLE); }

    @Test
    void threeEbgpPeersInOneAsWithEqualPathLengthGiveThreeNextHops() {
        var s = dp(DecisionOptions.DEFAULT).select(List.of(
                route(P).from(c).path("65001 7").build(),
                route(P).from(a).path("65001 7").build(),
                route(P).from(b).path("65001 7").build()), null);
        assertThat(s.best().source()).isEqualTo(a);
        assertThat(nextHops(s)).containsExactly(NextHop.of("10.0.0.1"), NextHop.of("10.0.0.2"), NextHop.of("10.0.0.3"));
    }

    @Test
    void rfc4271Section9_1_2_2aUnequalAsPathLengthsGiveOnePath() {
        var s = dp(DecisionOptions.DEFAULT).select(List.of(
                route(P).from(a).path("65001 7").build(),
                route(P).from(b).path("65001 8 7").build(),
                route(P).from(c).path("65001 9 8 7").build()), null);
        assertThat(s.multipath()).hasSize(1);
    }

    @Test
    void differentNeighbourAsesGiveOnePathWithoutMultipathRelax() {
        List<Route> routes = List.of(
                route(P).from(ebgp("x", "10.0.0.1", 65001)).path("65001 7").build(),
                route(P).from(ebgp("y", "10.0.0.2", 65002)).path("65002 7").build(),
                route(P).from(ebgp("z", "10.0.0.3", 65003)).path("65003 7").build());
        assertThat(dp(DecisionOptions.DEFAULT).select(routes, null).multipath()).hasSize(1);
        assertThat(dp(DecisionOptions.DEFAULT.withAsPathMultipathRelax(true)).select(routes, null).multipath()).hasSize(3);
    }

    @Test
    void multipathRelaxStillNeedsEqualPathLength() {
        DecisionOptions relaxIgnore = DecisionOptions.DEFAULT.withAsPathMultipathRelax(true).withIgnoreAsPathLength(true);
        List<Route> routes = List.of(
                route(P).from(ebgp("x", "10.0.0.1", 65001)).path("65001 7").build(),
                route(P).from(ebgp("y", "10.0.0.2", 65002)).path("65002 8 7").build());
        assertThat(dp(relaxIgnore).select(routes, null).multipath()).hasSize(1);
    }

    @Test
    void maximumPathsCapsTheSet() {
        List<Route> routes = List.of(
                route(P).from(a).build(), route(P).from(b).build(), route(P).from(c).build());
        assertThat(dp(DecisionOptions.DEFAULT.withMaximumPaths(2, 64)).select(routes, null).multipath())
                .extracting(Route::source).containsExactly(a, b);
        assertThat(dp(DecisionOptions.DEFAULT.withMaximumPaths(1, 64)).select(routes, null).multipath()).hasSize(1);
    }

    @Test
    void ibgpMaximumPathsAppliesToIbgpBest() {
        PeerInfo i1 = ibgp("i1", "10.1.0.1"), i2 = ibgp("i2", "10.1.0.2");
        List<Route> routes = List.of(route(P).from(i1).path("65010").build(), route(P).from(i2).path("65010").build());
        assertThat(dp(DecisionOptions.DEFAULT.withMaximumPaths(8, 1)).select(routes, null).multipath()).hasSize(1);
        assertThat(dp(DecisionOptions.DEFAULT.withMaximumPaths(1, 8)).select(routes, null).multipath()).hasSize(2);
    }

    @Test
    void ibgpMultipathNeedsIdenticalAsPathsUnlessRelaxed() {
        PeerInfo i1 = ibgp("i1", "10.1.0.1"), i2 = ibgp("i2", "10.1.0.2");
        List<Route> routes = List.of(route(P).from(i1).path("65010 1").build(), route(P).from(i2).path("65010 2").build());
        assertThat(dp(DecisionOptions.DEFAULT).select(routes, null).multipath()).hasSize(1);
        assertThat(dp(DecisionOptions.DEFAULT.withAsPathMultipathRelax(true)).select(routes, null).multipath()).hasSize(2);
    }

    @Test
    void rfc4271Section9_1_2_2dEbgpAndIbgpRoutesNeverShareTheSet() {
        PeerInfo i = ibgp("i", "10.1.0.1");
        var s = dp(DecisionOptions.DEFAULT.withAsPathMultipathRelax(true))
                .select(List.of(route(P).from(a).path("65001").build(), route(P).from(i).path("65001").build()), null);
        assertThat(s.multipath()).hasSize(1);
    }

    @Test
    void aNextHopAlreadyInTheSetIsNotCountedTwice() {
        var s = dp(DecisionOptions.DEFAULT.withMaximumPaths(2, 2)).select(List.of(
                route(P).from(a).nextHop("10.9.9.9").build(),
                route(P).from(b).nextHop("10.9.9.9").build(),
                route(P).from(c).build()), null);
        assertThat(nextHops(s)).containsExactly(NextHop.of("10.9.9.9"), NextHop.of("10.0.0.3"));
    }

    @Test
    void rfc4271Section9_1_2_2cRoutesThatLoseOnMedStayOutOfTheSet() {
        var s = dp(DecisionOptions.DEFAULT).select(List.of(
                route(P).from(a).med(10).build(), route(P).from(b).med(20).build(), route(P).from(c).med(10).build()), null);
        assertThat(s.multipath()).extracting(Route::source).containsExactly(a, c);
    }
}
