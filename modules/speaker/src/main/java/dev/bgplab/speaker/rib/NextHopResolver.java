package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.NextHop;

/**
 * Answers RFC 4271 9.1.2 (route resolvability): whether a route's next hop can be reached, and
 * at what interior cost. A route whose next hop is unreachable stays in the RIB but is not a
 * candidate for best path. Called on the RIB's thread; implementations must be cheap (they run
 * once per candidate per decision).
 */
public interface NextHopResolver {

    /** Everything is reachable at cost 0: for labs where every next hop is on a shared segment. */
    NextHopResolver ALL_REACHABLE = nextHop -> true;

    boolean reachable(NextHop nextHop);

    /** Interior cost to the next hop for RFC 4271 9.1.2.2 (e); 0 when unknown, which makes that step a tie. */
    default long igpMetric(NextHop nextHop) { return 0; }
}
