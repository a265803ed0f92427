package dev.bgplab.lab.bmp;

import dev.bgplab.lab.runtime.RouteEvent;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BMP collector (RFC 7854) for a lab: routers connect to it (the lab's FRR nodes, from their
 * {@code bmp targets}), and each Route Monitoring, Peer Up and Peer Down becomes a {@link
 * RouteEvent} of the node that sent it, stamped when it reached the collector (FRR sends a change
 * as it makes it; the per-peer header's timestamp of FRR 8.4 is not the time of the change). The UPDATE inside a Route
 * Monitoring message is decoded by the wire module. A route event's state is the node's table
 * after it: its Loc-RIB when the router sends Loc-RIB monitoring (RFC 9069), else the union of the
 * next hops its peers' post-policy Adj-RIBs-In hold (what the router can choose from), else
 * pre-policy. One accept thread, one thread per router connection; events are read from any thread.
 */
public final class BmpCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BmpCollector.class);

    private final ServerSocket server;
    private final Function<InetAddress, String> nodeOf;
    private final Map<String, List<RouteEvent>> events = new ConcurrentHashMap<>();
    /** Per node: table ("loc-rib", "adj-rib-in post-policy"...) -> prefix -> peer -> next hop. */
    private final Map<String, Map<String, Map<String, Map<String, String>>>> tables = new ConcurrentHashMap<>();
    private final List<Socket> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final java.util.Set<String> connected = ConcurrentHashMap.newKeySet();

    /** Whether {@code node} has opened a BMP session to this collector. */
    public boolean connected(String node) {
        return connected.contains(node);
    }

    private BmpCollector(ServerSocket server, Function<InetAddress, String> nodeOf) {
        this.server = server;
        this.nodeOf = nodeOf;
    }

    /** Listens on {@code address} (a free port); {@code nodeOf} names the node a router connects from (null: refused). */
    public static BmpCollector start(InetAddress address, Function<InetAddress, String> nodeOf) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(address, 0));
        BmpCollector c = new BmpCollector(s, nodeOf);
        Thread.ofPlatform().daemon().name("bmp-collector").start(c::accept);
        return c;
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    /** Everything {@code node} reported so far, oldest first. */
    public List<RouteEvent> events(String node) {
        List<RouteEvent> l = events.get(node);
        if (l == null) {
            return List.of();
        }
        synchronized (l) {
            return List.copyOf(l);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                String node = nodeOf.apply(s.getInetAddress());
                if (node == null) {
                    log.info("BMP connection from {} refused: no node of the lab has that address", s.getInetAddress());
                    s.close();
                    continue;
                }
                // a new BMP session (the router restarted) sends its tables afresh (RFC 7854 3.3)
                tables.remove(node);
                connected.add(node);
                connections.add(s);
                Thread.ofPlatform().daemon().name("bmp-" + node).start(() -> read(node, s));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("BMP collector: {}", e.getMessage());
                }
            }
        }
    }

    private void read(String node, Socket s) {
        try (s; DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()))) {
            BmpMessage m;
            while ((m = BmpMessage.read(in)) != null) {
                accept(node, m, Instant.now());
            }
        } catch (IOException e) {
            if (!closed) {
                log.info("BMP stream of {} ended: {}", node, e.getMessage());
            }
        } finally {
            connections.remove(s);
        }
    }

    /** Turns one message into events of {@code node} ({@code received}: when it arrived, used when the router gave no time). */
    void accept(String node, BmpMessage m, Instant received) {
        BmpMessage.PeerHeader h = m.peer();
        // stamped when it arrived here: FRR 8.4's per-peer timestamp is not the time of the change (a withdrawal came
        // stamped 600 ms before the peer sent it), while FRR sends each change at once over the management network
        Instant at = received;
        String peer = h == null ? null : h.address().getHostAddress();
        switch (m.type()) {
            case BmpMessage.PEER_UP -> add(node, new RouteEvent(at, node, "session", null, List.of(), peer,
                    "BMP: peer " + peer + " (AS " + h.as() + ") Established", null));
            case BmpMessage.PEER_DOWN -> {
                add(node, new RouteEvent(at, node, "session", null, List.of(), peer, "BMP: peer " + peer + " down ("
                        + peerDownReason(m.body()) + ")", null));
                // RFC 7854 4.9: the peer's routes are gone from its Adj-RIBs-In
                for (var table : tables.getOrDefault(node, Map.of()).entrySet()) {
                    if (table.getKey().equals("loc-rib")) {
                        continue;
                    }
                    for (var prefix : table.getValue().entrySet()) {
                        if (prefix.getValue().remove(peer) != null) {
                            add(node, event(node, at, table.getKey(), prefix.getKey(), prefix.getValue(), "peer " + peer + " down"));
                        }
                    }
                }
            }
            case BmpMessage.ROUTE_MONITORING -> routeMonitoring(node, h, at, m.body());
            default -> { }
        }
    }

    private void routeMonitoring(String node, BmpMessage.PeerHeader h, Instant at, byte[] pdu) {
        BgpMessage msg;
        try {
            msg = BgpCodec.decode(pdu, h.twoOctetAsPath() ? CodecContext.DEFAULT : CodecContext.FOUR_OCTET);
        } catch (BgpProtocolException | RuntimeException e) {
            log.info("BMP Route Monitoring from {} with an UPDATE that does not decode: {}", node, e.getMessage());
            return;
        }
        if (!(msg instanceof UpdateMessage u)) {
            return;
        }
        String table = h.table();
        String peer = h.locRib() ? "loc-rib" : h.address().getHostAddress();
        Map<String, Map<String, String>> t = tables.computeIfAbsent(node, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(table, k -> new ConcurrentHashMap<>());
        for (AddressFamily f : AddressFamily.values()) {
            for (NlriEntry w : u.withdrawn(f)) {
                Map<String, String> paths = t.computeIfAbsent(w.prefix().toString(), k -> new ConcurrentHashMap<>());
                paths.remove(peer);
                add(node, event(node, at, table, w.prefix().toString(), paths, "withdrawn by " + peer));
            }
            List<NlriEntry> announced = u.announced(f);
            if (announced.isEmpty()) {
                continue;
            }
            NextHop nh = f == AddressFamily.IPV4_UNICAST && u.attributes().nextHop() != null ? u.attributes().nextHop()
                    : u.attributes().mpReach() != null ? u.attributes().mpReach().nextHop() : null;
            String hop = nh == null ? "?" : nh.address().getHostAddress();
            String asPath = u.attributes().asPath() == null ? "" : u.attributes().asPath().toString();
            for (NlriEntry a : announced) {
                Map<String, String> paths = t.computeIfAbsent(a.prefix().toString(), k -> new ConcurrentHashMap<>());
                paths.put(peer, hop);
                RouteEvent e = event(node, at, table, a.prefix().toString(), paths, "announced by " + peer + " via " + hop);
                add(node, new RouteEvent(e.at(), e.node(), e.source(), e.prefix(), e.nextHops(), e.peer(), e.detail(), asPath));
            }
        }
    }

    private static RouteEvent event(String node, Instant at, String table, String prefix, Map<String, String> paths, String what) {
        List<String> hops = new ArrayList<>(new TreeSet<>(paths.values()));
        return new RouteEvent(at, node, "bmp " + table, prefix, hops, null, "BMP " + table + ": " + prefix + " " + what, null);
    }

    private void add(String node, RouteEvent e) {
        List<RouteEvent> l = events.computeIfAbsent(node, k -> new ArrayList<>());
        synchronized (l) {
            l.add(e);
        }
    }

    /** RFC 7854 4.9 reason codes. */
    static String peerDownReason(byte[] body) {
        int r = body.length == 0 ? -1 : body[0] & 0xff;
        return switch (r) {
            case 1 -> "local system closed the session with a NOTIFICATION";
            case 2 -> "local system closed the session without a NOTIFICATION";
            case 3 -> "remote system closed the session with a NOTIFICATION";
            case 4 -> "remote system closed the session without a NOTIFICATION";
            case 5 -> "peer de-configured";
            default -> "reason " + r;
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** For tests and reports: the node's current view of one table, prefix -> peer -> next hop. */
    public Map<String, Map<String, String>> table(String node, String table) {
        return new TreeMap<>(tables.getOrDefault(node, Map.of()).getOrDefault(table, Map.of()));
    }
}
