package dev.bgplab.speaker;

import dev.bgplab.wire.capability.Capability;
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
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one hand-driven BGP peer of the speaker's tests: a blocking socket from its own 127.0.0.x
 * address that sends whatever a test gives it (messages, or crafted bytes from {@link BgpBytes}:
 * lying lengths, truncation, floods), reads what the speaker answers with the real codec, goes
 * silent, resets TCP or opens a second connection. Used by one test thread.
 *
 * <p>How it handshakes: {@link #handshake} waits for the speaker's OPEN, answers OPEN and KEEPALIVE
 * and waits for the speaker's KEEPALIVE; {@link #openFirst} sends OPEN and KEEPALIVE at once and
 * reads nothing. Which capabilities it sends: {@link #open(long, String, int, AddressFamily...)}.
 */
public final class RawBgpPeer implements AutoCloseable {
    public final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code local} to the speaker; {@code receiveBuffer} above 0 shrinks SO_RCVBUF first. */
    public static RawBgpPeer connect(InetAddress local, InetSocketAddress speaker, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(speaker, 5_000);
        return new RawBgpPeer(s);
    }

    public static RawBgpPeer connect(InetAddress local, InetSocketAddress speaker) throws IOException {
        return connect(local, speaker, 0);
    }

    public static RawBgpPeer connect(String local, InetSocketAddress speaker) throws IOException {
        return connect(InetAddress.getByName(local), speaker, 0);
    }

    public static RawBgpPeer connect(String local, InetSocketAddress speaker, int receiveBuffer) throws IOException {
        return connect(InetAddress.getByName(local), speaker, receiveBuffer);
    }

    /** Waits for the speaker's connection on {@code server} (a speaker that connects out). */
    public static RawBgpPeer accept(ServerSocket server) throws IOException {
        server.setSoTimeout(15_000);
        return new RawBgpPeer(server.accept());
    }

    /**
     * An OPEN with the 4-octet AS capability (AS_TRANS in My AS above 65535) and one
     * Multiprotocol capability per family, IPv4 unicast when none is given.
     */
    public static OpenMessage open(long asn, String id, int hold, AddressFamily... families) throws IOException {
        return open(asn, id, hold, families.length == 0 ? List.of(AddressFamily.IPV4_UNICAST) : List.of(families));
    }

    /** The same with more capabilities after those (route refresh, graceful restart, ...). */
    public static OpenMessage open(long asn, String id, int hold, List<AddressFamily> families, Capability... more)
            throws IOException {
        List<Capability> caps = new ArrayList<>();
        for (AddressFamily f : families) caps.add(MultiprotocolCapability.of(f));
        caps.add(new FourOctetAsCapability(asn));
        caps.addAll(List.of(more));
        return new OpenMessage(4, asn > 0xFFFF ? 23456 : (int) asn, hold, (Inet4Address) InetAddress.getByName(id), caps);
    }

    /** Reads the speaker's OPEN, answers {@code ours} and KEEPALIVE, and waits for its KEEPALIVE: Established. */
    public OpenMessage handshake(OpenMessage ours) throws Exception {
        BgpMessage theirs = receive();
        if (!(theirs instanceof OpenMessage o)) throw new AssertionError("expected the speaker's OPEN, got " + theirs);
        send(ours);
        send(KeepaliveMessage.INSTANCE);
        BgpMessage ka = receive();
        if (!(ka instanceof KeepaliveMessage)) throw new AssertionError("expected the speaker's KEEPALIVE, got " + ka);
        return o;
    }

    /** Sends {@code ours} and KEEPALIVE without reading anything: what the speaker sends waits in the socket. */
    public void openFirst(OpenMessage ours) throws IOException {
        send(ours);
        send(KeepaliveMessage.INSTANCE);
    }

    public void send(BgpMessage m) throws IOException { send(BgpBytes.bytes(m)); }

    public void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** The next message, decoded as a 4-octet-AS session would; throws EOFException when closed. */
    public BgpMessage receive() throws Exception {
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

    /** Skips KEEPALIVEs until a message of another type arrives. */
    public BgpMessage receiveSkippingKeepalives() throws Exception {
        BgpMessage m;
        do { m = receive(); } while (m instanceof KeepaliveMessage);
        return m;
    }

    /** The next NOTIFICATION, skipping anything else; null when the speaker closed without one. */
    public NotificationMessage receiveNotification() throws Exception {
        try {
            while (true) {
                if (receive() instanceof NotificationMessage n) return n;
            }
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** True when the speaker closed the connection (EOF or reset) before sending anything more. */
    public boolean closedBySpeaker() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Closes with RST instead of FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override public void close() throws IOException { socket.close(); }
}
