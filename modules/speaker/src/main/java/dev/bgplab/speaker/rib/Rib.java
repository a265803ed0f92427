package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The speaker's routing information bases behind one door: an {@link AdjRibIn} per peer and
 * family, the {@link LocRib} with its {@link DecisionProcess}, and the {@link AttributeInterner}
 * they share. The Adj-RIB-Outs belong to the update groups that export to peers
 * ({@code dev.bgplab.speaker.peer.UpdateGroup}), one per group and family.
 *
 * <p>Flow (RFC 4271 9): the session decodes an UPDATE, optionally records it pre-policy in
 * {@link #adjRibIn}, runs import policy, and hands the accepted routes and the withdrawals to
 * {@link #accept}. The Loc-RIB re-runs the decision for each touched prefix and tells
 * {@link LocRibListener}s; export runs there and feeds each update group's {@link AdjRibOut},
 * which an {@link MraiScheduler} drains into an {@link UpdatePacker}.
 *
 * <p>Owned by the speaker's event loop: every method must be called from that one thread; there
 * are no locks. Timers (graceful-restart restart and stale-path timers, MRAI) belong to the caller,
 * which calls {@link #flushStale} or drains the scheduler when they fire.
 */
public final class Rib {

    private final AttributeInterner interner = new AttributeInterner();
    private final LocRib locRib;
    private final Map<String, EnumMap<AddressFamily, AdjRibIn>> adjRibIns = new HashMap<>();
    private final EnumMap<AddressFamily, PathTable<Route>> localRoutes = new EnumMap<>(AddressFamily.class);
    private DecisionOptions options;
    private NextHopResolver resolver;

    public Rib() { this(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE); }

    public Rib(DecisionOptions options, NextHopResolver resolver) {
        this.options = options;
        this.resolver = resolver;
        this.locRib = new LocRib(new DecisionProcess(options, resolver));
        for (AddressFamily f : AddressFamily.values()) localRoutes.put(f, new PathTable<>());
    }

    public AttributeInterner interner() { return interner; }
    public LocRib locRib() { return locRib; }
    public DecisionProcess decisionProcess() { return locRib.decisionProcess(); }
    public DecisionOptions options() { return options; }

    // ---- routes from peers ----

    /** The peer's Adj-RIB-In for a family, created on first use (peers are told apart by name). */
    public AdjRibIn adjRibIn(PeerInfo peer, AddressFamily family) {
        return adjRibIns.computeIfAbsent(peer.name(), k -> new EnumMap<>(AddressFamily.class))
                .computeIfAbsent(family, f -> new AdjRibIn(peer, f, interner, locRib));
    }

    public Optional<AdjRibIn> findAdjRibIn(PeerInfo peer, AddressFamily family) {
        EnumMap<AddressFamily, AdjRibIn> m = adjRibIns.get(peer.name());
        return Optional.ofNullable(m == null ? null : m.get(family));
    }

    /**
     * Takes what import policy made of one UPDATE (or a batch of them): withdrawals first, then
     * the accepted routes, so a prefix in both ends up announced (RFC 7606 5.3). Routes denied by
     * policy belong in {@code withdrawals}, since an earlier version may have been accepted.
     * Attributes are interned here; a re-announced stale route becomes fresh (RFC 4724 4.2).
     */
    public void accept(PeerInfo peer, AddressFamily family, List<Route> postPolicyRoutes, List<NlriEntry> withdrawals) {
        AdjRibIn in = adjRibIn(peer, family);
        for (NlriEntry w : withdrawals) {
            Route old = locRib.remove(peer, w.prefix(), w.pathId());
            if (old != null) in.removed(old);
        }
        PathAttributes lastRaw = null, lastInterned = null; // an UPDATE's routes share one set
        for (Route r : postPolicyRoutes) {
            if (r.prefix().family() != family) {
                throw new IllegalArgumentException("route for " + r.prefix() + " accepted as " + family.label() + " from " + peer);
            }
            if (r.source() != peer && !r.source().name().equals(peer.name())) {
                throw new IllegalArgumentException("route for " + r.prefix() + " from " + r.source() + " accepted as from " + peer);
            }
            if (r.attributes() != lastRaw) {
                lastRaw = r.attributes();
                lastInterned = interner.intern(lastRaw);
            }
            Route fresh = r.attributes() == lastInterned && !r.stale() ? r
                    : new Route(r.prefix(), r.pathId(), lastInterned, r.source(), r.weight(), false);
            in.accepted(locRib.replace(fresh));
        }
    }

    /** Convenience for a batch without withdrawals. */
    public void accept(PeerInfo peer, AddressFamily family, List<Route> postPolicyRoutes) {
        accept(peer, family, postPolicyRoutes, List.of());
    }

    /** Convenience for withdrawals only. */
    public void withdraw(PeerInfo peer, AddressFamily family, List<NlriEntry> withdrawals) {
        accept(peer, family, List.of(), withdrawals);
    }

    private Route normalise(Route r) {
        PathAttributes attrs = interner.intern(r.attributes());
        if (attrs != r.attributes() || r.stale()) {
            return new Route(r.prefix(), r.pathId(), attrs, r.source(), r.weight(), false);
        }
        return r;
    }

    /** The session with {@code peer} ended without graceful restart: its routes go. */
    public void peerDown(PeerInfo peer) { peerDown(peer, false); }

    /**
     * The session with {@code peer} ended. With {@code gracefulRestart} (the peer advertised the
     * Graceful Restart capability with forwarding state for the families, RFC 4724 4.2) its routes
     * stay, marked stale, until it re-announces them or sends End-of-RIB, or the caller's timer
     * calls {@link #flushStale}. Without it the routes are removed (RFC 4271 8.2.2). What was
     * advertised to the peer goes with its place in an update group, which the caller leaves.
     */
    public void peerDown(PeerInfo peer, boolean gracefulRestart) {
        EnumMap<AddressFamily, AdjRibIn> ins = adjRibIns.get(peer.name());
        if (ins == null) return;
        if (gracefulRestart) {
            for (AdjRibIn in : ins.values()) in.markAllStale();
            return;
        }
        for (AdjRibIn in : ins.values()) in.clear();
        adjRibIns.remove(peer.name());
    }

    /** End-of-RIB from a restarting peer (RFC 4724 4.2): what it did not re-announce in the family goes. */
    public void endOfRib(PeerInfo peer, AddressFamily family) {
        findAdjRibIn(peer, family).ifPresent(AdjRibIn::removeStale);
    }

    /** The restart or stale-path timer fired (RFC 4724 4.2): every stale route of the peer goes. */
    public void flushStale(PeerInfo peer) {
        for (AddressFamily f : AddressFamily.values()) endOfRib(peer, f);
    }

    // ---- locally originated routes ----

    /** Originates a route (network statement, redistribution, default-originate); its source must be {@link PeerInfo#local}. */
    public Route originate(Route route) {
        if (!route.source().isLocal()) {
            throw new IllegalArgumentException("originate() takes routes from PeerInfo.local(...), not " + route.source());
        }
        Route stored = locRib.put(normalise(route));
        localRoutes.get(route.prefix().family()).put(stored.prefix(), stored.pathId(), stored);
        return stored;
    }

    /** Stops originating {@code prefix}; false when it was not originated here. */
    public boolean withdrawLocal(Prefix prefix) {
        Route old = localRoutes.get(prefix.family()).remove(prefix, 0);
        if (old == null) return false;
        locRib.remove(old.source(), prefix, 0);
        return true;
    }

    public List<Route> localRoutes(AddressFamily family) {
        List<Route> out = new ArrayList<>();
        localRoutes.get(family).forEach((p, id, r) -> out.add(r));
        return out;
    }

    // ---- decision ----

    /** New options: the decision is re-run for every prefix (changes reach listeners). */
    public void setOptions(DecisionOptions options) {
        this.options = options;
        locRib.setDecisionProcess(new DecisionProcess(options, resolver, sourceRank));
    }

    /** A new next-hop resolver: the decision is re-run for every prefix. */
    public void setNextHopResolver(NextHopResolver resolver) {
        this.resolver = resolver;
        locRib.setDecisionProcess(new DecisionProcess(options, resolver, sourceRank));
    }

    private java.util.function.ToIntFunction<PeerInfo> sourceRank = p -> 0;

    /** A role's ranking of sources (BestPathStep.SOURCE_PREFERENCE); the decision is re-run for every prefix. */
    public void setSourceRank(java.util.function.ToIntFunction<PeerInfo> sourceRank) {
        this.sourceRank = sourceRank;
        locRib.setDecisionProcess(new DecisionProcess(options, resolver, sourceRank));
    }

    /** Re-runs the decision for every prefix, e.g. when what the resolver knows has changed. */
    public void reselectAll() { locRib.reselectAll(); }

    public void addListener(LocRibListener l) { locRib.addListener(l); }
    public void removeListener(LocRibListener l) { locRib.removeListener(l); }

    // ---- queries ----

    /** The ECMP set for a prefix, best first; empty when the prefix has no eligible route. */
    public List<Route> bestPaths(Prefix prefix) { return locRib.multipath(prefix); }

    public Route best(Prefix prefix) { return locRib.best(prefix); }

    public Optional<LocRibEntry> entry(Prefix prefix) { return locRib.entry(prefix); }

    /** Visits every prefix of a family in the Loc-RIB, in no order, without snapshots (export walks the table this way). */
    public void forEachPrefix(AddressFamily family, java.util.function.Consumer<Prefix> visitor) {
        locRib.forEachPrefix(family, visitor);
    }

    /** Loc-RIB entries matching the query, sorted by prefix. */
    public List<LocRibEntry> entries(RibQuery query) {
        List<LocRibEntry> out = new ArrayList<>();
        if (query.prefix() != null && query.match() == RibQuery.PrefixMatch.EXACT) {
            locRib.entry(query.prefix()).filter(e -> fromPeer(e.allRoutes(), query.peer())).ifPresent(out::add);
            return out;
        }
        for (AddressFamily f : AddressFamily.values()) {
            if (query.family() != null && query.family() != f) continue;
            out.addAll(locRib.entries(f, query::matches, candidates -> fromPeer(candidates, query.peer())));
        }
        out.sort(Comparator.comparing(LocRibEntry::prefix));
        return out;
    }

    private static boolean fromPeer(List<Route> routes, String peer) {
        if (peer == null) return true;
        for (Route r : routes) if (r.source().name().equals(peer)) return true;
        return false;
    }

    public int prefixCount(AddressFamily family) { return locRib.prefixCount(family); }

    public int routeCount() { return locRib.routeCount(); }
}
