package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * One prefix in the Loc-RIB (FRR's bgp_dest): every candidate route, the selected best and the
 * ECMP set. Arrays sized exactly, no per-route maps: most prefixes have one to three candidates.
 * Owned by the {@link LocRib}'s thread.
 */
final class Destination {

    private static final Route[] NONE = new Route[0];

    final Prefix prefix;
    /** All routes for the prefix, one per (source peer, path id), eligible or not. */
    Route[] candidates = NONE;
    /** The selected route, null when no candidate is eligible. */
    Route best;
    /** The ECMP set best first, or null when it is the best alone (the common case, no array). */
    Route[] multipath;

    Destination(Prefix prefix) {
        this.prefix = prefix;
    }

    /** Candidates are the same slot when they come from the same peer (by name) with the same path id. */
    static boolean sameSlot(Route a, PeerInfo source, long pathId) {
        return a.pathId() == pathId && (a.source() == source || a.source().name().equals(source.name()));
    }

    int indexOf(PeerInfo source, long pathId) {
        for (int i = 0; i < candidates.length; i++) if (sameSlot(candidates[i], source, pathId)) return i;
        return -1;
    }

    /** Adds or replaces the candidate of the same slot; returns the replaced one or null. */
    Route put(Route r) {
        int i = indexOf(r.source(), r.pathId());
        if (i >= 0) {
            Route old = candidates[i];
            candidates[i] = r;
            return old;
        }
        candidates = Arrays.copyOf(candidates, candidates.length + 1);
        candidates[candidates.length - 1] = r;
        return null;
    }

    Route remove(PeerInfo source, long pathId) {
        int i = indexOf(source, pathId);
        if (i < 0) return null;
        Route old = candidates[i];
        Route[] next = new Route[candidates.length - 1];
        System.arraycopy(candidates, 0, next, 0, i);
        System.arraycopy(candidates, i + 1, next, i, candidates.length - i - 1);
        candidates = next.length == 0 ? NONE : next;
        return old;
    }

    List<Route> candidateList() { return List.of(candidates); }

    List<Route> multipathList() {
        if (best == null) return List.of();
        return multipath == null ? List.of(best) : List.of(multipath);
    }

    boolean isEmpty() { return candidates.length == 0; }
}
