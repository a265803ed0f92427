package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * One prefix in the Loc-RIB (FRR's bgp_dest): every candidate route, the selected best and the
 * ECMP set. No per-route maps: most prefixes have one candidate, held directly (an array of one
 * would cost 24 bytes more per prefix, a fifth of a full table's memory with one feeder); two or
 * more sit in an array sized exactly. Owned by the {@link LocRib}'s thread.
 */
final class Destination {

    final Prefix prefix;
    /** All routes for the prefix, one per (source peer, path id), eligible or not: null, one Route, or a Route[] of two or more. */
    private Object candidates;
    /** The selected route, null when no candidate is eligible. */
    Route best;
    /** The ECMP set best first, or null when it is the best alone (the common case, no array). */
    Route[] multipath;

    Destination(Prefix prefix) {
        this.prefix = prefix;
    }

    /** Candidates are the same slot when they come from the same peer (by name) with the same path id. */
    static boolean sameSlot(Route a, PeerInfo source, long pathId) {
        return a.pathId() == pathId && sameSource(a, source);
    }

    int count() {
        Object c = candidates;
        return c == null ? 0 : c instanceof Route ? 1 : ((Route[]) c).length;
    }

    /** The single candidate when {@link #count()} is 1. */
    Route only() { return (Route) candidates; }

    /** The candidates when there are two or more (the array itself, not a copy). */
    Route[] several() { return (Route[]) candidates; }

    /** Adds or replaces the candidate of the same slot; returns the replaced one or null. */
    Route put(Route r) {
        Object c = candidates;
        if (c == null) {
            candidates = r;
            return null;
        }
        if (c instanceof Route one) {
            if (sameSlot(one, r.source(), r.pathId())) {
                candidates = r;
                return one;
            }
            candidates = new Route[] {one, r};
            return null;
        }
        Route[] a = (Route[]) c;
        for (int i = 0; i < a.length; i++) {
            if (sameSlot(a[i], r.source(), r.pathId())) {
                Route old = a[i];
                a[i] = r;
                return old;
            }
        }
        Route[] grown = Arrays.copyOf(a, a.length + 1);
        grown[a.length] = r;
        candidates = grown;
        return null;
    }

    Route remove(PeerInfo source, long pathId) {
        Object c = candidates;
        if (c == null) return null;
        if (c instanceof Route one) {
            if (!sameSlot(one, source, pathId)) return null;
            candidates = null;
            return one;
        }
        Route[] a = (Route[]) c;
        for (int i = 0; i < a.length; i++) {
            if (!sameSlot(a[i], source, pathId)) continue;
            Route old = a[i];
            if (a.length == 2) {
                candidates = a[1 - i];
            } else {
                Route[] next = new Route[a.length - 1];
                System.arraycopy(a, 0, next, 0, i);
                System.arraycopy(a, i + 1, next, i, a.length - i - 1);
                candidates = next;
            }
            return old;
        }
        return null;
    }

    /** Adds this prefix's candidates from {@code source} (by name; several with ADD-PATH) to {@code out}. */
    void collectFrom(PeerInfo source, List<Route> out) {
        Object c = candidates;
        if (c == null) return;
        if (c instanceof Route one) {
            if (sameSource(one, source)) out.add(one);
            return;
        }
        for (Route r : (Route[]) c) if (sameSource(r, source)) out.add(r);
    }

    /** Peers are told apart by name: a reconnected peer's PeerInfo is another instance. */
    static boolean sameSource(Route r, PeerInfo source) {
        return r.source() == source || r.source().name().equals(source.name());
    }

    List<Route> candidateList() {
        Object c = candidates;
        return c == null ? List.of() : c instanceof Route one ? List.of(one) : List.of((Route[]) c);
    }

    List<Route> multipathList() {
        if (best == null) return List.of();
        return multipath == null ? List.of(best) : List.of(multipath);
    }

    boolean isEmpty() { return candidates == null; }
}
