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
import java.util.function.Predicate;

/**
 * The Loc-RIB (RFC 4271 3.2): per prefix every candidate route, the best one and its ECMP set,
 * kept current as routes come and go (RFC 4271 9.1.2 phase 2), with a {@link LocRibChange} for
 * each prefix whose selection changed.
 *
 * <p>Owned by the speaker's event loop: every method must be called from that one thread; there
 * are no locks. Listeners are called on it, synchronously.
 *
 * <p>Memory: one {@link PrefixMap} per family. A prefix whose only candidate is eligible (so it is
 * the best and there is no ECMP set) maps to that {@link Route} itself: the common case of a full
 * table from one feeder, with no second object per prefix. Any other prefix (two or more
 * candidates, or one the decision process cannot use) maps to a {@link Destination}, and goes
 * back to the bare route when it is down to one eligible candidate again. The first route's
 * prefix instance becomes the key and later routes for the same prefix are rewritten to share it.
 */
public final class LocRib {

    /** Per family, prefix to a bare {@link Route} (its only, eligible candidate) or a {@link Destination}. */
    private final EnumMap<AddressFamily, PrefixMap<Object>> tables = new EnumMap<>(AddressFamily.class);
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
        PrefixMap<Object> table = tables.get(route.prefix().family());
        int slot = table.find(route.prefix());
        Object v = table.valueAt(slot);
        if (v == null) {
            routeCount++;
            if (decision.eligible(route)) {
                table.insertAt(slot, route.prefix(), route);
                changed(route.prefix(), null, List.of(), route, List.of(route));
            } else {
                Destination d = new Destination(route.prefix());
                d.put(route);
                table.insertAt(slot, route.prefix(), d);
            }
            return returnStored ? route : null;
        }
        Prefix key = prefixOf(v);
        if (route.prefix() != key) {
            route = new Route(key, route.pathId(), route.attributes(), route.source(), route.weight(), route.stale());
        }
        Destination d;
        if (v instanceof Route one) {
            if (Destination.sameSlot(one, route.source(), route.pathId()) && decision.eligible(route)) {
                // the only candidate replaced by an eligible one: still a bare route
                table.setAt(slot, route);
                if (!one.equals(route)) changed(key, one, List.of(one), route, List.of(route));
                return returnStored ? route : one;
            }
            d = inflate(one);
            table.setAt(slot, d);
        } else {
            d = (Destination) v;
        }
        Route old = d.put(route);
        if (old == null) routeCount++;
        reselect(d, table);
        return returnStored ? route : old;
    }

    /** A destination holding {@code only}, selected as best: what a bare route in the table stands for. */
    private static Destination inflate(Route only) {
        Destination d = new Destination(only.prefix());
        d.put(only);
        d.best = only;
        return d;
    }

    private static Prefix prefixOf(Object v) { return v instanceof Route r ? r.prefix() : ((Destination) v).prefix; }

    private static Route bestOf(Object v) { return v instanceof Route r ? r : ((Destination) v).best; }

    private static List<Route> multipathOf(Object v) { return v instanceof Route r ? List.of(r) : ((Destination) v).multipathList(); }

    private static List<Route> candidatesOf(Object v) { return v instanceof Route r ? List.of(r) : ((Destination) v).candidateList(); }

    /**
     * Every candidate of {@code source} in a family: the post-policy Adj-RIB-In of that peer, which
     * lives here (as FRR's bgp_path_info hangs off its bgp_dest) rather than in a table of its own.
     * A walk of the whole table.
     */
    public List<Route> routesFrom(PeerInfo source, AddressFamily family) {
        List<Route> out = new ArrayList<>();
        tables.get(family).forEachValue(v -> {
            if (v instanceof Route r) {
                if (Destination.sameSource(r, source)) out.add(r);
            } else {
                ((Destination) v).collectFrom(source, out);
            }
        });
        return out;
    }

    /**
     * Removes the candidates of {@code source} in a family that {@code which} selects, or replaces
     * them with what {@code replace} makes of them (non-null), re-running the decision once per
     * prefix touched. Returns the routes removed or replaced. A walk of the whole table.
     */
    List<Route> rewriteFrom(PeerInfo source, AddressFamily family, java.util.function.Predicate<Route> which,
                            java.util.function.UnaryOperator<Route> replace) {
        PrefixMap<Object> table = tables.get(family);
        List<Route> touched = new ArrayList<>();
        List<Route> mine = new ArrayList<>(2);
        for (Object v : table.valuesSnapshot()) {
            Destination d;
            if (v instanceof Route one) {
                if (!Destination.sameSource(one, source) || !which.test(one)) continue;
                touched.add(one);
                if (replace == null) {
                    // the common case of a peer going down: its only route goes, no destination needed
                    table.remove(one.prefix());
                    routeCount--;
                    changed(one.prefix(), one, List.of(one), null, List.of());
                    continue;
                }
                d = inflate(one);
                table.put(one.prefix(), d);
                d.put(replace.apply(one));
                reselect(d, table);
                continue;
            }
            d = (Destination) v;
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
        PrefixMap<Object> table = tables.get(prefix.family());
        Object v = table.get(prefix);
        if (v == null) return null;
        if (v instanceof Route one) {
            if (!Destination.sameSlot(one, source, pathId)) return null;
            table.remove(one.prefix());
            routeCount--;
            changed(one.prefix(), one, List.of(one), null, List.of());
            return one;
        }
        Destination d = (Destination) v;
        Route old = d.remove(source, pathId);
        if (old == null) return null;
        routeCount--;
        reselect(d, table);
        return old;
    }

    /** Re-runs the decision for every prefix: after an option or next-hop reachability change. */
    public void reselectAll() {
        for (PrefixMap<Object> table : tables.values()) {
            for (Object v : table.valuesSnapshot()) reselect(v, table);
        }
    }

    /** Re-runs the decision for one prefix. */
    public void reselect(Prefix prefix) {
        PrefixMap<Object> table = tables.get(prefix.family());
        Object v = table.get(prefix);
        if (v != null) reselect(v, table);
    }

    private void reselect(Object v, PrefixMap<Object> table) {
        if (v instanceof Route one) {
            if (decision.eligible(one)) return; // still its own best, nothing to change
            Destination d = inflate(one);
            table.put(one.prefix(), d);
            reselect(d, table);
        } else {
            reselect((Destination) v, table);
        }
    }

    private void reselect(Destination d, PrefixMap<Object> table) {
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
        if (d.isEmpty()) {
            table.remove(d.prefix);
        } else if (count == 1 && newBest != null) {
            table.put(d.prefix, newBest); // down to one eligible candidate: the bare route again
        }
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
        changed(d.prefix, oldBest, before, newBest, d.multipathList());
    }

    private void changed(Prefix prefix, Route oldBest, List<Route> oldMultipath, Route newBest, List<Route> newMultipath) {
        if (listeners.isEmpty()) return;
        LocRibChange change = new LocRibChange(prefix, oldBest, oldMultipath, newBest, newMultipath);
        for (LocRibListener l : listeners) l.onChange(change);
    }

    /**
     * The Loc-RIB's own instance of a prefix equal to {@code p}, or {@code p} when the prefix is
     * new. A route built with it is stored as is ({@link #put} copies a route whose prefix is
     * another instance), and the Adj-RIB-In's received and accepted routes can then be one object:
     * a second feeder of a full table keeps no second Prefix and Route per prefix.
     */
    public Prefix canonical(Prefix p) {
        Object v = tables.get(p.family()).get(p);
        return v != null ? prefixOf(v) : p;
    }

    /** The best route for a prefix, or null. */
    public Route best(Prefix prefix) {
        Object v = tables.get(prefix.family()).get(prefix);
        return v == null ? null : bestOf(v);
    }

    /** The ECMP set for a prefix, best first; empty when there is no best route. */
    public List<Route> multipath(Prefix prefix) {
        Object v = tables.get(prefix.family()).get(prefix);
        return v == null ? List.of() : multipathOf(v);
    }

    /** Every candidate for a prefix, in no particular order. */
    public List<Route> candidates(Prefix prefix) {
        Object v = tables.get(prefix.family()).get(prefix);
        return v == null ? List.of() : candidatesOf(v);
    }

    public Optional<LocRibEntry> entry(Prefix prefix) {
        Object v = tables.get(prefix.family()).get(prefix);
        return v == null ? Optional.empty() : Optional.of(snapshot(v));
    }

    /** Visits every prefix of a family as a snapshot. */
    public void forEach(AddressFamily family, Consumer<LocRibEntry> visitor) {
        tables.get(family).forEachValue(v -> visitor.accept(snapshot(v)));
    }

    /** Visits every prefix of a family (the Loc-RIB's instance), in no order. */
    void forEachPrefix(AddressFamily family, Consumer<Prefix> visitor) {
        tables.get(family).forEachValue(v -> visitor.accept(prefixOf(v)));
    }

    /** Snapshots of the prefixes of a family that {@code prefixes} accepts and whose candidates {@code candidates} accepts. */
    List<LocRibEntry> entries(AddressFamily family, Predicate<Prefix> prefixes, Predicate<List<Route>> candidates) {
        List<LocRibEntry> out = new ArrayList<>();
        tables.get(family).forEachValue(v -> {
            if (prefixes.test(prefixOf(v)) && candidates.test(candidatesOf(v))) out.add(snapshot(v));
        });
        return out;
    }

    private LocRibEntry snapshot(Object v) {
        if (v instanceof Route r) return new LocRibEntry(r.prefix(), r, List.of(r), List.of(), List.of());
        Destination d = (Destination) v;
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
        for (PrefixMap<Object> t : tables.values()) n += t.size();
        return n;
    }

    /** Candidate routes held, over all prefixes and families. */
    public int routeCount() { return routeCount; }
}
