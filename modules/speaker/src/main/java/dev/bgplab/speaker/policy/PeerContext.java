package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.wire.nlri.Prefix;

import java.net.InetAddress;

/**
 * One session as policy sees it: the peer, this router's own ASN ({@code router bgp ASN}; the
 * session's ASN differs only with local-as), our address on the session (next-hop-self), the
 * subnet shared with the peer (third-party next hop; null for multihop) and the policy in force.
 */
public record PeerContext(PeerInfo peer, long routerAsn, InetAddress localAddress, Prefix sharedSubnet, PolicyConfig config,
                          NeighborPolicy neighbor) {

    /** Looks the neighbor's options up once, not per route. */
    public PeerContext(PeerInfo peer, long routerAsn, InetAddress localAddress, Prefix sharedSubnet, PolicyConfig config) {
        this(peer, routerAsn, localAddress, sharedSubnet, config, config.neighbor(peer));
    }

    /** Our ASN as the peer sees it: local-as when configured, else the router's. */
    public long localAsn() {
        Long la = neighbor().localAs();
        return la != null ? la : routerAsn;
    }

    public boolean routeServerClient() { return peer.routeServerClient() || neighbor().routeServerClient(); }
}
