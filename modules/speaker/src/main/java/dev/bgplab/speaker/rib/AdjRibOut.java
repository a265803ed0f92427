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

    /** Marks a pending withdrawal ({@link Queued#next}); a private instance, compared by identity. */
    private static final Advert WITHDRAWN = new Advert(PathAttributes.of(), null);

    /**
     * An entry with a change waiting, in {@link #table} in place of its advert until it is taken:
     * what the members have ({@code sent}, null for nothing) and what they are to get
     * ({@code next}, {@link #WITHDRAWN} for a withdrawal). It is also the entry's place in the
     * sending order, so taking a batch needs no lookup to find what to send. {@code dead} once the
     * change was dropped (the members already have it) or the entry was cleared.
     */
    private static final class Queued {
        final Prefix prefix;
        final long pathId;
        Advert sent;
        Advert next;
        boolean dead;

        Queued(Prefix prefix, long pathId) {
            this.prefix = prefix;
            this.pathId = pathId;
        }
    }

    private final PeerInfo peer;
    private final AddressFamily family;
    /**
     * One entry per (prefix, path id) advertised or about to be: its {@link Advert} when nothing
     * waits, or its {@link Queued} change. One table rather than "advertised" and "pending" side
     * by side: a change costs one probe to queue and one to settle, not two each.
     */
    private final PathTable<Object> table = new PathTable<>();
    /** Entries the members hold (an advert, or a queued change with something sent). */
    private int advertisedSize;
    /** Queued changes not dropped. */
    private int pendingSize;
    /** Queued changes in first-change order; dead ones are skipped. */
    private Queued[] order = new Queued[16];
    private int orderSize;
    /** One instance per distinct (attributes, source): a full table shares ~N/10 of them. */
    private Map<Advert, Advert> adverts = new HashMap<>();
    /** Advertised entries per source peer, so a member's count needs no scan. */
    private final Map<String, int[]> advertisedBySource = new HashMap<>();

    /** {@code peer} names the owner in error messages: the peer, or an update group's first member. */
    public AdjRibOut(PeerInfo peer, AddressFamily family) {
        this.peer = peer;
        this.family = family;
    }

    public PeerInfo peer() { return peer; }
    public AddressFamily family() { return family; }

    private static Advert sentOf(Object v) { return v instanceof Queued q ? q.sent : (Advert) v; }

    private static boolean same(Advert a, PathAttributes attributes, String source) {
        return a.attributes().equals(attributes) && java.util.Objects.equals(a.source(), source);
    }

    private Advert advert(PathAttributes attributes, String source) {
        if (adverts.size() > 1024 && adverts.size() > 2 * (advertisedSize + pendingSize)) {
            // forget sets no entry uses any more
            Map<Advert, Advert> live = new HashMap<>();
            table.forEach((p, id, v) -> {
                if (v instanceof Queued q) {
                    if (q.sent != null) live.put(q.sent, q.sent);
                    if (q.next != WITHDRAWN) live.put(q.next, q.next);
                } else {
                    live.put((Advert) v, (Advert) v);
                }
            });
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
        // one probe for an entry not seen before (a full table's first export): queue it as it is looked up
        Queued fresh = new Queued(prefix, pathId);
        Object cur = table.putIfAbsent(prefix, pathId, fresh);
        if (cur == null) {
            fresh.next = advert(attributes, source);
            queue(fresh);
            return true;
        }
        if (cur instanceof Queued q) {
            if (q.sent != null && same(q.sent, attributes, source)) {
                // back to what the members already have: forget whatever was queued in between
                table.put(prefix, pathId, q.sent);
                q.dead = true;
                pendingSize--;
                return true;
            }
            Advert before = q.next;
            if (before != WITHDRAWN && same(before, attributes, source)) return false;
            q.next = advert(attributes, source);
            return true;
        }
        Advert sent = (Advert) cur;
        if (same(sent, attributes, source)) return false;
        fresh.sent = sent;
        fresh.next = advert(attributes, source);
        table.put(prefix, pathId, fresh);
        queue(fresh);
        return true;
    }

    public boolean announce(Prefix prefix, long pathId, PathAttributes attributes) { return announce(prefix, pathId, attributes, null); }

    public boolean announce(Prefix prefix, PathAttributes attributes) { return announce(prefix, 0, attributes, null); }

    /** Export no longer wants the members to have {@code prefix}. Returns false when they never had it. */
    public boolean withdraw(Prefix prefix, long pathId) {
        Object cur = table.get(prefix, pathId);
        if (cur == null) return false;
        if (cur instanceof Queued q) {
            if (q.sent == null) {
                // an announcement never sent needs no withdrawal
                table.remove(prefix, pathId);
                q.dead = true;
                pendingSize--;
                return false;
            }
            Advert before = q.next;
            q.next = WITHDRAWN;
            return before != WITHDRAWN;
        }
        Queued q = new Queued(prefix, pathId);
        q.sent = (Advert) cur;
        q.next = WITHDRAWN;
        table.put(prefix, pathId, q);
        queue(q);
        return true;
    }

    private void queue(Queued q) {
        pendingSize++;
        if (orderSize == order.length) {
            if (orderSize > 2 * pendingSize + 1024) {
                // flapping while MRAI holds the batch: drop the dead entries, keeping the order
                int n = 0;
                for (int i = 0; i < orderSize; i++) if (!order[i].dead) order[n++] = order[i];
                java.util.Arrays.fill(order, n, orderSize, null);
                orderSize = n;
            } else {
                order = java.util.Arrays.copyOf(order, orderSize * 2);
            }
        }
        order[orderSize++] = q;
    }

    public boolean withdraw(Prefix prefix) { return withdraw(prefix, 0); }

    /** Applies a change as {@link #announce} or {@link #withdraw} would. */
    public boolean apply(AdjRibOutChange change) {
        return switch (change) {
            case AdjRibOutChange.Announce a -> announce(a.prefix(), a.pathId(), a.attributes());
            case AdjRibOutChange.Withdraw w -> withdraw(w.prefix(), w.pathId());
        };
    }

    public boolean hasPending() { return pendingSize > 0; }
    public int pendingCount() { return pendingSize; }

    /**
     * Hands over the waiting changes with what was advertised before each, and records them as
     * advertised. Call when the MRAI allows.
     */
    public List<Transition> takeTransitions() {
        List<Transition> out = new ArrayList<>(pendingSize);
        for (int i = 0; i < orderSize; i++) {
            Queued q = order[i];
            if (q.dead) continue;
            Advert before = q.sent;
            Advert after = q.next == WITHDRAWN ? null : q.next;
            if (after == null) {
                table.remove(q.prefix, q.pathId);
                advertisedSize--;
            } else {
                table.put(q.prefix, q.pathId, after);
                count(after.source(), 1);
                if (before == null) advertisedSize++;
            }
            if (before != null) count(before.source(), -1);
            out.add(new Transition(q.prefix, q.pathId, before, after));
        }
        pendingSize = 0;
        clearOrder();
        return out;
    }

    private void clearOrder() {
        if (order.length > 4096) {
            order = new Queued[16];
        } else {
            java.util.Arrays.fill(order, 0, orderSize, null);
        }
        orderSize = 0;
    }

    private void count(String source, int delta) {
        if (source == null) return;
        int[] n = advertisedBySource.get(source);
        if (n == null) advertisedBySource.put(source, n = new int[1]);
        if ((n[0] += delta) == 0) advertisedBySource.remove(source);
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
        Object v = table.get(prefix, pathId);
        Advert a = v == null ? null : sentOf(v);
        return a == null ? null : a.attributes();
    }

    /** What was last sent for a prefix with its source, or null. */
    public Advert advertisedAdvert(Prefix prefix, long pathId) {
        Object v = table.get(prefix, pathId);
        return v == null ? null : sentOf(v);
    }

    /** Everything advertised, for answering a ROUTE-REFRESH (RFC 2918 4) without re-running export. */
    public List<AdjRibOutChange> advertisedRoutes() { return advertisedRoutes(null); }

    /** What the member named {@code member} holds: every entry but those of its own routes. */
    public List<AdjRibOutChange> advertisedRoutes(String member) {
        List<AdjRibOutChange> out = new ArrayList<>(advertisedCount(member));
        table.forEach((p, id, v) -> {
            Advert a = sentOf(v);
            if (a != null && (member == null || !member.equals(a.source()))) out.add(new AdjRibOutChange.Announce(p, id, a.attributes()));
        });
        return out;
    }

    /** Visits every advertised entry with its source. */
    public void forEachAdvertised(AdvertVisitor visitor) {
        table.forEach((p, id, v) -> {
            Advert a = sentOf(v);
            if (a != null) visitor.accept(p, id, a);
        });
    }

    /** Receives advertised entries. */
    public interface AdvertVisitor {
        void accept(Prefix prefix, long pathId, Advert advert);
    }

    public int advertisedCount() { return advertisedSize; }

    /** How many entries the member named {@code member} holds (all but its own routes). */
    public int advertisedCount(String member) {
        int[] own = member == null ? null : advertisedBySource.get(member);
        return advertisedSize - (own == null ? 0 : own[0]);
    }

    /** The session went down: the peer has nothing from us any more (RFC 4271 8.2.2, session reset). */
    public void clear() {
        table.clear();
        clearOrder();
        advertisedSize = 0;
        pendingSize = 0;
        adverts.clear();
        advertisedBySource.clear();
    }
}
