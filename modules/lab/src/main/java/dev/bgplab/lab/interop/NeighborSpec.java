package dev.bgplab.lab.interop;

/**
 * What every loopback runner's neighbor has: the peer's address (127/8 only), port, ASN, whether
 * to wait for it to connect, hold time and the two unicast families. Each runner's own subclass
 * ({@link BirdPeer.BirdNeighbor}, {@link GobgpPeer.GobgpNeighbor}) adds the knobs its daemon
 * offers and writes them in its own syntax.
 */
@SuppressWarnings("unchecked")
public abstract class NeighborSpec<N extends NeighborSpec<N>> {
    String address;
    int port = 179;
    long asn;
    boolean passive;
    int holdTime = 90;
    boolean ipv4 = true;
    boolean ipv6 = true;

    public N address(String value) {
        this.address = Loopback.requireLoopback(value);
        return (N) this;
    }

    /** Where the daemon connects to. */
    public N port(int value) {
        this.port = value;
        return (N) this;
    }

    public N asn(long value) {
        this.asn = value;
        return (N) this;
    }

    /** Wait for the peer to connect. */
    public N passive(boolean value) {
        this.passive = value;
        return (N) this;
    }

    public N holdTime(int seconds) {
        this.holdTime = seconds;
        return (N) this;
    }

    N families(boolean withIpv4, boolean withIpv6) {
        this.ipv4 = withIpv4;
        this.ipv6 = withIpv6;
        return (N) this;
    }
}
