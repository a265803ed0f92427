package dev.bgplab.speaker;

import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * A hand-driven BGP peer on a blocking socket from its own 127.0.0.x address: sends whatever
 * bytes a test crafts (lying lengths, truncation, floods) and reads what the speaker answers.
 * Used by one test thread.
 */
final class HostilePeer implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private HostilePeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code local} to the speaker; {@code receiveBuffer} above 0 shrinks SO_RCVBUF first. */
    static HostilePeer connect(String local, InetSocketAddress speaker, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        s.connect(speaker, 5_000);
        return new HostilePeer(s);
    }

    static HostilePeer connect(String local, InetSocketAddress speaker) throws IOException { return connect(local, speaker, 0); }

    /** An OPEN for IPv4 and IPv6 unicast with 4-octet AS. */
    static OpenMessage open(long asn, String id, int hold) throws IOException {
        return new OpenMessage(4, asn > 0xFFFF ? 23456 : (int) asn, hold, (Inet4Address) InetAddress.getByName(id),
                List.of(MultiprotocolCapability.of(AddressFamily.IPV4_UNICAST), MultiprotocolCapability.of(AddressFamily.IPV6_UNICAST),
                        new FourOctetAsCapability(asn)));
    }

    static byte[] bytes(BgpMessage m) { return BgpCodec.encode(m, CodecContext.DEFAULT); }

    /** Reads the speaker's OPEN, answers OPEN + KEEPALIVE and waits for its KEEPALIVE: Established. */
    void establish(long asn, String id, int hold) throws Exception {
        BgpMessage theirs = receive();
        if (!(theirs instanceof OpenMessage)) throw new AssertionError("expected the speaker's OPEN, got " + theirs);
        send(bytes(open(asn, id, hold)));
        send(bytes(KeepaliveMessage.INSTANCE));
        BgpMessage m;
        do { m = receive(); } while (!(m instanceof KeepaliveMessage));
    }

    void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** The next message, decoded as a 4-octet-AS session would; throws EOFException when closed. */
    BgpMessage receive() throws Exception {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, 19);
        in.readFully(whole, 19, length - 19);
        try {
            return BgpCodec.decode(whole, CodecContext.FOUR_OCTET);
        } catch (BgpProtocolException e) {
            throw new AssertionError("the speaker sent a malformed message: " + e.getMessage(), e);
        }
    }

    /** The next NOTIFICATION, skipping UPDATEs and KEEPALIVEs; null when the speaker closed without one. */
    NotificationMessage notification() throws Exception {
        try {
            while (true) {
                if (receive() instanceof NotificationMessage n) return n;
            }
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** True when the speaker closed the connection (EOF or reset) before sending anything. */
    boolean closedBySpeaker() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override public void close() throws IOException { socket.close(); }

    // ------------------------------------------------------------------ crafted bytes

    static byte[] message(int type, byte[] body) { return message(type, body, 19 + body.length); }

    /** A header whose length field says {@code length}, whatever the body really holds. */
    static byte[] message(int type, byte[] body, int length) {
        byte[] m = new byte[19 + body.length];
        for (int i = 0; i < 16; i++) m[i] = (byte) 0xFF;
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    static byte[] update(byte[] withdrawn, byte[] attrs, byte[] nlri) {
        return message(2, cat(b(withdrawn.length >>> 8, withdrawn.length), withdrawn, b(attrs.length >>> 8, attrs.length), attrs, nlri));
    }

    static byte[] attr(int flags, int type, byte[] value) {
        if ((flags & 0x10) != 0) return cat(b(flags, type, value.length >>> 8, value.length), value);
        return cat(b(flags, type, value.length), value);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] b(int... v) {
        byte[] o = new byte[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (byte) v[i];
        return o;
    }

    static final byte[] ORIGIN_IGP = attr(0x40, 1, b(0));

    /** AS_PATH of one AS_SEQUENCE holding {@code asn}, 4-octet. */
    static byte[] asPath(long asn) {
        return attr(0x40, 2, b(2, 1, (int) (asn >>> 24), (int) (asn >>> 16), (int) (asn >>> 8), (int) asn));
    }

    static byte[] nextHop(int a, int b, int c, int d) { return attr(0x40, 3, b(a, b, c, d)); }

    static byte[] med(long v) { return attr(0x80, 4, b((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v)); }

    /** The usual attributes of a route from {@code asn} via 127.0.0.x. */
    static byte[] attrs(long asn, int hostOctet) { return cat(ORIGIN_IGP, asPath(asn), nextHop(127, 0, 0, hostOctet)); }

    /** A /24 NLRI: 10.a.b.0/24. */
    static byte[] slash24(int a, int b) { return b(24, 10, a, b); }
}
