package dev.bgplab.speaker.rib;

import static dev.bgplab.speaker.rib.Routes.LOCAL;
import static dev.bgplab.speaker.rib.Routes.ebgp;
import static dev.bgplab.speaker.rib.Routes.ibgp;
import static dev.bgplab.speaker.rib.Routes.route;
import static dev.bgplab.speaker.rib.Routes.withRouterId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.nlri.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionProcessTest {

    private static final String P = "203.0.113.0/24";
    private final PeerInfo a = ebgp("a", "10.0.0.1", 65001);
    private final PeerInfo b = ebgp("b", "10.0.0.2", 65001);
    private final PeerInfo c = ebgp("c", "10.0.0.3", 65002);

    private final DecisionProcess dp = new DecisionProcess(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE);

    private static DecisionProcess with(DecisionOptions o) { return new DecisionProcess(o, NextHopResolver.ALL_REACHABLE); }

    /** Asserts {@code better} wins over {@code worse} at {@code step}, whichever order they are given in. */
    private static Comparison assertWins(DecisionProcess dp, Route better, Route worse, BestPathStep step) {
        Comparison c1 = dp.compare(better, worse);
        Comparison c2 = dp.compare(worse, better);
        assertThat(c1.winner()).isSameAs(better);
        assertThat(c1.step()).isEqualTo(step);
        assertThat(c2.winner()).isSameAs(better);
        assertThat(c2.step()).isEqualTo(step);
        assertThat(c1.loser()).isSameAs(worse);
        return c1;
    }

    @Test
    void higherWeightWins() {
        Comparison c = assertWins(dp, route(P).from(b).weight(100).build(), route(P).from(a).path("65001 1 2").build(), BestPathStep.WEIGHT);
        assertThat(c.winnerValue()).isEqualTo("100");
        assertThat(c.loserValue()).isEqualTo("0");
    }

    @Test
    void rfc4271Section9_1_1HigherLocalPrefWins() {
        Comparison c = assertWins(dp, route(P).from(b).localPref(200).path("65001 1 2").build(),
                route(P).from(a).localPref(100).build(), BestPathStep.LOCAL_PREF);
        assertThat(c.sentence()).contains("higher local preference").contains("200 vs 100");
    }

    @Test
    void rfc4271Section9_1_1AbsentLocalPrefCountsAsDefault100() {
        assertWins(dp, route(P).from(b).build(), route(P).from(a).localPref(99).build(), BestPathStep.LOCAL_PREF);
        Comparison tie = dp.compare(route(P).from(b).build(), route(P).from(a).localPref(100).build());
        assertThat(tie.step()).isNotEqualTo(BestPathStep.LOCAL_PREF);
        assertWins(with(DecisionOptions.DEFAULT.withDefaultLocalPref(50)), route(P).from(b).localPref(60).build(),
                route(P).from(a).build(), BestPathStep.LOCAL_PREF);
    }

    @Test
    void locallyOriginatedRouteWins() {
        assertWins(dp, route(P).from(LOCAL).path("1 2 3 4").build(), route(P).from(a).build(), BestPathStep.LOCAL_ORIGIN);
    }

    @Test
    void rfc4271Section9_1_2_2aShorterAsPathWins() {
        Comparison c = assertWins(dp, route(P).from(b).path("65001 3").build(), route(P).from(a).path("65001 2 3").build(),
                BestPathStep.AS_PATH_LENGTH);
        assertThat(c.winnerValue()).startsWith("2");
    }

    @Test
    void rfc4271Section9_1_2_2aAsSetCountsOneAndRfc5065ConfederationSegmentsNone() {
        // RFC 4271 9.1.2.2 (a), RFC 5065 5.3: "(64512 64513) 65001 {1 2 3}" has length 2
        Route withSet = route(P).from(b).path("(64512 64513) 65001 {1 2 3}").build();
        Route three = route(P).from(a).path("65001 1 2").build();
        assertWins(dp, withSet, three, BestPathStep.AS_PATH_LENGTH);
        Route two = route(P).from(a).path("65001 7").build();
        assertThat(dp.compare(withSet, two).step()).isNotEqualTo(BestPathStep.AS_PATH_LENGTH);
    }

    @Test
    void ignoreAsPathLengthSkipsTheStep() {
        DecisionProcess ignore = with(DecisionOptions.DEFAULT.withIgnoreAsPathLength(true));
        Route longIgp = route(P).from(b).path("65001 1 2 3").origin(Origin.IGP).build();
        Route shortIncomplete = route(P).from(a).path("65001").origin(Origin.INCOMPLETE).build();
        assertWins(ignore, longIgp, shortIncomplete, BestPathStep.ORIGIN);
    }

    @Test
    void aRolesSourcePreferenceDecidesAtEqualAsPathLengthBeforeOriginAndPeerType() {
        // a Virtual WAN hub with AS Path preference: the remote hub's iBGP route (65520 65520, origin
        // EGP) beats the ExpressRoute eBGP route (12076 12076, origin IGP) of the same length
        PeerInfo backbone = ibgp("hub1", "10.0.12.1");
        DecisionProcess hub = new DecisionProcess(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE,
                p -> p.name().equals("hub1") ? 0 : 1);
        Route remoteHub = route(P).from(backbone).path("65520 65520").origin(Origin.EGP).build();
        Route expressRoute = route(P).from(c).path("12076 12076").origin(Origin.IGP).build();
        assertWins(hub, remoteHub, expressRoute, BestPathStep.SOURCE_PREFERENCE);
        // a shorter AS path still wins first, and without a role the step decides nothing
        assertWins(hub, route(P).from(c).path("12076").build(), remoteHub, BestPathStep.AS_PATH_LENGTH);
        assertWins(dp, expressRoute, remoteHub, BestPathStep.ORIGIN);
    }

    @Test
    void rfc4271Section9_1_2_2bLowerOriginWins() {
        assertWins(dp, route(P).from(b).origin(Origin.IGP).build(), route(P).from(a).origin(Origin.EGP).build(), BestPathStep.ORIGIN);
        assertWins(dp, route(P).from(b).origin(Origin.EGP).build(), route(P).from(a).origin(Origin.INCOMPLETE).build(), BestPathStep.ORIGIN);
    }

    @Test
    void rfc4271Section9_1_2_2cLowerMedWinsBetweenRoutesFromTheSameNeighbourAs() {
        assertWins(dp, route(P).from(b).med(10).build(), route(P).from(a).med(20).build(), BestPathStep.MED);
    }

    @Test
    void rfc4271Section9_1_2_2cMedIsNotComparedBetweenDifferentNeighbourAses() {
        // RFC 4271 9.1.2.2 (c): a (AS 65001) and c (AS 65002) differ in neighbour AS, so router id decides
        Route fromA = route(P).from(a).med(5).build();
        Route fromC = route(P).from(c).med(500).build();
        Comparison cmp = dp.compare(fromC, fromA);
        assertThat(cmp.step()).isEqualTo(BestPathStep.ROUTER_ID);
        assertThat(cmp.winner()).isSameAs(fromA);
        // when the better MED belongs to the higher router id, MED still does not decide
        Route fromA2 = route(P).from(a).med(500).build();
        Route fromC2 = route(P).from(c).med(5).build();
        assertThat(dp.compare(fromC2, fromA2).winner()).isSameAs(fromA2);
    }

    @Test
    void rfc4271Section9_1_2_2cMedIsComparedBetweenRoutesWithEmptyAsPaths() {
        PeerInfo i1 = ibgp("i1", "10.1.0.1"), i2 = ibgp("i2", "10.1.0.2");
        assertWins(dp, route(P).from(i2).med(1).build(), route(P).from(i1).med(2).build(), BestPathStep.MED);
    }

    @Test
    void alwaysCompareMedComparesAcrossNeighbourAsesBeyondRfc4271Section9_1_2_2c() {
        DecisionProcess always = with(DecisionOptions.DEFAULT.withAlwaysCompareMed(true));
        assertWins(always, route(P).from(c).med(5).build(), route(P).from(a).med(500).build(), BestPathStep.MED);
    }

    @Test
    void rfc4271Section9_1_2_2cMissingMedCountsAsZeroUnlessMissingAsWorst() {
        Route none = route(P).from(b).build();
        Route some = route(P).from(a).med(1).build();
        Comparison c = assertWins(dp, none, some, BestPathStep.MED);
        assertThat(c.winnerValue()).isEqualTo("0 (missing)");
        assertWins(with(DecisionOptions.DEFAULT.withMissingMedAsWorst(true)), some, none, BestPathStep.MED);
    }

    @Test
    void rfc4271Section9_1_2_2dEbgpWinsOverIbgp() {
        PeerInfo i = ibgp("i", "10.0.0.0");
        assertWins(dp, route(P).from(b).path("65009").build(), route(P).from(i).path("65009").build(), BestPathStep.EBGP_OVER_IBGP);
    }

    @Test
    void rfc4271Section9_1_2_2eLowerIgpMetricWinsWhenTheResolverKnowsIt() {
        NextHopResolver metrics = new NextHopResolver() {
            @Override public boolean reachable(NextHop nh) { return true; }
            @Override public long igpMetric(NextHop nh) { return nh.address().getHostAddress().endsWith(".1") ? 20 : 10; }
        };
        DecisionProcess withMetrics = new DecisionProcess(DecisionOptions.DEFAULT, metrics);
        assertWins(withMetrics, route(P).from(b).build(), route(P).from(a).build(), BestPathStep.IGP_METRIC);
    }

    @Test
    void rfc4271Section9_1_2_2fLowerRouterIdWins() {
        PeerInfo lowId = withRouterId(b, "1.1.1.1");
        Comparison c = assertWins(dp, route(P).from(lowId).build(), route(P).from(a).build(), BestPathStep.ROUTER_ID);
        assertThat(c.winnerValue()).isEqualTo("1.1.1.1");
    }

    @Test
    void rfc4456Section9OriginatorIdStandsInForRouterIdOfReflectedRoutes() {
        // RFC 4456 9: b has the higher router id, but its route was reflected from 1.1.1.1
        PeerInfo i1 = withRouterId(ibgp("i1", "10.1.0.1"), "5.5.5.5");
        PeerInfo i2 = withRouterId(ibgp("i2", "10.1.0.2"), "9.9.9.9");
        Comparison c = assertWins(dp, route(P).from(i2).originatorId("1.1.1.1").build(), route(P).from(i1).build(), BestPathStep.ROUTER_ID);
        assertThat(c.winnerValue()).isEqualTo("1.1.1.1 (ORIGINATOR_ID)");
    }

    @Test
    void rfc4456Section9ShorterClusterListWins() {
        PeerInfo i1 = withRouterId(ibgp("i1", "10.1.0.1"), "5.5.5.5");
        PeerInfo i2 = withRouterId(ibgp("i2", "10.1.0.2"), "9.9.9.9");
        assertWins(dp, route(P).from(i2).originatorId("1.1.1.1").clusterListLength(1).build(),
                route(P).from(i1).originatorId("1.1.1.1").clusterListLength(2).build(), BestPathStep.CLUSTER_LIST_LENGTH);
    }

    @Test
    void rfc4271Section9_1_2_2gLowerPeerAddressWins() {
        PeerInfo x = withRouterId(ebgp("x", "10.0.0.9", 65001), "7.7.7.7");
        PeerInfo y = withRouterId(ebgp("y", "10.0.0.8", 65001), "7.7.7.7");
        assertWins(dp, route(P).from(y).build(), route(P).from(x).build(), BestPathStep.PEER_ADDRESS);
    }

    @Test
    void lowerPathIdBreaksTheLastTieBetweenAddPathRoutesOfOnePeer() {
        assertWins(dp, route(P).from(a).pathId(1).build(), route(P).from(a).pathId(2).build(), BestPathStep.PATH_ID);
    }

    @Test
    void rfc5004CurrentlySelectedEbgpRouteStaysWhenRouterIdsAreNotCompared() {
        DecisionProcess frr = with(DecisionOptions.DEFAULT.withCompareRouterId(false));
        Route older = route(P).from(c).path("65009").build();
        Route lowerId = route(P).from(a).path("65009").build();
        Comparison keep = frr.compare(lowerId, older, older);
        assertThat(keep.winner()).isSameAs(older);
        assertThat(keep.step()).isEqualTo(BestPathStep.OLDER_EBGP);
        // off by default: router id decides
        assertThat(dp.compare(lowerId, older, older).winner()).isSameAs(lowerId);
    }

    @Test
    void rfc4271Section9_1_2RouteWithUnreachableNextHopIsNotACandidate() {
        DecisionProcess connected = new DecisionProcess(DecisionOptions.DEFAULT,
                new ConnectedNextHopResolver(List.of(Prefix.parse("10.0.0.0/30"))));
        Route reachable = route(P).from(c).nextHop("10.0.0.2").build();
        Route unreachable = route(P).from(a).localPref(500).nextHop("192.168.9.9").build();
        DecisionProcess.Selection s = connected.select(List.of(unreachable, reachable), null);
        assertThat(s.best()).isSameAs(reachable);
        assertThat(connected.select(List.of(unreachable), null).best()).isNull();
        assertThat(connected.eligible(route(P).from(LOCAL).build())).isTrue();
    }

    @Test
    void selectionUsesDeterministicMedWhateverTheArrivalOrder() {
        // The classic MED cycle: r1 (AS 1, MED 10) beats r2 (AS 1, MED 20) by MED; r2 beats r3
        // (AS 2) by router id; r3 beats r1 by router id. Grouping by AS makes the result r1 or r3
        // consistently: r1 wins its group, then r1 vs r3 on router id.
        PeerInfo p1 = withRouterId(ebgp("p1", "10.0.0.1", 1), "3.3.3.3");
        PeerInfo p2 = withRouterId(ebgp("p2", "10.0.0.2", 1), "1.1.1.1");
        PeerInfo p3 = withRouterId(ebgp("p3", "10.0.0.3", 2), "2.2.2.2");
        Route r1 = route(P).from(p1).med(10).build();
        Route r2 = route(P).from(p2).med(20).build();
        Route r3 = route(P).from(p3).build();
        for (List<Route> order : List.of(List.of(r1, r2, r3), List.of(r3, r2, r1), List.of(r2, r3, r1), List.of(r2, r1, r3))) {
            assertThat(dp.select(order, null).best()).isSameAs(r3);
        }
    }

    @Test
    void explainComparesTheBestWithEveryOtherCandidate() {
        Route best = route(P).from(c).localPref(300).build();
        Route second = route(P).from(b).localPref(300).path("65001 9").build();
        Route third = route(P).from(a).build();
        List<Comparison> why = dp.explain(List.of(third, second, best), null);
        assertThat(why).extracting(Comparison::loser).containsExactly(second, third);
        assertThat(why).extracting(Comparison::step).containsExactly(BestPathStep.AS_PATH_LENGTH, BestPathStep.LOCAL_PREF);
        assertThat(why.get(1).sentence()).isEqualTo(
                "path from 10.0.0.3 wins over path from 10.0.0.1 on local preference: higher local preference (300 vs 100 (default))");
    }

    @Test
    void rankListsRoutesInDecisionOrder() {
        Route best = route(P).from(c).localPref(300).build();
        Route second = route(P).from(b).localPref(200).build();
        Route third = route(P).from(a).build();
        assertThat(dp.rank(List.of(third, best, second), null)).containsExactly(best, second, third);
    }
}
