package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adj-RIB-Out (RFC 4271 3.2) of one update group (or one peer) for one address family: what was
 * last advertised (prefix, path id → attributes and the peer the route came from), plus the
 * changes export processing asked for that have not been sent yet. Changes collapse per prefix
 * while they wait (the MRAI batching of RFC 4271 9.2.1.1), and a change that would tell the
 * members what they already have is dropped (duplicate suppression). A route refresh (RFC 2918) is
 * answered from {@link #advertisedRoutes(String)}.
 *
 * <p>The source is kept so that peers sharing one Adj-RIB-Out never get their own routes back:
 * a member named like an entry's source does not hold that entry ({@link #advertisedRoutes(String)},
 * {@link #advertisedCount(String)}), and {@link #takeTransitions()} says who the entry belonged
 * to before and after so the sender can treat that member apart.
 *
 * <p>Owned by the speaker's event loop; no locks.
 */
public final class AdjRibOut {

    /** What a (prefix, path id) is advertised with, and the name of the peer whose route it is (null: ours). */
    public record Advert(PathAttributes attributes, String source) {
        // Written out: the interning map hashes one per exported prefix, and the record's own go through a method handle.
        @Override public int hashCode() { return 31 * java.util.Objects.hashCode(attributes) + java.util.Objects.hashCode(source); }
        @Override public boolean equals(Object o) {
            return this == o || o instanceof Advert a && java.util.Objects.equals(attributes, a.attributes) && java.util.Objects.equals(source, a.source);
        }
    }

    /** One waiting change as taken for sending: {@code before} null when nothing was advertised, {@code after} null for a withdrawal. */
    public record Transition(Prefix prefix, long pathId, Advert before, Advert after) {}

    /** Marks a pending withdrawal in {@link #pending}; a private instance, compared by identity. */
    private static final Advert WITHDRAWN = new Advert(PathAttributes.of(), null);

    private final PeerInfo peer;
    private final AddressFamily family;
    private final PathTable<Advert> advertised = new PathTable<>();
    /** Changes not yet sent; value {@link #WITHDRAWN} for a withdrawal. */
    private final PathTable<Advert> pending = new PathTable<>();
    /**
     * First-change order of {@link #pending}: an entry may be listed again after it was dropped and
     * queued anew (the first listing sends it, later ones find nothing), so no per-change object.
     */
    private Prefix[] orderPrefixes = new Prefix[16];
    private long[] orderIds = new long[16];
    private int orderSize;
    /** One instance per distinct (attributes, source): a full table shares ~N/10 of them. */
    private Map<Advert, Advert> adverts = new HashMap<>();
    /** Advertised entries per source peer, so a member's count needs no scan. */
    private final Map<String, Integer> advertisedBySource = new HashMap<>();

    /** {@code peer} names the owner in error messages: the peer, or an update group's first member. */
    public AdjRibOut(PeerInfo peer, AddressFamily family) {
        this.peer = peer;
        this.family = family;
    }

    public PeerInfo peer() { return peer; }
    public AddressFamily family() { return family; }

    private Advert advert(PathAttributes attributes, String source) {
        if (adverts.size() > 1024 && adverts.size() > 2 * advertised.size() + pending.size()) {
            // forget sets no entry uses any more
            Map<Advert, Advert> live = new HashMap<>();
            advertised.forEach((p, id, a) -> live.put(a, a));
            pending.forEach((p, id, a) -> { if (a != WITHDRAWN) live.put(a, a); });
            adverts = live;
        }
        // the prefixes of one export share a set: look it up once
        if (attributes == lastAdvert.attributes() && java.util.Objects.equals(source, lastAdvert.source())) return lastAdvert;
        Advert a = new Advert(attributes, source);
        Advert known = adverts.putIfAbsent(a, a);
        lastAdvert = known != null ? known : a;
        return lastAdvert;
    }

    /** The advert {@link #advert} returned last (a placeholder no entry uses until then). */
    private Advert lastAdvert = new Advert(null, null);

    /**
     * Export wants the members to have {@code prefix} with {@code attributes} (interned, ideally),
     * a route of peer {@code source} (null for our own). Returns false when that is already what
     * they have or will be sent.
     */
    public boolean announce(Prefix prefix, long pathId, PathAttributes attributes, String source) {
        if (prefix.family() != family) {
            throw new IllegalArgumentException(prefix + " given to the " + family.label() + " Adj-RIB-Out of " + peer);
        }
        Advert sent = advertised.get(prefix, pathId);
        if (sent != null && sent.attributes().equals(attributes) && java.util.Objects.equals(sent.source(), source)) {
            // back to what the members already have: forget whatever was queued in between
            return pending.remove(prefix, pathId) != null;
        }
        // one probe: queue it, then see what it replaced (the same advert queued again changes nothing)
        Advert queued = pending.put(prefix, pathId, advert(attributes, source));
        if (queued == null) {
            listPending(prefix, pathId);
            return true;
        }
        return queued == WITHDRAWN || !queued.attributes().equals(attributes) || !java.util.Objects.equals(queued.source(), source);
    }

    public boolean announce(Prefix prefix, long pathId, PathAttributes attributes) { return announce(prefix, pathId, attributes, null); }

    public boolean announce(Prefix prefix, PathAttributes attributes) { return announce(prefix, 0, attributes, null); }

    /** Export no longer wants the members to have {@code prefix}. Returns false when they never had it. */
    public boolean withdraw(Prefix prefix, long pathId) {
        boolean sent = advertised.get(prefix, pathId) != null;
        if (!sent) {
            pending.remove(prefix, pathId); // an announcement never sent needs no withdrawal
            return false;
        }
        Advert queued = pending.put(prefix, pathId, WITHDRAWN);
        if (queued == null) listPending(prefix, pathId);
        return queued != WITHDRAWN;
    }

    private void listPending(Prefix prefix, long pathId) {
        if (orderSize > 4 * pending.size() + 1024) {
            // flapping while MRAI holds the batch: list what is pending once (order within the batch is lost)
            orderSize = 0;
            pending.forEach((p, id, a) -> { if (p != prefix || id != pathId) appendOrder(p, id); });
        }
        appendOrder(prefix, pathId);
    }

    private void appendOrder(Prefix prefix, long pathId) {
        if (orderSize == orderPrefixes.length) {
            orderPrefixes = java.util.Arrays.copyOf(orderPrefixes, orderSize * 2);
            orderIds = java.util.Arrays.copyOf(orderIds, orderSize * 2);
        }
        orderPrefixes[orderSize] = prefix;
        orderIds[orderSize++] = pathId;
    }

    public boolean withdraw(Prefix prefix) { return withdraw(prefix, 0); }

    /** Applies a change as {@link #announce} or {@link #withdraw} would. */
    public boolean apply(AdjRibOutChange change) {
        return switch (change) {
            case AdjRibOutChange.Announce a -> announce(a.prefix(), a.pathId(), a.attributes());
            case AdjRibOutChange.Withdraw w -> withdraw(w.prefix(), w.pathId());
        };
    }

    public boolean hasPending() { return pending.size() > 0; }
    public int pendingCount() { return pending.size(); }

    /**
     * Hands over the waiting changes with what was advertised before each, and records them as
     * advertised. Call when the MRAI allows.
     */
    public List<Transition> takeTransitions() {
        List<Transition> out = new ArrayList<>(pending.size());
        for (int i = 0; i < orderSize; i++) {
            Prefix prefix = orderPrefixes[i];
            long pathId = orderIds[i];
            Advert v = pending.remove(prefix, pathId);
            if (v == null) continue; // dropped, or listed again and already taken
            Advert before;
            Advert after = v == WITHDRAWN ? null : v;
            if (after == null) {
                before = advertised.remove(prefix, pathId);
            } else {
                before = advertised.put(prefix, pathId, after);
                count(after.source(), 1);
            }
            if (before != null) count(before.source(), -1);
            out.add(new Transition(prefix, pathId, before, after));
        }
        pending.clear();
        clearOrder();
        return out;
    }

    private void clearOrder() {
        if (orderPrefixes.length > 4096) {
            orderPrefixes = new Prefix[16];
            orderIds = new long[16];
        } else {
            java.util.Arrays.fill(orderPrefixes, 0, orderSize, null);
        }
        orderSize = 0;
    }

    private void count(String source, int delta) {
        if (source == null) return;
        advertisedBySource.merge(source, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /**
     * Hands over the waiting changes for packing into UPDATEs and records them as advertised
     * (a peer alone: sources play no part). Call when the MRAI allows ({@link MraiScheduler#takeBatch}).
     */
    public List<AdjRibOutChange> takePending() {
        List<Transition> ts = takeTransitions();
        List<AdjRibOutChange> out = new ArrayList<>(ts.size());
        for (Transition t : ts) {
            out.add(t.after() == null ? new AdjRibOutChange.Withdraw(t.prefix(), t.pathId())
                    : new AdjRibOutChange.Announce(t.prefix(), t.pathId(), t.after().attributes()));
        }
        return out;
    }

    /** What was last sent for a prefix, or null. */
    public PathAttributes advertised(Prefix prefix, long pathId) {
        Advert a = advertised.get(prefix, pathId);
        return a == null ? null : a.attributes();
    }

    /** What was last sent for a prefix with its source, or null. */
    public Advert advertisedAdvert(Prefix prefix, long pathId) { return advertised.get(prefix, pathId); }

    /** Everything advertised, for answering a ROUTE-REFRESH (RFC 2918 4) without re-running export. */
    public List<AdjRibOutChange> advertisedRoutes() { return advertisedRoutes(null); }

    /** What the member named {@code member} holds: every entry but those of its own routes. */
    public List<AdjRibOutChange> advertisedRoutes(String member) {
        List<AdjRibOutChange> out = new ArrayList<>(advertisedCount(member));
        advertised.forEach((p, id, a) -> {
            if (member == null || !member.equals(a.source())) out.add(new AdjRibOutChange.Announce(p, id, a.attributes()));
        });
        return out;
    }

    /** Visits every advertised entry with its source. */
    public void forEachAdvertised(AdvertVisitor visitor) { advertised.forEach(visitor::accept); }

    /** Receives advertised entries. */
    public interface AdvertVisitor {
        void accept(Prefix prefix, long pathId, Advert advert);
    }

    public int advertisedCount() { return advertised.size(); }

    /** How many entries the member named {@code member} holds (all but its own routes). */
    public int advertisedCount(String member) {
        return advertised.size() - (member == null ? 0 : advertisedBySource.getOrDefault(member, 0));
    }

    /** The session went down: the peer has nothing from us any more (RFC 4271 8.2.2, session reset). */
    public void clear() {
        advertised.clear();
        pending.clear();
        clearOrder();
        adverts.clear();
        advertisedBySource.clear();
    }
}
