package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adj-RIB-Out (RFC 4271 3.2) of one peer for one address family: what was last advertised
 * (prefix, path id → attributes), plus the changes export processing asked for that have not been
 * sent yet. Changes collapse per prefix while they wait (the MRAI batching of RFC 4271 9.2.1.1),
 * and a change that would tell the peer what it already has is dropped (duplicate suppression).
 * A route refresh (RFC 2918) is answered from {@link #advertisedRoutes()}.
 *
 * <p>Owned by the speaker's event loop; no locks.
 */
public final class AdjRibOut {

    private record Key(Prefix prefix, long pathId) {}

    /** Marks a pending withdrawal in {@link #pending}; a private instance, compared by identity. */
    private static final PathAttributes WITHDRAWN = PathAttributes.of();

    private final PeerInfo peer;
    private final AddressFamily family;
    private final PathTable<PathAttributes> advertised = new PathTable<>();
    /** Changes not yet sent, in first-change order; value {@link #WITHDRAWN} for a withdrawal. */
    private final LinkedHashMap<Key, PathAttributes> pending = new LinkedHashMap<>();

    public AdjRibOut(PeerInfo peer, AddressFamily family) {
        this.peer = peer;
        this.family = family;
    }

    public PeerInfo peer() { return peer; }
    public AddressFamily family() { return family; }

    /**
     * Export wants the peer to have {@code prefix} with {@code attributes} (interned, ideally).
     * Returns false when that is already what the peer has or will be sent.
     */
    public boolean announce(Prefix prefix, long pathId, PathAttributes attributes) {
        if (prefix.family() != family) {
            throw new IllegalArgumentException(prefix + " given to the " + family.label() + " Adj-RIB-Out of " + peer);
        }
        Key k = new Key(prefix, pathId);
        PathAttributes sent = advertised.get(prefix, pathId);
        PathAttributes queued = pending.get(k);
        if (attributes.equals(sent)) {
            // back to what the peer already has: forget whatever was queued in between
            return pending.remove(k) != null;
        }
        if (queued != null && queued != WITHDRAWN && queued.equals(attributes)) return false;
        pending.put(k, attributes);
        return true;
    }

    public boolean announce(Prefix prefix, PathAttributes attributes) { return announce(prefix, 0, attributes); }

    /** Export no longer wants the peer to have {@code prefix}. Returns false when the peer never had it. */
    public boolean withdraw(Prefix prefix, long pathId) {
        Key k = new Key(prefix, pathId);
        boolean sent = advertised.get(prefix, pathId) != null;
        if (!sent) {
            pending.remove(k); // an announcement never sent needs no withdrawal
            return false;
        }
        PathAttributes queued = pending.put(k, WITHDRAWN);
        return queued != WITHDRAWN;
    }

    public boolean withdraw(Prefix prefix) { return withdraw(prefix, 0); }

    /** Applies a change as {@link #announce} or {@link #withdraw} would. */
    public boolean apply(AdjRibOutChange change) {
        return switch (change) {
            case AdjRibOutChange.Announce a -> announce(a.prefix(), a.pathId(), a.attributes());
            case AdjRibOutChange.Withdraw w -> withdraw(w.prefix(), w.pathId());
        };
    }

    public boolean hasPending() { return !pending.isEmpty(); }
    public int pendingCount() { return pending.size(); }

    /**
     * Hands over the waiting changes for packing into UPDATEs and records them as advertised.
     * Call when the MRAI allows ({@link MraiScheduler#takeBatch}).
     */
    public List<AdjRibOutChange> takePending() {
        List<AdjRibOutChange> out = new ArrayList<>(pending.size());
        for (Map.Entry<Key, PathAttributes> e : pending.entrySet()) {
            Key k = e.getKey();
            if (e.getValue() == WITHDRAWN) {
                advertised.remove(k.prefix(), k.pathId());
                out.add(new AdjRibOutChange.Withdraw(k.prefix(), k.pathId()));
            } else {
                advertised.put(k.prefix(), k.pathId(), e.getValue());
                out.add(new AdjRibOutChange.Announce(k.prefix(), k.pathId(), e.getValue()));
            }
        }
        pending.clear();
        return out;
    }

    /** What the peer was last sent for a prefix, or null. */
    public PathAttributes advertised(Prefix prefix, long pathId) { return advertised.get(prefix, pathId); }

    /** Everything advertised, for answering a ROUTE-REFRESH (RFC 2918 4) without re-running export. */
    public List<AdjRibOutChange> advertisedRoutes() {
        List<AdjRibOutChange> out = new ArrayList<>(advertised.size());
        advertised.forEach((p, id, a) -> out.add(new AdjRibOutChange.Announce(p, id, a)));
        return out;
    }

    public int advertisedCount() { return advertised.size(); }

    /** How many routes the peer will hold once the pending changes are sent. */
    public int advertisedCountAfterPending() {
        int n = advertised.size();
        for (Map.Entry<Key, PathAttributes> e : pending.entrySet()) {
            boolean sent = advertised.get(e.getKey().prefix(), e.getKey().pathId()) != null;
            if (e.getValue() == WITHDRAWN) {
                if (sent) n--;
            } else if (!sent) {
                n++;
            }
        }
        return n;
    }

    /** The session went down: the peer has nothing from us any more (RFC 4271 8.2.2, session reset). */
    public void clear() {
        advertised.clear();
        pending.clear();
    }
}
