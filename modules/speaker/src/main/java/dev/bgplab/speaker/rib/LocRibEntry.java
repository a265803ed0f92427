package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.List;

/**
 * A snapshot of one prefix in the Loc-RIB for queries and the management API: the best route,
 * the ECMP set (best first), the other eligible candidates in decision order, and the candidates
 * left out because their next hop does not resolve (RFC 4271 9.1.2). Immutable: built on the
 * speaker's event loop, safe to hand to the API's threads.
 */
public record LocRibEntry(Prefix prefix, Route best, List<Route> multipath, List<Route> others,
                          List<Route> unreachable) {

    public LocRibEntry {
        multipath = List.copyOf(multipath);
        others = List.copyOf(others);
        unreachable = List.copyOf(unreachable);
    }

    /** Every route held for the prefix: multipath, others, unreachable. */
    public List<Route> allRoutes() {
        return java.util.stream.Stream.of(multipath, others, unreachable).flatMap(List::stream).toList();
    }
}
