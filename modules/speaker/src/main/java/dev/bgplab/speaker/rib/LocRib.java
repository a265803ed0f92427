package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The Loc-RIB (RFC 4271 3.2): per prefix every candidate route, the best one and its ECMP set,
 * kept current as routes come and go (RFC 4271 9.1.2 phase 2), with a {@link LocRibChange} for
 * each prefix whose selection changed.
 *
 * <p>Owned by the speaker's event loop: every method must be called from that one thread; there
 * are no locks. Listeners are called on it, synchronously.
 *
 * <p>Memory: one {@link PrefixMap} per family from prefix to a small {@link Destination}; routes live in its
 * array. The first route's prefix instance becomes the key and later routes for the same prefix
 * are rewritten to share it.
 */
public final class LocRib {

    private final EnumMap<AddressFamily, PrefixMap<Destination>> tables = new EnumMap<>(AddressFamily.class);
    private final List<LocRibListener> listeners = new CopyOnWriteArrayList<>();
    private DecisionProcess decision;
    private int routeCount;

    public LocRib(DecisionProcess decision) {
        this.decision = decision;
        for (AddressFamily f : AddressFamily.values()) tables.put(f, new PrefixMap<>());
    }

    public DecisionProcess decisionProcess() { return decision; }

    /** Replaces the decision process (new options or resolver) and re-runs it for every prefix. */
    public void setDecisionProcess(DecisionProcess decision) {
        this.decision = decision;
        reselectAll();
    }

    public void addListener(LocRibListener l) { listeners.add(l); }
    public void removeListener(LocRibListener l) { listeners.remove(l); }

    /**
     * Adds a route or replaces the one from the same peer with the same path id, then re-runs the
     * decision for its prefix. Returns the route as stored (sharing the Loc-RIB's prefix instance).
     */
    public Route put(Route route) {
        return store(route, true);
    }

    /** {@link #put}, returning the route it replaced (null when the slot was empty). */
    Route replace(Route route) {
        return store(route, false);
    }

    private Route store(Route route, boolean returnStored) {
        PrefixMap<Destination> table = tables.get(route.prefix().family());
        int slot = table.find(route.prefix());
        Destination d = table.valueAt(slot);
        if (d == null) {
            d = new Destination(route.prefix());
            table.insertAt(slot, route.prefix(), d);
        } else if (route.prefix() != d.prefix) {
            route = new Route(d.prefix, route.pathId(), route.attributes(), route.source(), route.weight(), route.stale());
        }
        Route old = d.put(route);
        if (old == null) routeCount++;
        reselect(d, table);
        return returnStored ? route : old;
    }

    /**
     * Every candidate of {@code source} in a family: the post-policy Adj-RIB-In of that peer, which
     * lives here (as FRR's bgp_path_info hangs off its bgp_dest) rather than in a table of its own.
     * A walk of the whole table.
     */
    public List<Route> routesFrom(PeerInfo source, AddressFamily family) {
        List<Route> out = new ArrayList<>();
        tables.get(family).forEachValue(d -> d.collectFrom(source, out));
        return out;
    }

    /**
     * Removes the candidates of {@code source} in a family that {@code which} selects, or replaces
     * them with what {@code replace} makes of them (non-null), re-running the decision once per
     * prefix touched. Returns the routes removed or replaced. A walk of the whole table.
     */
    List<Route> rewriteFrom(PeerInfo source, AddressFamily family, java.util.function.Predicate<Route> which,
                            java.util.function.UnaryOperator<Route> replace) {
        PrefixMap<Destination> table = tables.get(family);
        List<Route> touched = new ArrayList<>();
        List<Route> mine = new ArrayList<>(2);
        for (Destination d : table.valuesSnapshot()) {
            mine.clear();
            d.collectFrom(source, mine);
            boolean changed = false;
            for (Route r : mine) {
                if (!which.test(r)) continue;
                if (replace == null) {
                    d.remove(r.source(), r.pathId());
                    routeCount--;
                } else {
                    d.put(replace.apply(r));
                }
                touched.add(r);
                changed = true;
            }
            if (changed) reselect(d, table);
        }
        return touched;
    }

    /** Removes the route from {@code source} with {@code pathId}; returns it, or null when absent. */
    public Route remove(PeerInfo source, Prefix prefix, long pathId) {
        PrefixMap<Destination> table = tables.get(prefix.family());
        Destination d = table.get(prefix);
        if (d == null) return null;
        Route old = d.remove(source, pathId);
        if (old == null) return null;
        routeCount--;
        reselect(d, table);
        return old;
    }

