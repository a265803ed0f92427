package dev.bgplab.speaker.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive side of BGP's TCP (RFC 4271 8: the speaker listens on port 179): accepts
 * connections on one address and port and hands each to the {@link BgpSession} configured for the
 * remote address. Connections from unknown addresses are closed without a word (RFC 4271 8.2.2
 * lets an implementation refuse them; no OPEN has told us who they are). TCP-MD5 keys of every
 * registered neighbor with a password are installed on the listening socket, so the kernel
 * drops SYNs that are unsigned or signed with the wrong key (RFC 2385).
 *
 * <p>Runs on the same single event loop as the sessions it serves.
 */
public final class BgpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BgpListener.class);

    private final EventLoop loop;
    private final InetSocketAddress bindAddress;
    private final Map<InetAddress, BgpSession> sessions = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

    public BgpListener(EventLoop loop, InetSocketAddress bindAddress) {
        this.loop = loop;
        this.bindAddress = bindAddress;
    }

    /** Registers a neighbor; its TCP-MD5 key, if any, is installed at once on a bound listener. */
    public void add(BgpSession session) {
        if (session.eventLoop() != loop)
            throw new IllegalArgumentException("neighbor " + session.config().name() + " runs on another event loop than the listener on " + bindAddress);
        BgpTransport.checkSupported(session.config(), loop);
        sessions.put(session.config().remoteAddress(), session);
        updateSocketOptions();
    }

    public void remove(BgpSession session) {
        sessions.remove(session.config().remoteAddress(), session);
        updateSocketOptions();
    }

    /** Binds and waits until listening. Port 0 picks a free port: see {@link #localAddress()}. */
    public BgpListener bind() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop, loop)
                .channel(BgpTransport.serverChannel(loop))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) { accepted(ch); }
                });
        Map<InetAddress, byte[]> keys = md5Keys();
        if (!keys.isEmpty()) b.option(EpollChannelOption.TCP_MD5SIG, keys);
        if (gtsm()) b.option(ttlOption(), 255);
        if (minTtl() > 0) b.option(minTtlOption(), minTtl());
        serverChannel = b.bind(bindAddress).sync().channel();
        log.info("BGP listening on {} ({})", serverChannel.localAddress(), BgpTransport.isEpoll(loop) ? "epoll" : "nio");
        return this;
    }

    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        return ch == null ? bindAddress : (InetSocketAddress) ch.localAddress();
    }

    private void accepted(Channel ch) {
        InetAddress remote = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        BgpSession session = sessions.get(remote);
        if (session == null) {
            // Not a configured neighbor: closed before the first read, so not one byte it sent is parsed.
            ch.config().setAutoRead(false);
            refused.incrementAndGet();
            log.info("connection from unknown address {} closed without reading", ch.remoteAddress());
            ch.close();
            return;
        }
        session.acceptIncoming(ch);
    }

    private Map<InetAddress, byte[]> md5Keys() {
        return BgpTransport.md5Keys(sessions.values().stream().map(BgpSession::config).toList());
    }

    /**
     * RFC 5082 3: with GTSM the SYN-ACK must leave with TTL 255 too, and Linux sends it with the
     * listening socket's TTL; so the listener uses 255 while any GTSM neighbor is registered.
     */
    private boolean gtsm() {
        return sessions.values().stream().anyMatch(s -> s.config().ttlSecurityHops() > 0);
    }

    /**
     * RFC 5082 3: the minimum TTL must hold for every segment, the first OPEN included. Set on the
     * listening socket it also filters SYNs, and accepted sockets inherit it; that is only right
     * when every neighbor on this listener uses GTSM, so then the loosest of their minimums is
     * used. Otherwise only the accepted socket gets the neighbor's minimum, and segments that
     * arrived before accept() returned (at most the peer's first OPEN) are not filtered.
     */
    private int minTtl() {
        if (sessions.isEmpty()) return 0;
        int min = 255;
        for (BgpSession s : sessions.values()) {
            int hops = s.config().ttlSecurityHops();
            if (hops == 0) return 0;
            min = Math.min(min, 256 - hops);
        }
        return min;
    }

    private ChannelOption<Integer> minTtlOption() {
        return bindAddress.getAddress() instanceof java.net.Inet6Address ? BgpTransport.IPV6_MINHOPS : BgpTransport.IPV4_MINTTL;
    }

    private ChannelOption<Integer> ttlOption() {
        return bindAddress.getAddress() instanceof java.net.Inet6Address ? BgpTransport.IPV6_HOPS : BgpTransport.IPV4_TTL;
    }

    private void updateSocketOptions() {
        Channel ch = serverChannel;
        if (ch == null || !BgpTransport.isEpoll(loop)) return;
        Map<InetAddress, byte[]> keys = md5Keys();
        boolean gtsm = gtsm();
        int minTtl = minTtl();
        Runnable apply = () -> {
            ch.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
            if (gtsm) ch.config().setOption(ttlOption(), 255);
            ch.config().setOption(minTtlOption(), minTtl);
        };
        // In force before add()/remove() returns: a peer connecting right after must meet the new
        // key and minimum TTL, not the old ones.
        if (loop.inEventLoop()) apply.run();
        else loop.submit(apply).syncUninterruptibly();
    }

    public EventLoop eventLoop() { return loop; }

    /** Connections closed because their address is no configured neighbor's. */
    public long refusedConnections() { return refused.get(); }

    /** The neighbors registered here. */
    public List<BgpSession> sessions() { return List.copyOf(sessions.values()); }

    @Override public void close() {
        Channel ch = serverChannel;
        if (ch != null) ch.close().syncUninterruptibly();
    }
}
