package dev.bgplab.speaker.rib;

import java.net.InetAddress;

/**
 * Who a route came from, as the decision process and policy need it: the peer's address, ASN
 * and BGP identifier, and our own ASN on that session (which differs from the speaker's when
 * local-as is configured). {@link #LOCAL} stands for routes this speaker originates.
 */
public record PeerInfo(String name, InetAddress address, long peerAsn, InetAddress routerId, long localAsn,
                       boolean routeServerClient) {

    /** The pseudo-peer that owns locally originated routes (networks from config, default-originate). */
    public static PeerInfo local(long asn, InetAddress routerId) {
        return new PeerInfo("local", routerId, asn, routerId, asn, false);
    }

    public boolean isLocal() { return "local".equals(name); }

    /** iBGP when both ends are in the same AS (RFC 4271 1.1). */
    public boolean isIbgp() { return !isLocal() && peerAsn == localAsn; }

    public boolean isEbgp() { return !isLocal() && peerAsn != localAsn; }

    @Override public String toString() { return isLocal() ? "local" : name + " (" + address.getHostAddress() + " AS" + peerAsn + ")"; }
}