    /** Re-runs the decision for every prefix: after an option or next-hop reachability change. */
    public void reselectAll() {
        for (PrefixMap<Destination> table : tables.values()) {
            for (Destination d : table.valuesSnapshot()) reselect(d, table);
        }
    }

    /** Re-runs the decision for one prefix. */
    public void reselect(Prefix prefix) {
        PrefixMap<Destination> table = tables.get(prefix.family());
        Destination d = table.get(prefix);
        if (d != null) reselect(d, table);
    }

    private void reselect(Destination d, PrefixMap<Destination> table) {
        Route oldBest = d.best;
        Route[] oldMultipath = d.multipath;
        Route newBest;
        Route[] newMultipath;
        int count = d.count();
        if (count == 1) {
            // The common case, no allocation: one route, eligible or not.
            Route only = d.only();
            newBest = decision.eligible(only) ? only : null;
            newMultipath = null;
        } else if (count == 0) {
            newBest = null;
            newMultipath = null;
        } else {
            DecisionProcess.Selection s = decision.select(Arrays.asList(d.several()), oldBest);
            newBest = s.best();
            newMultipath = s.multipath().size() > 1 ? s.multipath().toArray(new Route[0]) : null;
        }
        if (d.isEmpty()) table.remove(d.prefix);
        boolean changed = !java.util.Objects.equals(oldBest, newBest) || !Arrays.equals(oldMultipath, newMultipath);
        if (!changed) {
            // Keep the newer instances (for example a route re-announced after graceful restart).
            d.best = newBest;
            d.multipath = newMultipath;
            return;
        }
        List<Route> before = d.multipathList();
        d.best = newBest;
        d.multipath = newMultipath;
        if (listeners.isEmpty()) return;
        LocRibChange change = new LocRibChange(d.prefix, oldBest, before, newBest, d.multipathList());
        for (LocRibListener l : listeners) l.onChange(change);
    }

    /**
     * The Loc-RIB's own instance of a prefix equal to {@code p}, or {@code p} when the prefix is
     * new. A route built with it is stored as is ({@link #put} copies a route whose prefix is
     * another instance), and the Adj-RIB-In's received and accepted routes can then be one object:
     * a second feeder of a full table keeps no second Prefix and Route per prefix.
     */
    public Prefix canonical(Prefix p) {
        Destination d = tables.get(p.family()).get(p);
        return d != null ? d.prefix : p;
    }

    /** The best route for a prefix, or null. */
    public Route best(Prefix prefix) {
        Destination d = tables.get(prefix.family()).get(prefix);
        return d == null ? null : d.best;
    }

    /** The ECMP set for a prefix, best first; empty when there is no best route. */
    public List<Route> multipath(Prefix prefix) {
        Destination d = tables.get(prefix.family()).get(prefix);
        return d == null ? List.of() : d.multipathList();
    }

    /** Every candidate for a prefix, in no particular order. */
    public List<Route> candidates(Prefix prefix) {
        Destination d = tables.get(prefix.family()).get(prefix);
        return d == null ? List.of() : d.candidateList();
    }

    public Optional<LocRibEntry> entry(Prefix prefix) {
        Destination d = tables.get(prefix.family()).get(prefix);
        return d == null ? Optional.empty() : Optional.of(snapshot(d));
    }

    /** Visits every prefix of a family as a snapshot. */
    public void forEach(AddressFamily family, Consumer<LocRibEntry> visitor) {
        tables.get(family).forEachValue(d -> visitor.accept(snapshot(d)));
    }

    /** Visits every prefix of a family with its candidates, without building snapshots. */
    void forEachDestination(AddressFamily family, Consumer<Destination> visitor) {
        tables.get(family).forEachValue(visitor);
    }

    LocRibEntry snapshot(Destination d) {
        List<Route> mp = d.multipathList();
        List<Route> eligible = new ArrayList<>();
        List<Route> unreachable = new ArrayList<>();
        for (Route r : d.candidateList()) {
            if (!decision.eligible(r)) unreachable.add(r);
            else if (!mp.contains(r)) eligible.add(r);
        }
        Collection<Route> others = eligible.size() > 1 ? decision.rank(eligible, d.best) : eligible;
        return new LocRibEntry(d.prefix, d.best, mp, List.copyOf(others), unreachable);
    }

    public int prefixCount(AddressFamily family) { return tables.get(family).size(); }

    public int prefixCount() {
        int n = 0;
        for (PrefixMap<Destination> t : tables.values()) n += t.size();
        return n;
    }

    /** Candidate routes held, over all prefixes and families. */
    public int routeCount() { return routeCount; }
}
