package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.wire.nlri.Prefix;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * One session as policy sees it: the peer, this router's own ASN ({@code router bgp ASN}; the
 * session's ASN differs only with local-as), our address on the session (next-hop-self), the
 * subnet shared with the peer (third-party next hop; null for multihop), our router id (the IPv4
 * next hop of last resort) and the policy in force.
 */
public record PeerContext(PeerInfo peer, long routerAsn, InetAddress localAddress, Prefix sharedSubnet, InetAddress routerId,
                          PolicyConfig config, NeighborPolicy neighbor) {

    /** Looks the neighbor's options up once, not per route. */
    public PeerContext(PeerInfo peer, long routerAsn, InetAddress localAddress, Prefix sharedSubnet, PolicyConfig config) {
        this(peer, routerAsn, localAddress, sharedSubnet, null, config, config.neighbor(peer));
    }

    /**
     * The context of a running session: the shared subnet is the subnet of the interface holding
     * our session address when the peer lies inside it and the session is single-hop (RFC 4271
     * 5.1.3: a third-party next hop only for a peer on the same subnet).
     */
    public static PeerContext of(PeerInfo peer, long routerAsn, InetAddress routerId, InetAddress localAddress, int ebgpMultihop,
                                 PolicyConfig config) {
        Prefix shared = ebgpMultihop > 1 ? null : sharedSubnet(localAddress, peer.address());
        return new PeerContext(peer, routerAsn, localAddress, shared, routerId, config, config.neighbor(peer));
    }

    /** The on-link subnet holding both addresses, or null (multihop, or the interface is not found). */
    public static Prefix sharedSubnet(InetAddress local, InetAddress remote) {
        if (local == null || remote == null || local.getClass() != remote.getClass()) return null;
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(local);
            if (nic == null) return null;
            for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                if (!local.equals(ia.getAddress()) || ia.getNetworkPrefixLength() <= 0) continue;
                Prefix subnet = Prefix.of(local, ia.getNetworkPrefixLength());
                return subnet.contains(remote) ? subnet : null;
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }

    /** Our ASN as the peer sees it: local-as when configured, else the router's. */
    public long localAsn() {
        Long la = neighbor().localAs();
        return la != null ? la : routerAsn;
    }

    public boolean routeServerClient() { return peer.routeServerClient() || neighbor().routeServerClient(); }
}
