package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Adj-RIB-In (RFC 4271 3.2) of one peer for one address family, keyed by (prefix, ADD-PATH path
 * id). Two views:
 * <ul>
 *   <li>pre-policy: routes as received, after RFC 7606 treat-as-withdraw handling by the caller.
 *       Kept only when the caller records them ({@link #recordReceived}), which is what FRR's
 *       "soft-reconfiguration inbound" pays memory for; with route refresh (RFC 2918) it can stay empty.</li>
 *   <li>post-policy: what import policy accepted. These routes are the peer's candidates in the
 *       {@link LocRib} and are kept only there (as FRR keeps them on its bgp_dest): a table of
 *       their own would cost a hash table entry and a probe per route for what the Loc-RIB holds
 *       anyway. Here are their counts; {@link Rib#accept} keeps them.</li>
 * </ul>
 * Graceful restart (RFC 4724 4.2): {@link #markAllStale} on the peer's restart, a re-announced
 * route replaces its stale copy, and what is still stale at End-of-RIB or when the timer fires is
 * flushed ({@link Rib#endOfRib}, {@link Rib#flushStale}).
 *
 * <p>Owned by the speaker's event loop, like the {@link Rib} that holds it; no locks.
 */
public final class AdjRibIn {

    private final PeerInfo peer;
    private final AddressFamily family;
    private final PathTable<Route> prePolicy = new PathTable<>();
    private final AttributeInterner interner;
    private final LocRib locRib;
    private int acceptedCount;
    private int staleCount;
    /** Path attribute octets of the pre-policy routes, as a 4-octet-AS peer would send them. */
    private long attributeBytes;

    /** Shares the RIB's interner, so pre-policy routes share attribute sets with everything else. */
    AdjRibIn(PeerInfo peer, AddressFamily family, AttributeInterner interner, LocRib locRib) {
        this.peer = peer;
        this.family = family;
        this.interner = interner;
        this.locRib = locRib;
    }

    public PeerInfo peer() { return peer; }
    public AddressFamily family() { return family; }

    // ---- pre-policy view ----

    /** Records a route as received, before import policy; its attributes are interned. */
    public void recordReceived(Route route) {
        checkFamily(route.prefix());
        if (route.attributes() != lastInterned) {
            PathAttributes shared = interner.intern(route.attributes());
            if (shared != route.attributes()) route = route.withAttributes(shared);
            lastInterned = shared;
        }
        Route old = prePolicy.put(route.prefix(), route.pathId(), route);
        if (old != null) attributeBytes -= size(old);
        attributeBytes += size(route);
    }

    /** The routes of one UPDATE share a set: intern and measure it once, not per prefix. */
    private PathAttributes lastInterned, lastSized;
    private int lastSize;

    private int size(Route r) {
        if (r.attributes() != lastSized) {
            lastSized = r.attributes();
            lastSize = dev.bgplab.wire.codec.BgpCodec.attributesLength(lastSized, dev.bgplab.wire.codec.CodecContext.FOUR_OCTET);
        }
        return lastSize;
    }

    /** Path attribute octets held for this peer's pre-policy routes (the memory bound counts them). */
    public long receivedAttributeBytes() { return attributeBytes; }

    /** Records a withdrawal as received; returns the pre-policy route it removed, or null. */
    public Route recordWithdrawn(Prefix prefix, long pathId) {
        Route old = prePolicy.remove(prefix, pathId);
        if (old != null) attributeBytes -= size(old);
        return old;
    }

    public Route received(Prefix prefix, long pathId) { return prePolicy.get(prefix, pathId); }

    /** Every pre-policy route: input for re-running import policy after it changed (soft reconfiguration). */
    public List<Route> receivedRoutes() {
        List<Route> out = new ArrayList<>(prePolicy.size());
        prePolicy.forEach((p, id, r) -> out.add(r));
        return out;
    }

    // ---- post-policy view: the peer's candidates in the Loc-RIB ----

    /**
     * A fresh accepted route was stored, replacing {@code old} (null when new): the Rib stores only
     * fresh routes from an UPDATE (a re-announced stale route becomes fresh, RFC 4724 4.2); stale
     * ones are made here ({@link #markAllStale}).
     */
    void accepted(Route old) {
        if (old == null) acceptedCount++;
        else if (old.stale()) staleCount--;
    }

    /** An accepted route was removed from the Loc-RIB. */
    void removed(Route old) {
        acceptedCount--;
        if (old.stale()) staleCount--;
    }

    /** Every accepted route (a walk of the Loc-RIB). */
    public List<Route> acceptedRoutes() {
        return acceptedCount == 0 ? List.of() : locRib.routesFrom(peer, family);
    }

    // ---- graceful restart, RFC 4724 4.2 ----

    /** Marks every route of both views stale; the Loc-RIB's copies are replaced and re-decided. */
    void markAllStale() {
        prePolicy.forEach((p, id, r) -> { if (!r.stale()) prePolicy.put(p, id, r.withStale(true)); });
        if (acceptedCount > 0) locRib.rewriteFrom(peer, family, r -> !r.stale(), r -> r.withStale(true));
        staleCount = acceptedCount;
    }

    /** Removes every stale route from both views (the Loc-RIB's prefixes re-decided). */
    void removeStale() {
        if (staleCount > 0) acceptedCount -= locRib.rewriteFrom(peer, family, Route::stale, null).size();
        List<Route> preStale = new ArrayList<>();
        prePolicy.forEach((p, id, r) -> { if (r.stale()) preStale.add(r); });
        for (Route r : preStale) {
            prePolicy.remove(r.prefix(), r.pathId());
            attributeBytes -= size(r);
        }
        staleCount = 0;
    }

    /** The session went without graceful restart: both views go (the Loc-RIB's candidates too). */
    void clear() {
        if (acceptedCount > 0) locRib.rewriteFrom(peer, family, r -> true, null);
        prePolicy.clear();
        attributeBytes = 0;
        acceptedCount = 0;
        staleCount = 0;
    }

    // ---- counts, as "show bgp summary" gives them ----

    /** Routes received (pre-policy view; 0 when the caller does not record it). */
    public int receivedCount() { return prePolicy.size(); }

    /** Routes accepted by import policy ("PfxRcd" in FRR's summary when soft-reconfiguration is off). */
    public int acceptedCount() { return acceptedCount; }

    /** Accepted routes still marked stale after the peer's restart. */
    public int staleCount() { return staleCount; }

    private void checkFamily(Prefix p) {
        if (p.family() != family) {
            throw new IllegalArgumentException("route for " + p + " given to the " + family.label() + " Adj-RIB-In of " + peer);
        }
    }
}
