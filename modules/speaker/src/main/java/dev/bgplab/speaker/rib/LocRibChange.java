package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.List;

/**
 * A change of the selected routes for one prefix in the Loc-RIB: what Adj-RIB-Out processing
 * (RFC 4271 9.2) and observers react to. Multipath lists start with the best route and are empty
 * when there is none; a null {@code newBest} means the prefix is no longer reachable.
 * Immutable: made on the speaker's event loop, safe to hand to other threads (API, metrics).
 */
public record LocRibChange(Prefix prefix, Route oldBest, List<Route> oldMultipath, Route newBest,
                           List<Route> newMultipath) {

    public LocRibChange {
        oldMultipath = List.copyOf(oldMultipath);
        newMultipath = List.copyOf(newMultipath);
    }

    /** True when a best route exists now and did not before. */
    public boolean isNew() { return oldBest == null && newBest != null; }

    /** True when the prefix lost its last eligible route. */
    public boolean isWithdrawal() { return newBest == null; }

    /** True when the best route itself changed (not only the rest of the ECMP set). */
    public boolean bestChanged() { return oldBest == null ? newBest != null : !oldBest.equals(newBest); }
}
