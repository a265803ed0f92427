package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bench's ceiling: a "route server" without a RIB that forwards every message a feeder sends,
 * byte for byte, to every receiver. What it achieves is the most the feeders, receivers and
 * loopback TCP allow; a DUT can never look faster than this. Runs as its own process
 * ({@code bench relay}) so its RSS and CPU are measured like any DUT's. Cannot do failover.
 */
public final class Relay {
    private final List<BenchPeer> receivers = new CopyOnWriteArrayList<>();

    public static void main(InetAddress address, int port, long asn, Set<InetAddress> feeders) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(address, port), 128);
            System.out.println("relay listening on " + address.getHostAddress() + ":" + port);
            new Relay().serve(server, asn, address, feeders);
        }
    }

    /** Receivers whose session is up. */
    int receivers() {
        return receivers.size();
    }

    /** Accepts sessions on {@code server} until it is closed. */
    void serve(ServerSocketChannel server, long asn, InetAddress address, Set<InetAddress> feeders) throws IOException {
        while (server.isOpen()) {
            SocketChannel ch = server.accept();
            InetAddress remote = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            Thread t = new Thread(() -> session(ch, remote, asn, address, feeders.contains(remote)),
                    "relay-" + remote.getHostAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void session(SocketChannel ch, InetAddress remote, long asn, InetAddress routerId, boolean feeder) {
        try {
            BenchPeer peer = BenchPeer.accepted(remote.getHostAddress(), ch, asn, routerId);
            if (feeder) {
                peer.startReading(this::forward);
            } else {
                receivers.add(peer);
                peer.startReading((a, from, to) -> { });
            }
        } catch (IOException e) {
            System.err.println("relay: session with " + remote.getHostAddress() + ": " + e.getMessage());
        }
    }

    private void forward(byte[] a, int from, int to) {
        ByteBuffer batch = ByteBuffer.wrap(a, from, to - from);
        for (BenchPeer r : receivers) {
            try {
                r.write(batch.duplicate());
            } catch (IOException e) {
                receivers.remove(r);
            }
        }
    }
}
