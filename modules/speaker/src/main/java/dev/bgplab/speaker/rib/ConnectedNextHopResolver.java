package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.nlri.Prefix;
import java.util.List;

/**
 * Next hops are reachable when they lie in one of the speaker's connected subnets; the way FRR
 * treats a single-hop eBGP next hop without an IGP. An IPv6 next hop with a link-local address
 * counts as reachable (RFC 2545 3: the link-local one is on the shared link by definition).
 * Immutable, so any thread may build it; the RIB calls it on its own thread.
 */
public final class ConnectedNextHopResolver implements NextHopResolver {

    private final List<Prefix> connected;

    public ConnectedNextHopResolver(List<Prefix> connectedSubnets) {
        this.connected = List.copyOf(connectedSubnets);
    }

    @Override
    public boolean reachable(NextHop nextHop) {
        if (nextHop == null) return false;
        if (nextHop.linkLocal() != null) return true;
        for (Prefix p : connected) if (p.contains(nextHop.address())) return true;
        return false;
    }

    public List<Prefix> connectedSubnets() { return connected; }
}
