package dev.bgplab.bench.routeserver;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * One BGP session of the bench (a feeder, a receiver, or a relay's side of one): a blocking NIO
 * socket, a hand-made OPEN/KEEPALIVE handshake, and one reader thread that hands each read's
 * complete messages to a {@link MessageSink}. Writes come from the feeder's thread and the keepalive
 * timer; a blocking channel writes a whole buffer under its write lock, so messages never interleave.
 */
final class BenchPeer implements AutoCloseable {
    /** Receives the complete messages of one read, {@code a[from..to)}; called on the reader thread. */
    interface MessageSink {
        void accept(byte[] a, int from, int to);
    }

    private static final int BUFFER = 1 << 20;

    final String name;
    private final SocketChannel channel;
    private final byte[] buf = new byte[BUFFER];
    private int filled;
    private volatile boolean closed;
    private volatile String error;
    volatile long firstWriteNanos;

    private BenchPeer(String name, SocketChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    /**
     * Connects from {@code local} to the route server, retrying refused connects until the deadline
     * or until {@code dut} (when given) has exited.
     */
    static BenchPeer connect(String name, InetAddress local, InetSocketAddress server, long asn, Duration timeout,
            Dut.Running dut) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                ch.bind(new InetSocketAddress(local, 0));
                ch.connect(server);
                BenchPeer peer = new BenchPeer(name, ch);
                peer.handshake(asn, local);
                return peer;
            } catch (IOException e) {
                ch.close();
                if (dut != null && !dut.alive()) {
                    throw new IOException(name + ": the DUT " + dut.exit() + "; its log: " + dut.log(), e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + ": no BGP session with " + server + " within " + timeout + ": " + e, e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The server side: a session on an accepted socket. */
    static BenchPeer accepted(String name, SocketChannel ch, long asn, InetAddress routerId) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        BenchPeer peer = new BenchPeer(name, ch);
        peer.handshake(asn, routerId);
        return peer;
    }

    /** RFC 4271 8.2.2 in short: send OPEN, take the peer's OPEN, KEEPALIVE both ways. */
    private void handshake(long asn, InetAddress routerId) throws IOException {
        write(BgpMessages.open(asn, ByteBuffer.wrap(routerId.getAddress()).getInt()));
        boolean openSeen = false;
        while (true) {
            int len = nextMessage();
            int type = buf[18] & 0xff;
            if (type == BgpMessages.NOTIFICATION) {
                throw new IOException(name + ": NOTIFICATION " + (buf[19] & 0xff) + "/" + (buf[20] & 0xff) + " in the handshake");
            }
            consume(len);
            if (type == BgpMessages.OPEN && !openSeen) {
                openSeen = true;
                write(BgpMessages.keepalive());
            } else if (type == BgpMessages.KEEPALIVE && openSeen) {
                return;
            } else {
                throw new IOException(name + ": unexpected message type " + type + " in the handshake");
            }
        }
    }

    private int nextMessage() throws IOException {
        while (filled < 19 || filled < RouteCounter.u16(buf, 16)) {
            int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled));
            if (n < 0) {
                throw new EOFException(name + ": connection closed by the route server");
            }
            filled += n;
        }
        return RouteCounter.u16(buf, 16);
    }

    private void consume(int len) {
        System.arraycopy(buf, len, buf, 0, filled - len);
        filled -= len;
    }

    /** Starts the reader thread; every complete message after the handshake goes to {@code sink}. */
    BenchPeer startReading(MessageSink sink) {
        Thread t = new Thread(() -> readLoop(sink), "bench-" + name);
        t.setDaemon(true);
        t.start();
        return this;
    }

    private void readLoop(MessageSink sink) {
        try {
            while (!closed) {
                int complete = 0;
                while (filled - complete >= 19) {
                    int len = RouteCounter.u16(buf, complete + 16);
                    if (len < 19 || len > 65535) {
                        throw new IOException("bad message length " + len);
                    }
                    if (filled - complete < len) {
                        break;
                    }
                    if ((buf[complete + 18] & 0xff) == BgpMessages.NOTIFICATION) {
                        error = "NOTIFICATION " + (buf[complete + 19] & 0xff) + "/" + (buf[complete + 20] & 0xff);
                    }
                    complete += len;
                }
                if (complete > 0) {
                    sink.accept(buf, 0, complete);
                    consume(complete);
                }
                int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled));
                if (n < 0) {
                    if (error == null) {
                        error = "closed by the route server";
                    }
                    closed = true;
                    return;
                }
                filled += n;
            }
        } catch (IOException e) {
            if (!closed) {
                error = e.toString();
                closed = true;
            }
        }
    }

    /** Writes pre-encoded message-aligned chunks, noting the time of the first. */
    void send(List<ByteBuffer> chunks) throws IOException {
        firstWriteNanos = System.nanoTime();
        for (ByteBuffer c : chunks) {
            write(c.duplicate());
        }
    }

    void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    void keepalive() {
        if (!closed) {
            try {
                write(BgpMessages.keepalive());
            } catch (IOException e) {
                error = "keepalive: " + e;
            }
        }
    }

    /** Why the session ended, or null while it is up. */
    String error() {
        return error;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
