package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The Loc-RIB against a plain model (a list of candidates per prefix, the decision process run
 * over all of them after every step) under random puts, removals, peers going down, routes marked
 * stale and next-hop reachability changes: the same candidates, best, ECMP set and counts after
 * every step, and exactly one change event per prefix whose selection changed. The Loc-RIB keeps a
 * prefix with one eligible candidate as a bare route and any other as a destination, and moves
 * prefixes between the two shapes; the model has one shape, so a slip in either shows here.
 */
class LocRibModelPropertiesTest {

    private static final List<Prefix> PREFIXES = List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("198.51.100.0/24"),
            Prefix.parse("192.0.2.0/25"));
    private static final List<PeerInfo> PEERS = List.of(Routes.ebgp("a", "10.0.0.1", 65001), Routes.ebgp("b", "10.0.0.2", 65001),
            Routes.ebgp("c", "10.0.0.3", 65001));
    private static final DecisionOptions ECMP = DecisionOptions.DEFAULT.withMaximumPaths(4, 4);
    private static final DecisionProcess ALL_REACHABLE = new DecisionProcess(ECMP, NextHopResolver.ALL_REACHABLE);
    private static final DecisionProcess CONNECTED = new DecisionProcess(ECMP,
            new ConnectedNextHopResolver(List.of(Prefix.parse("10.0.0.0/24"))));

    sealed interface Op permits Put, Remove, PeerDown, MarkStale, Resolver {}
    record Put(int prefix, int peer, long pathId, int localPref, boolean farNextHop) implements Op {}
    record Remove(int prefix, int peer, long pathId) implements Op {}
    record PeerDown(int peer) implements Op {}
    record MarkStale(int peer) implements Op {}
    record Resolver(boolean connectedOnly) implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> prefix = Arbitraries.integers().between(0, PREFIXES.size() - 1);
        Arbitrary<Integer> peer = Arbitraries.integers().between(0, PEERS.size() - 1);
        Arbitrary<Long> pathId = Arbitraries.of(0L, 0L, 0L, 1L);
        Arbitrary<Op> put = Combinators.combine(prefix, peer, pathId, Arbitraries.of(100, 100, 200), Arbitraries.of(false, false, true))
                .as(Put::new);
        Arbitrary<Op> remove = Combinators.combine(prefix, peer, pathId).as(Remove::new);
        Arbitrary<Op> down = peer.map(PeerDown::new);
        Arbitrary<Op> stale = peer.map(MarkStale::new);
        Arbitrary<Op> resolver = Arbitraries.of(true, false).map(Resolver::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, put), net.jqwik.api.Tuple.of(4, remove), net.jqwik.api.Tuple.of(1, down),
                net.jqwik.api.Tuple.of(1, stale), net.jqwik.api.Tuple.of(1, resolver)).list().ofMinSize(1).ofMaxSize(40);
    }

    /** The model: candidates per prefix in insertion order, and the selection last seen. */
    private static final class Model {
        final Map<Prefix, Map<String, Route>> candidates = new LinkedHashMap<>();
        final Map<Prefix, Route> best = new HashMap<>();
        final Map<Prefix, List<Route>> multipath = new HashMap<>();
        DecisionProcess decision = ALL_REACHABLE;

        /** Re-runs the decision for every prefix; returns the changes as the Loc-RIB should report them. */
        Map<Prefix, LocRibChange> settle() {
            Map<Prefix, LocRibChange> changes = new HashMap<>();
            for (Prefix p : PREFIXES) {
                List<Route> all = new ArrayList<>(candidates.getOrDefault(p, Map.of()).values());
                Route oldBest = best.get(p);
                List<Route> oldMp = multipath.getOrDefault(p, List.of());
                Route newBest;
                List<Route> newMp;
                if (all.isEmpty()) {
                    newBest = null;
                    newMp = List.of();
                } else if (all.size() == 1) {
                    newBest = decision.eligible(all.get(0)) ? all.get(0) : null;
                    newMp = newBest == null ? List.of() : List.of(newBest);
                } else {
                    DecisionProcess.Selection s = decision.select(all, oldBest);
                    newBest = s.best();
                    newMp = newBest == null ? List.of() : List.copyOf(s.multipath());
                }
                if (!Objects.equals(oldBest, newBest) || !oldMp.equals(newMp)) {
                    changes.put(p, new LocRibChange(p, oldBest, oldMp, newBest, newMp));
                }
                best.put(p, newBest);
                multipath.put(p, newMp);
            }
            return changes;
        }
    }

    private static String slot(Route r) { return r.source().name() + "#" + r.pathId(); }

    @Property(tries = 400)
    void theLocRibSelectsWhatTheModelSelectsAndReportsEachChangeOnce(@ForAll("ops") List<Op> ops) {
        LocRib rib = new LocRib(ALL_REACHABLE);
        List<LocRibChange> seen = new ArrayList<>();
        rib.addListener(seen::add);
        Model model = new Model();
        for (Op op : ops) {
            seen.clear();
            switch (op) {
                case Put put -> {
                    Route r = Routes.route(PREFIXES.get(put.prefix()).toString()).from(PEERS.get(put.peer())).pathId(put.pathId())
                            .localPref(put.localPref()).nextHop(put.farNextHop() ? "172.16.0.1" : PEERS.get(put.peer()).address().getHostAddress())
                            .build();
                    rib.put(r);
                    model.candidates.computeIfAbsent(r.prefix(), k -> new LinkedHashMap<>()).put(slot(r), r);
                }
                case Remove rm -> {
                    Prefix p = PREFIXES.get(rm.prefix());
                    Route removed = rib.remove(PEERS.get(rm.peer()), p, rm.pathId());
                    Route expected = model.candidates.getOrDefault(p, new HashMap<>()).remove(PEERS.get(rm.peer()).name() + "#" + rm.pathId());
                    assertThat(removed).as("removed by %s", op).isEqualTo(expected);
                }
                case PeerDown down -> {
                    PeerInfo peer = PEERS.get(down.peer());
                    List<Route> gone = rib.rewriteFrom(peer, AddressFamily.IPV4_UNICAST, r -> true, null);
                    List<Route> expected = new ArrayList<>();
                    model.candidates.values().forEach(m -> m.values().removeIf(r -> r.source() == peer && expected.add(r)));
                    assertThat(new HashSet<>(gone)).as("removed by %s", op).isEqualTo(new HashSet<>(expected));
                }
                case MarkStale stale -> {
                    PeerInfo peer = PEERS.get(stale.peer());
                    rib.rewriteFrom(peer, AddressFamily.IPV4_UNICAST, r -> !r.stale(), r -> r.withStale(true));
                    model.candidates.values().forEach(m -> m.replaceAll((k, r) -> r.source() == peer ? r.withStale(true) : r));
                }
                case Resolver res -> {
                    model.decision = res.connectedOnly() ? CONNECTED : ALL_REACHABLE;
                    rib.setDecisionProcess(model.decision);
                }
            }
            Map<Prefix, LocRibChange> expected = model.settle();
            Map<Prefix, LocRibChange> reported = new HashMap<>();
            for (LocRibChange c : seen) {
                assertThat(reported.put(c.prefix(), c)).as("second change for %s after %s", c.prefix(), op).isNull();
            }
            assertThat(reported).as("changes after %s", op).isEqualTo(expected);
            int routes = 0;
            int prefixes = 0;
            for (Prefix p : PREFIXES) {
                List<Route> cands = new ArrayList<>(model.candidates.getOrDefault(p, Map.of()).values());
                routes += cands.size();
                if (!cands.isEmpty()) prefixes++;
                assertThat(new HashSet<>(rib.candidates(p))).as("candidates of %s after %s", p, op).isEqualTo(new HashSet<>(cands));
                assertThat(rib.best(p)).as("best of %s after %s", p, op).isEqualTo(model.best.get(p));
                assertThat(rib.multipath(p)).as("ECMP set of %s after %s", p, op).isEqualTo(model.multipath.get(p));
                assertThat(rib.entry(p).isPresent()).isEqualTo(!cands.isEmpty());
                if (!cands.isEmpty()) {
                    assertThat(rib.canonical(Prefix.parse(p.toString()))).isSameAs(rib.candidates(p).get(0).prefix());
                }
            }
            assertThat(rib.routeCount()).as("route count after %s", op).isEqualTo(routes);
            assertThat(rib.prefixCount()).as("prefix count after %s", op).isEqualTo(prefixes);
            assertThat(new HashSet<>(rib.routesFrom(PEERS.get(0), AddressFamily.IPV4_UNICAST))).isEqualTo(new HashSet<>(
                    model.candidates.values().stream().flatMap(m -> m.values().stream()).filter(r -> r.source() == PEERS.get(0)).toList()));
        }
    }
}
