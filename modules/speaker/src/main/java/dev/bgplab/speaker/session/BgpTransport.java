package dev.bgplab.speaker.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of BGP (RFC 4271 8: port 179): picks epoll when the native transport loads and NIO
 * otherwise, and applies per-neighbor socket options. Options only the epoll transport offers:
 * TCP-MD5 (RFC 2385, {@link EpollChannelOption#TCP_MD5SIG}), outgoing TTL for eBGP multihop and
 * GTSM (RFC 5082) incoming minimum TTL, both through raw setsockopt ({@link IntegerUnixChannelOption}
 * with IP_TTL / IP_MINTTL, or IPV6_UNICAST_HOPS / IPV6_MINHOPCOUNT). With NIO, configuring any of
 * them is an error naming the neighbor. GTSM's minimum TTL is set on every connected socket
 * (accepted or outgoing) and, when all of a listener's neighbors use GTSM, on the listener too
 * (see {@link BgpListener}).
 */
public final class BgpTransport {

    private static final Logger log = LoggerFactory.getLogger(BgpTransport.class);

    // Linux <netinet/in.h> values; setsockopt through Netty's raw unix option.
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IP_MINTTL = 21;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MINHOPCOUNT = 73;

    public static final ChannelOption<Integer> IPV4_TTL = new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, IP_TTL);
    public static final ChannelOption<Integer> IPV4_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", IPPROTO_IP, IP_MINTTL);
    public static final ChannelOption<Integer> IPV6_HOPS = new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, IPV6_UNICAST_HOPS);
    public static final ChannelOption<Integer> IPV6_MINHOPS = new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", IPPROTO_IPV6, IPV6_MINHOPCOUNT);

    private BgpTransport() { }

    /**
     * The event loop group for a speaker's control plane: epoll when available, NIO otherwise.
     * A speaker normally uses one thread, so every session shares one event loop (see {@link BgpSession}).
     */
    public static EventLoopGroup newEventLoopGroup(int threads, String name) {
        DefaultThreadFactory tf = new DefaultThreadFactory(name, true);
        if (Epoll.isAvailable()) {
            log.info("BGP transport: native epoll");
            return new EpollEventLoopGroup(threads, tf);
        }
        log.info("BGP transport: NIO (epoll unavailable: {}); TCP-MD5, TTL and GTSM cannot be used",
                Epoll.unavailabilityCause() == null ? "not Linux" : Epoll.unavailabilityCause().toString());
        return new NioEventLoopGroup(threads, tf);
    }

    public static boolean isEpoll(EventLoopGroup group) {
        EventLoopGroup g = group instanceof EventLoop l && l.parent() != null ? l.parent() : group;
        return g instanceof EpollEventLoopGroup;
    }

    static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerSocketChannel> serverChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Fails with a message naming the neighbor when it asks for an option NIO lacks. */
    static void checkSupported(SessionSettings config, EventLoopGroup group) {
        if (isEpoll(group)) return;
        String what = config.md5Key() != null ? "password (TCP-MD5, RFC 2385)"
                : config.ttlSecurityHops() > 0 ? "ttl-security (GTSM, RFC 5082)"
                : config.ttl() > 0 ? "ebgp-multihop TTL" : null;
        if (what != null)
            throw new IllegalStateException("neighbor " + config.name() + ": " + what + " needs the native epoll transport, which is unavailable here"
                    + (Epoll.unavailabilityCause() != null ? " (" + Epoll.unavailabilityCause().getMessage() + ")" : ""));
    }

    /** Starts an outgoing connection from the neighbor's local address, options applied before SYN. */
    static ChannelFuture connect(SessionSettings config, EventLoop loop, ChannelHandler initializer, int connectTimeoutMillis) {
        checkSupported(config, loop);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(socketChannel(loop))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer);
        if (config.md5Key() != null)
            b.option(EpollChannelOption.TCP_MD5SIG, Map.of(config.remoteAddress(), config.md5Key()));
        InetSocketAddress remote = new InetSocketAddress(config.remoteAddress(), config.remotePort());
        ChannelFuture registered = b.register();
        Channel ch = registered.channel();
        if (registered.cause() == null) applyTtl(ch, config);
        return config.localAddress() != null
                ? ch.connect(remote, new InetSocketAddress(config.localAddress(), 0))
                : ch.connect(remote);
    }

    /**
     * Outgoing TTL (eBGP multihop) or GTSM (RFC 5082 3: send with TTL 255, accept only TTL >=
     * 256 - hops) on a connected or about-to-connect socket. No-op on NIO (checked earlier).
     */
    static void applyTtl(Channel ch, SessionSettings config) {
        if (!(ch instanceof EpollSocketChannel)) return;
        boolean v6 = config.remoteAddress() instanceof Inet6Address;
        if (config.ttlSecurityHops() > 0) {
            ch.config().setOption(v6 ? IPV6_HOPS : IPV4_TTL, 255);
            ch.config().setOption(v6 ? IPV6_MINHOPS : IPV4_MINTTL, 256 - config.ttlSecurityHops());
        } else if (config.ttl() > 0) {
            ch.config().setOption(v6 ? IPV6_HOPS : IPV4_TTL, config.ttl());
        }
    }

    /** The TCP-MD5 key map a listener needs: one entry per neighbor with a password. */
    static Map<InetAddress, byte[]> md5Keys(Iterable<SessionSettings> configs) {
        Map<InetAddress, byte[]> keys = new java.util.HashMap<>();
        for (SessionSettings c : configs) if (c.md5Key() != null) keys.put(c.remoteAddress(), c.md5Key());
        return keys;
    }
}
