package dev.bgplab.speaker.session;

import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
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
import java.util.List;

/**
 * A scripted BGP peer on a plain blocking socket, for tests that need a peer which misbehaves:
 * goes silent, resets TCP, sends garbage, or opens a second connection.
 */
final class RawBgpPeer implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawBgpPeer connect(InetAddress local, InetSocketAddress remote) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(local, 0));
        s.connect(remote, 5_000);
        return new RawBgpPeer(s);
    }

    static RawBgpPeer accept(ServerSocket server) throws IOException {
        server.setSoTimeout(10_000);
        return new RawBgpPeer(server.accept());
    }

    static OpenMessage open(long asn, String id, int hold) throws IOException {
        return new OpenMessage(4, asn > 0xFFFF ? SessionSettings.AS_TRANS : (int) asn, hold, (Inet4Address) InetAddress.getByName(id),
                List.of(MultiprotocolCapability.of(AddressFamily.IPV4_UNICAST), new FourOctetAsCapability(asn)));
    }

    void send(BgpMessage m) throws IOException { sendRaw(TestCodec.bytes(m)); }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message; throws EOFException when the speaker closed the connection. */
    BgpMessage receive() throws Exception {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        byte[] whole = new byte[length];
        System.arraycopy(header, 0, whole, 0, 19);
        in.readFully(whole, 19, length - 19);
        return TestCodec.parse(whole);
    }

    /** Skips KEEPALIVEs until a message of another type arrives. */
    BgpMessage receiveSkippingKeepalives() throws Exception {
        BgpMessage m;
        do { m = receive(); } while (m instanceof KeepaliveMessage);
        return m;
    }

    /** Reads until the next NOTIFICATION, skipping anything else. */
    NotificationMessage receiveNotification() throws Exception {
        while (true) {
            if (receive() instanceof NotificationMessage n) return n;
        }
    }

    /** True when the speaker closed the connection (EOF or reset) before sending anything more. */
    boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    /** Reads our OPEN, answers with OPEN and KEEPALIVE, and waits for the speaker's KEEPALIVE. */
    OpenMessage handshake(OpenMessage ours) throws Exception {
        BgpMessage theirs = receive();
        if (!(theirs instanceof OpenMessage o)) throw new AssertionError("expected OPEN, got " + theirs);
        send(ours);
        send(KeepaliveMessage.INSTANCE);
        BgpMessage ka = receive();
        if (!(ka instanceof KeepaliveMessage)) throw new AssertionError("expected KEEPALIVE, got " + ka);
        return o;
    }

    /** Closes with RST instead of FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override public void close() throws IOException { socket.close(); }
}
