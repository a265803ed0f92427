package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the decision process over random routes for one prefix from distinct peers. */
class DecisionProcessPropertiesTest {

    private static final String P = "192.0.2.0/24";

    /** A route description; built into a Route with a peer numbered by its position. */
    record Spec(int weight, int localPref, boolean local, int asPathLength, long firstAs, Origin origin, Integer med,
                boolean ibgp, int routerId, int clusterList) {}

    @Provide
    Arbitrary<List<Spec>> specs() {
        Arbitrary<Spec> one = Combinators.combine(
                Arbitraries.of(0, 0, 0, 10),
                Arbitraries.of(100, 100, 200),
                Arbitraries.of(false, false, false, true),
                Arbitraries.integers().between(1, 3),
                Arbitraries.of(65001L, 65002L),
                Arbitraries.of(Origin.class),
                Arbitraries.of(0, 10, 20).injectNull(0.3),
                Arbitraries.of(false, true)).as((w, lp, local, len, as, o, med, ibgp) -> new Spec(w, lp, local, len, as, o, med, ibgp, 0, 0))
                .flatMap(s -> Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 2))
                        .as((rid, cl) -> new Spec(s.weight(), s.localPref(), s.local(), s.asPathLength(), s.firstAs(), s.origin(),
                                s.med(), s.ibgp(), rid, cl)));
        return one.list().ofMinSize(1).ofMaxSize(7);
    }

    static List<Route> build(List<Spec> specs) {
        List<Route> out = new ArrayList<>();
        boolean localUsed = false;
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            String addr = "10.0." + (i / 200) + "." + (i % 200 + 1);
            PeerInfo peer;
            if (s.local() && !localUsed) {
                peer = Routes.LOCAL;
                localUsed = true;
            } else {
                peer = s.ibgp() ? Routes.ibgp("p" + i, addr) : Routes.ebgp("p" + i, addr, s.firstAs());
                peer = Routes.withRouterId(peer, "1.1.1." + s.routerId());
            }
            StringBuilder path = new StringBuilder().append(s.firstAs());
            for (int k = 1; k < s.asPathLength(); k++) path.append(' ').append(64600 + k);
            Routes.Builder b = Routes.route(P).from(peer).path(path.toString()).weight(s.weight()).localPref(s.localPref())
                    .origin(s.origin()).clusterListLength(s.clusterList()).nextHop("10.0.0." + (i + 1));
            if (s.med() != null) b.med(s.med());
            out.add(b.build());
        }
        return out;
    }

    private static final DecisionProcess DEFAULT = new DecisionProcess(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE);
    private static final DecisionProcess ALWAYS_MED =
            new DecisionProcess(DecisionOptions.DEFAULT.withAlwaysCompareMed(true), NextHopResolver.ALL_REACHABLE);

    @Property(tries = 300)
    void bestAndMultipathDoNotDependOnArrivalOrder(@ForAll("specs") List<Spec> specs, @ForAll long seed) {
        List<Route> routes = build(specs);
        DecisionProcess.Selection first = DEFAULT.select(routes, null);
        List<Route> shuffled = new ArrayList<>(routes);
        Collections.shuffle(shuffled, new Random(seed));
        DecisionProcess.Selection second = DEFAULT.select(shuffled, null);
        assertThat(second.best()).isSameAs(first.best());
        assertThat(second.multipath()).containsExactlyElementsOf(first.multipath());
    }

    @Property(tries = 300)
    void comparisonIsAntisymmetric(@ForAll("specs") List<Spec> specs) {
        List<Route> routes = build(specs);
        for (Route x : routes) {
            for (Route y : routes) {
                if (x == y) continue;
                Comparison xy = DEFAULT.compare(x, y), yx = DEFAULT.compare(y, x);
                assertThat(xy.winner()).isSameAs(yx.winner());
                assertThat(xy.step()).isEqualTo(yx.step());
            }
        }
    }

    @Property(tries = 300)
    void withAlwaysCompareMedTheOrderIsTotal(@ForAll("specs") List<Spec> specs) {
        // With MED compared between all routes every step is a total order, so the pairwise
        // relation is transitive and the best beats every other route.
        List<Route> routes = build(specs);
        for (Route x : routes) for (Route y : routes) for (Route z : routes) {
            if (x == y || y == z || x == z) continue;
            if (ALWAYS_MED.compare(x, y).winner() == x && ALWAYS_MED.compare(y, z).winner() == y) {
                assertThat(ALWAYS_MED.compare(x, z).winner()).isSameAs(x);
            }
        }
        Route best = ALWAYS_MED.select(routes, null).best();
        for (Route r : routes) if (r != best) assertThat(ALWAYS_MED.compare(best, r).winner()).isSameAs(best);
    }

    @Property(tries = 200)
    void everyMultipathMemberTiesWithTheBestThroughIgpMetric(@ForAll("specs") List<Spec> specs) {
        DecisionProcess relax = new DecisionProcess(DecisionOptions.DEFAULT.withAsPathMultipathRelax(true), NextHopResolver.ALL_REACHABLE);
        List<Route> routes = build(specs);
        DecisionProcess.Selection s = relax.select(routes, null);
        for (Route r : s.multipath()) {
            if (r == s.best()) continue;
            Comparison c = relax.compare(s.best(), r);
            assertThat(c.step().ordinal()).isGreaterThan(BestPathStep.IGP_METRIC.ordinal());
            assertThat(c.multipathEqual()).isTrue();
        }
    }
}
