package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.Prefix;

/**
 * One path to a prefix as held in a RIB: the prefix, the ADD-PATH identifier it came with (0
 * without ADD-PATH), its attributes (interned, next hop included as NEXT_HOP for every family, no
 * MP_REACH/MP_UNREACH), who sent it, and the local-only weight (FRR's "weight", never on the wire).
 * {@code stale} marks a route kept during a peer's graceful restart (RFC 4724 4.2).
 */
public record Route(Prefix prefix, long pathId, PathAttributes attributes, PeerInfo source, int weight, boolean stale) {

    /** This route when nothing changes (policy that leaves a route alone allocates nothing). */
    public Route withAttributes(PathAttributes a) { return a == attributes ? this : new Route(prefix, pathId, a, source, weight, stale); }
    public Route withWeight(int w) { return w == weight ? this : new Route(prefix, pathId, attributes, source, w, stale); }
    public Route withStale(boolean s) { return new Route(prefix, pathId, attributes, source, weight, s); }
}
