package dev.bgplab.lab.bmp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * One BMP message (RFC 7854 4.1): its type, the per-peer header when the type has one (4.2), and
 * what follows it (for Route Monitoring, a whole BGP UPDATE PDU; for Peer Down, the reason).
 */
public record BmpMessage(int type, PeerHeader peer, byte[] body) {

    public static final int ROUTE_MONITORING = 0;
    public static final int STATISTICS = 1;
    public static final int PEER_DOWN = 2;
    public static final int PEER_UP = 3;
    public static final int INITIATION = 4;
    public static final int TERMINATION = 5;
    public static final int ROUTE_MIRRORING = 6;

    static final int VERSION = 3;
    static final int COMMON_HEADER = 6;
    static final int PER_PEER_HEADER = 42;
    /** A bound on one message, far above any UPDATE (65535 octets with RFC 8654) plus headers. */
    static final int MAX_LENGTH = 1 << 20;

    /**
     * RFC 7854 4.2: peer type (0 global, 3 Loc-RIB per RFC 9069), flags (V: IPv6 address, L:
     * post-policy, A: 2-octet AS_PATH), the peer's address and AS, and when the router stamped it.
     */
    public record PeerHeader(int peerType, int flags, InetAddress address, long as, Instant at) {
        public static final int LOC_RIB = 3;

        public boolean postPolicy() {
            return (flags & 0x40) != 0;
        }

        public boolean twoOctetAsPath() {
            return peerType != LOC_RIB && (flags & 0x20) != 0;
        }

        public boolean locRib() {
            return peerType == LOC_RIB;
        }

        /** Which table of the router the message is about, in words. */
        public String table() {
            return locRib() ? "loc-rib" : postPolicy() ? "adj-rib-in post-policy" : "adj-rib-in pre-policy";
        }
    }

    /** The next message from a BMP stream, or null when the stream ended cleanly between messages. */
    public static BmpMessage read(DataInputStream in) throws IOException {
        int version;
        try {
            version = in.readUnsignedByte();
        } catch (EOFException e) {
            return null;
        }
        if (version != VERSION) {
            throw new IOException("BMP version " + version + ", expected " + VERSION + " (RFC 7854 4.1)");
        }
        long length = in.readInt() & 0xffffffffL;
        int type = in.readUnsignedByte();
        if (length < COMMON_HEADER || length > MAX_LENGTH) {
            throw new IOException("BMP message length " + length + " out of range");
        }
        byte[] rest = in.readNBytes((int) length - COMMON_HEADER);
        if (rest.length != length - COMMON_HEADER) {
            throw new EOFException("BMP message cut short: " + rest.length + " of " + (length - COMMON_HEADER) + " octets");
        }
        return parse(type, rest);
    }

    /** A message from its type and the octets after the common header. */
    static BmpMessage parse(int type, byte[] rest) throws IOException {
        boolean perPeer = type == ROUTE_MONITORING || type == STATISTICS || type == PEER_DOWN || type == PEER_UP
                || type == ROUTE_MIRRORING;
        if (!perPeer) {
            return new BmpMessage(type, null, rest);
        }
        if (rest.length < PER_PEER_HEADER) {
            throw new IOException("BMP message of type " + type + " shorter than its per-peer header");
        }
        ByteBuffer b = ByteBuffer.wrap(rest);
        int peerType = b.get() & 0xff;
        int flags = b.get() & 0xff;
        b.position(b.position() + 8); // peer distinguisher
        byte[] address = new byte[16];
        b.get(address);
        long as = b.getInt() & 0xffffffffL;
        b.getInt(); // peer BGP identifier
        long seconds = b.getInt() & 0xffffffffL;
        long micros = b.getInt() & 0xffffffffL;
        InetAddress peer;
        try {
            peer = (flags & 0x80) != 0 && peerType != PeerHeader.LOC_RIB ? InetAddress.getByAddress(address)
                    : InetAddress.getByAddress(Arrays.copyOfRange(address, 12, 16));
        } catch (UnknownHostException e) {
            throw new IOException(e);
        }
        Instant at = seconds == 0 ? null : Instant.ofEpochSecond(seconds, Math.min(micros, 999_999) * 1000);
        return new BmpMessage(type, new PeerHeader(peerType, flags, peer, as, at), Arrays.copyOfRange(rest, PER_PEER_HEADER, rest.length));
    }
}
