package dev.bgplab.speaker.session;

import dev.bgplab.speaker.session.FsmAction.*;
import dev.bgplab.speaker.session.FsmEvent.*;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured neighbor: owns its FSM(s), timers and TCP connection(s), and reports to a
 * {@link SessionListener}.
 *
 * <p>Threading: every session of a speaker runs on ONE event loop that the integrator passes in
 * (a single-threaded control plane, as in BIRD), together with the {@link BgpListener}; channels,
 * timers and listener callbacks all run there, so nothing here takes a lock. {@link #start} and
 * {@link #stop} may be called from any thread (they hop onto the loop); {@link #send} only on the
 * loop. Getters ({@link #state}, {@link #counters}, ...) may be read from any thread.
 *
 * <p>Connections: RFC 4271 8 has one FSM per configured peering plus one per incoming connection
 * not yet identified. Here the primary {@link TcpConnection} carries the peering; an incoming
 * connection that arrives while the primary has a TCP connection (or is connecting out) gets its
 * own FSM as the secondary until collision detection (RFC 4271 6.8, {@link CollisionResolver})
 * closes one of them; the survivor becomes the primary.
 */
public final class BgpSession {

    private static final Logger log = LoggerFactory.getLogger(BgpSession.class);
    private static final NotificationMessage ADMIN_SHUTDOWN =
            NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.ADMINISTRATIVE_SHUTDOWN);

    private final SessionSettings config;
    private final EventLoop loop;
    private final MessageCodec codec;
    private final SessionListener listener;
    private final Clock clock;
    private final Random random;
    private final PeerFsm.Settings settings;
    private final SessionCounters counters = new SessionCounters();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;
    private int connectionIds;

    private TcpConnection primary;
    private TcpConnection secondary;
    /** RFC 4486 2: Cease subcode 8, Out of Resources. */
    static final int OUT_OF_RESOURCES = 8;

    private volatile FsmState state = FsmState.IDLE;
    private volatile int connectRetryCounter;
    private volatile NegotiatedSession negotiated;
    private volatile Instant establishedAt;
    private volatile LastError lastError;

    public BgpSession(SessionSettings config, EventLoop loop, MessageCodec codec, SessionListener listener) {
        this(config, loop, codec, listener, Clock.systemUTC(), new Random());
    }

    /** @param random source of timer jitter (RFC 4271 10); seed it for reproducible tests */
    public BgpSession(SessionSettings config, EventLoop loop, MessageCodec codec, SessionListener listener, Clock clock, Random random) {
        BgpTransport.checkSupported(config, loop);
        this.config = config;
        this.loop = loop;
        this.codec = codec;
        this.listener = listener == null ? SessionListener.NONE : listener;
        this.clock = clock;
        this.random = random;
        this.settings = PeerFsm.Settings.of(config);
        this.primary = new TcpConnection();
    }

    // ------------------------------------------------------------------ public API

    public SessionSettings config() { return config; }
    public EventLoop eventLoop() { return loop; }
    /** The state of the peering (the primary connection's FSM). */
    public FsmState state() { return state; }
    /** What the OPEN exchange agreed, while Established; else null. */
    public NegotiatedSession negotiated() { return negotiated; }
    public SessionCounters counters() { return counters; }
    /** RFC 4271 8: failed attempts since the last start. */
    public int connectRetryCounter() { return connectRetryCounter; }
    public LastError lastError() { return lastError; }

    /** Our address on the current connection (the next hop we advertise as "self"), or null when none is up. */
    public java.net.InetAddress localAddress() {
        TcpConnection c = primary;
        io.netty.channel.Channel ch = c == null ? null : c.channel;
        return ch == null || !(ch.localAddress() instanceof InetSocketAddress a) ? null : a.getAddress();
    }
    /** Time in Established, or zero. */
    public Duration uptime() {
        Instant at = establishedAt;
        return at == null ? Duration.ZERO : Duration.between(at, clock.instant());
    }

    /** ManualStart (RFC 4271 8.1.2 event 1), or event 4 for a passive neighbor. Completes once applied. */
    public Future<?> start() {
        return onLoop(() -> {
            if (primary.fsm.state() != FsmState.IDLE) return;
            log.info("neighbor {}: start ({})", config.name(), config.mode());
            fire(primary, config.mode() == SessionSettings.ConnectMode.PASSIVE ? new ManualStartPassive() : new ManualStart());
        });
    }

    /** ManualStop with Cease / Administrative Shutdown. */
    public Future<?> stop() { return stop(ADMIN_SHUTDOWN); }

    /** ManualStop (event 2): sends {@code cease} on any open connection, closes, stays Idle. */
    public Future<?> stop(NotificationMessage cease) {
        return onLoop(() -> {
            if (secondary != null) fire(secondary, new ManualStop(cease));
            fire(primary, new ManualStop(cease));
        });
    }

    /**
     * Sends an UPDATE or ROUTE-REFRESH in Established. Call only on {@link #eventLoop()}; restarts
     * the KeepaliveTimer as RFC 4271 8.2.2 asks.
     */
    public void send(BgpMessage message) {
        if (!loop.inEventLoop()) throw new IllegalStateException("neighbor " + config.name() + ": send() must run on the session's event loop");
        if (!(message instanceof UpdateMessage) && !(message instanceof RouteRefreshMessage))
            throw new IllegalArgumentException("only UPDATE and ROUTE-REFRESH are sent by the integrator, not " + message.getClass().getSimpleName());
        TcpConnection c = establishedConnection();
        if (c == null)
            throw new IllegalStateException("neighbor " + config.name() + " is " + primary.fsm.state() + ", not Established");
        // RFC 2918 4: no ROUTE-REFRESH to a peer that did not advertise the capability.
        if (message instanceof RouteRefreshMessage && !c.fsm.negotiated().routeRefresh())
            throw new IllegalStateException("neighbor " + config.name() + " did not negotiate route refresh (RFC 2918)");
        write(c, message);
        for (FsmAction a : c.fsm.messageSent()) perform(c, a);
    }

    /**
     * The connection in Established: the primary, or during a collision the second connection that
     * got there first while the dump of the other is still queued (the listener runs before it).
     */
    private TcpConnection establishedConnection() {
        if (primary.fsm.state() == FsmState.ESTABLISHED && primary.channel != null) return primary;
        if (secondary != null && secondary.fsm.state() == FsmState.ESTABLISHED && secondary.channel != null) return secondary;
        return null;
    }

    /**
     * Sends {@code updates} UPDATE messages already encoded for this session's codec context (an
     * update group encodes once and hands each member a retained duplicate); takes ownership of
     * {@code encoded}. Call only on {@link #eventLoop()} in Established; restarts the KeepaliveTimer.
     */
    public void sendEncodedUpdates(io.netty.buffer.ByteBuf encoded, int updates) {
        if (!loop.inEventLoop()) {
            encoded.release();
            throw new IllegalStateException("neighbor " + config.name() + ": send() must run on the session's event loop");
        }
        TcpConnection c = establishedConnection();
        if (c == null) {
            encoded.release();
            throw new IllegalStateException("neighbor " + config.name() + " is " + primary.fsm.state() + ", not Established");
        }
        Channel ch = c.channel;
        if (!ch.isActive()) {
            encoded.release();
            return;
        }
        for (int i = 0; i < updates; i++) counters.sent(BgpMessage.TYPE_UPDATE);
        c.lastWrite = ch.writeAndFlush(encoded).addListener(f -> {
            if (!f.isSuccess()) log.debug("neighbor {}: could not send {} UPDATEs: {}", config.name(), updates, f.cause().toString());
        });
        for (FsmAction a : c.fsm.messageSent()) perform(c, a);
    }

    @Override public String toString() { return "BgpSession[" + config.name() + " " + state + "]"; }

    // ------------------------------------------------------------------ incoming connections

    /**
     * An accepted TCP connection from this neighbor's address (called by {@link BgpListener} on
     * the loop). Returns false when refused and closed.
     */
    boolean acceptIncoming(Channel ch) {
        FsmState s = primary.fsm.state();
        if (!config.accepts() || s == FsmState.IDLE) {
            // RFC 4271 8.2.2 Idle: "refuses all incoming BGP connections".
            log.info("neighbor {}: refused connection from {} ({})", config.name(), ch.remoteAddress(),
                    config.accepts() ? "Idle" : "neighbor does not accept connections");
            ch.close();
            return false;
        }
        TcpConnection c;
        boolean second = false;
        if (primary.channel == null && primary.pendingConnect == null && (s == FsmState.ACTIVE || s == FsmState.CONNECT)) {
            c = primary;
        } else if (secondary == null) {
            // RFC 4271 6.8: a second connection gets its own FSM until collision detection decides.
            c = new TcpConnection();
            secondary = c;
            second = true;
        } else {
            log.info("neighbor {}: refused a third connection from {}", config.name(), ch.remoteAddress());
            ch.close();
            return false;
        }
        BgpTransport.applyTtl(ch, config);
        installPipeline(c, ch);
        c.channel = ch;
        c.outgoing = false;
        log.debug("neighbor {}: accepted connection #{} from {}", config.name(), c.id, ch.remoteAddress());
        if (second) fire(c, new ManualStartPassive());
        fire(c, new TcpConnectionConfirmed());
        return true;
    }

    // ------------------------------------------------------------------ event processing

    private Future<?> onLoop(Runnable r) {
        if (!loop.inEventLoop()) return loop.submit(r);
        r.run();
        return loop.newSucceededFuture(null);
    }

    /** Queues an event; events raised while processing one run after it, never nested. */
    private void fire(TcpConnection c, FsmEvent e) {
        queue.add(() -> process(c, e));
        drain();
    }

    /**
     * Queues a received UPDATE or ROUTE-REFRESH's event, and once the FSM has taken it, hands the
     * message on ({@code deliver}) only when the connection is still Established: the message goes
     * from here to the peer's inbound pipeline, never through the FSM.
     */
    private void fire(TcpConnection c, FsmEvent e, Runnable deliver) {
        queue.add(() -> {
            process(c, e);
            if ((c == primary || c == secondary) && c.fsm.state() == FsmState.ESTABLISHED) notifyListener(deliver);
        });
        drain();
    }

    private void drain() {
        if (draining) return;
        draining = true;
        try {
            Runnable r;
            while ((r = queue.poll()) != null) r.run();
        } finally {
            draining = false;
        }
    }

    private void process(TcpConnection c, FsmEvent e) {
        if (c != primary && c != secondary) return; // a discarded connection's late event
        FsmState before = c.fsm.state();
        List<FsmAction> actions = c.fsm.handle(e);
        for (FsmAction a : actions) perform(c, a);
        FsmState after = c.fsm.state();
        if (before != after)
            log.debug("neighbor {} connection #{}: {} -> {} on {}", config.name(), c.id, before, after, e.getClass().getSimpleName());
        afterTransition(c);
        state = primary.fsm.state();
        connectRetryCounter = primary.fsm.connectRetryCounter();
    }

    private void afterTransition(TcpConnection c) {
        if (c == secondary && (c.channel == null || c.fsm.state() == FsmState.IDLE)) {
            discard(c);
            secondary = null;
        }
        if (c == primary && secondary != null && secondary.channel != null
                && (c.dumped || c.fsm.state() == FsmState.IDLE || c.fsm.state() == FsmState.ACTIVE && c.channel == null)) {
            log.debug("neighbor {}: connection #{} takes over from #{}", config.name(), secondary.id, c.id);
            discard(c);
            primary = secondary;
            secondary = null;
        }
    }

    private void discard(TcpConnection c) {
        cancelTimers(c);
        if (c.pendingConnect != null) c.pendingConnect.channel().close();
        c.pendingConnect = null;
        if (c.channel != null) c.channel.close();
        c.channel = null;
    }

    private void perform(TcpConnection c, FsmAction action) {
        switch (action) {
            case ConnectTcp a -> connectOut(c);
            case DropTcp a -> dropTcp(c);
            case ReleaseResources a -> {
                cancelTimers(c);
                c.context = CodecContext.DEFAULT;
            }
            case SendOpen a -> write(c, config.openMessage());
            case SendKeepalive a -> write(c, KeepaliveMessage.INSTANCE);
            case SendNotification a -> {
                log.info("neighbor {}: sending NOTIFICATION {}", config.name(), a.notification().describe());
                write(c, a.notification());
            }
            case StartTimer a -> startTimer(c, a.timer(), a.seconds());
            case StopTimer a -> cancelTimer(c, a.timer());
            case SessionEstablished a -> established(c, a.session());
            case SessionDown a -> down(c, a.reason());
        }
    }

    private void established(TcpConnection c, NegotiatedSession n) {
        if (c == secondary) {
            // The second connection reached Established first: it carries the peering from now on
            // and the other one, the newer by RFC 4271 6.8's "Established wins", is closed.
            if (primary.channel != null) {
                primary.dumped = true;
                fire(primary, new OpenCollisionDump());
            } else {
                log.debug("neighbor {}: connection #{} takes over from #{}", config.name(), c.id, primary.id);
                discard(primary);
                primary = c;
                secondary = null;
            }
        }
        negotiated = n;
        establishedAt = clock.instant();
        counters.established();
        log.info("neighbor {}: Established (AS{}, id {}, hold {}s, families {})", config.name(), n.peerAsn(),
                n.peerId().getHostAddress(), n.holdTime(), n.families());
        notifyListener(() -> listener.onEstablished(n));
    }

    private void down(TcpConnection c, DownReason given) {
        DownReason reason = c.overflowDetail == null ? given
                : new DownReason(given.kind(), given.notification(), c.overflowDetail, given.wasEstablished());
        boolean reported = c == primary && !c.dumped
                && !(secondary != null && secondary.channel != null && !reason.wasEstablished());
        if (!reported) {
            log.debug("neighbor {} connection #{} closed: {}", config.name(), c.id, reason);
            return;
        }
        lastError = new LastError(reason, clock.instant());
        if (reason.wasEstablished()) {
            counters.flapped();
            establishedAt = null;
            log.warn("neighbor {}: session down: {}", config.name(), reason);
        } else {
            log.info("neighbor {}: {}", config.name(), reason);
        }
        negotiated = null;
        notifyListener(() -> listener.onDown(reason));
    }

    private void notifyListener(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            log.error("neighbor {}: session listener failed", config.name(), ex);
        }
    }

    // ------------------------------------------------------------------ TCP

    private void connectOut(TcpConnection c) {
        if (!config.connectsOut()) return;
        c.outgoing = true;
        ChannelFuture f;
        try {
            f = BgpTransport.connect(config, loop, new ChannelInitializer<Channel>() {
                @Override protected void initChannel(Channel ch) { installPipeline(c, ch); }
            }, (int) Math.min(Integer.MAX_VALUE, settings.connectRetryTime() * 1000L));
        } catch (RuntimeException ex) {
            fire(c, new TcpConnectionFails("connect failed: " + ex.getMessage()));
            return;
        }
        c.pendingConnect = f;
        f.addListener((ChannelFutureListener) done -> {
            if (c.pendingConnect != done) {
                done.channel().close(); // superseded: dropped or the FSM moved on
                return;
            }
            c.pendingConnect = null;
            if (done.isSuccess()) {
                c.channel = done.channel();
                log.debug("neighbor {}: connection #{} to {} established from {}", config.name(), c.id,
                        done.channel().remoteAddress(), done.channel().localAddress());
                fire(c, new TcpCrAcked());
            } else {
                done.channel().close();
                fire(c, new TcpConnectionFails("connect to " + new InetSocketAddress(config.remoteAddress(), config.remotePort())
                        + " failed: " + done.cause().getMessage()));
            }
        });
    }

    private void dropTcp(TcpConnection c) {
        if (c.pendingConnect != null) {
            ChannelFuture f = c.pendingConnect;
            c.pendingConnect = null;
            f.channel().close();
        }
        Channel ch = c.channel;
        if (ch == null) return;
        c.channel = null;
        // A NOTIFICATION written just before must leave before the FIN (RFC 4271 6: "the BGP
        // connection is closed immediately after it is sent").
        ChannelFuture last = c.lastWrite;
        c.lastWrite = null;
        if (last == null || c.overflowed) {
            ch.close(); // an overflowed queue is discarded: that peer reads nothing anyway
            return;
        }
        // A peer that stops reading never lets the NOTIFICATION leave: close regardless after 5 s.
        closeLater(ch, 5);
        // Half-close: FIN after the NOTIFICATION, then close once the peer closes (or after 2 s).
        // Closing outright while the peer's UPDATEs still sit unread in our receive buffer makes
        // the kernel send RST, and the peer loses the NOTIFICATION (seen with maximum-prefix).
        last.addListener(f -> {
            if (ch instanceof io.netty.channel.socket.DuplexChannel d && ch.isActive()) {
                d.shutdownOutput();
                closeLater(ch, 2);
            } else {
                ch.close();
            }
        });
    }

    /** Closes {@code ch} after {@code seconds} unless it closes first; the timer goes with the channel. */
    private static void closeLater(Channel ch, int seconds) {
        ScheduledFuture<?> t = ch.eventLoop().schedule(() -> { ch.close(); }, seconds, TimeUnit.SECONDS);
        ch.closeFuture().addListener(f -> t.cancel(false));
    }

    private void write(TcpConnection c, BgpMessage m) {
        Channel ch = c.channel;
        if (ch == null || !ch.isActive()) return;
        counters.sent(m.type());
        c.lastWrite = ch.writeAndFlush(m).addListener(f -> {
            if (f.isSuccess()) return;
            // An encoder failure is ours (e.g. an UPDATE above the maximum length); a closed channel is not news.
            if (f.cause() instanceof io.netty.handler.codec.EncoderException)
                log.warn("neighbor {}: could not encode {}: {}", config.name(), m.getClass().getSimpleName(), f.cause().getMessage());
            else
                log.debug("neighbor {}: could not send {}: {}", config.name(), m.getClass().getSimpleName(), f.cause().toString());
        });
    }

    private void installPipeline(TcpConnection c, Channel ch) {
        // The output queue bound: past the high water mark the channel turns unwritable and
        // ConnectionHandler resets the session (a peer that never reads must not fill the heap).
        long limit = Math.min(config.outputQueueLimit(), Integer.MAX_VALUE);
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark((int) limit / 2, (int) limit));
        BgpTransport.boundReads(ch);
        ch.pipeline().addLast("bgp-frame", new BgpFrameDecoder(() -> c.context));
        ch.pipeline().addLast("bgp-encoder", new BgpMessageEncoder(codec, () -> c.context));
        ch.pipeline().addLast("bgp-session", new ConnectionHandler(c));
    }

    // ------------------------------------------------------------------ timers

    private void startTimer(TcpConnection c, TimerKind kind, int seconds) {
        cancelTimer(c, kind);
        long millis = kind.jittered() ? jittered(seconds, random) : seconds * 1000L;
        c.timers.put(kind, loop.schedule(() -> {
            c.timers.remove(kind);
            fire(c, expiry(kind));
        }, millis, TimeUnit.MILLISECONDS));
    }

    /** RFC 4271 10: a timer value times a random factor in 0.75..1.0, so peers do not synchronise. */
    static long jittered(int seconds, Random random) {
        return (long) (seconds * 1000L * (0.75 + 0.25 * random.nextDouble()));
    }

    private static FsmEvent expiry(TimerKind kind) {
        return switch (kind) {
            case CONNECT_RETRY -> new ConnectRetryTimerExpires();
            case HOLD -> new HoldTimerExpires();
            case KEEPALIVE -> new KeepaliveTimerExpires();
            case DELAY_OPEN -> new DelayOpenTimerExpires();
            case IDLE_HOLD -> new IdleHoldTimerExpires();
        };
    }

    private void cancelTimer(TcpConnection c, TimerKind kind) {
        ScheduledFuture<?> f = c.timers.remove(kind);
        if (f != null) f.cancel(false);
    }

    private void cancelTimers(TcpConnection c) {
        for (ScheduledFuture<?> f : c.timers.values()) f.cancel(false);
        c.timers.clear();
    }

    // ------------------------------------------------------------------ received messages

    private void received(TcpConnection c, BgpMessage m) {
        counters.received(m.type());
        switch (m) {
            case OpenMessage o -> openReceived(c, o);
            // RFC 4271 8.2.2: an UPDATE is processed only in Established; in any other state the
            // FSM answers event 27 with an FSM Error and the UPDATE goes nowhere.
            case UpdateMessage u -> fire(c, new UpdateMsg(), () -> listener.onUpdate(u));
            case NotificationMessage n -> {
                log.info("neighbor {}: received NOTIFICATION {}", config.name(), n.describe());
                fire(c, FsmEvent.notification(n));
            }
            case KeepaliveMessage k -> fire(c, new KeepAliveMsg());
            case RouteRefreshMessage r -> {
                // RFC 7313 5: a ROUTE-REFRESH with an unknown subtype is ignored.
                if (r.subtype() <= RouteRefreshMessage.EORR) fire(c, new RouteRefreshMsg(), () -> listener.onRouteRefresh(r));
            }
        }
    }

    private void openReceived(TcpConnection c, OpenMessage open) {
        NegotiatedSession n;
        try {
            n = NegotiatedSession.negotiate(config, open);
        } catch (BgpProtocolException ex) {
            log.warn("neighbor {}: unacceptable OPEN: {}", config.name(), ex.getMessage());
            fire(c, new BgpOpenMsgErr(ex.notification()));
            return;
        }
        // RFC 4271 6.8: an OPEN on one connection while the other is in OpenConfirm or Established.
        TcpConnection other = c == primary ? secondary : primary;
        if (other != null && other.channel != null
                && (other.fsm.state() == FsmState.OPEN_CONFIRM || other.fsm.state() == FsmState.ESTABLISHED)) {
            CollisionResolver.Loser loser = CollisionResolver.resolve(config.routerId(), open.bgpIdentifier(),
                    other.fsm.state(), c.outgoing, other.outgoing);
            TcpConnection closed = loser == CollisionResolver.Loser.NEW ? c : other;
            log.info("neighbor {}: connection collision (local id {}, remote id {}): closing the {} connection #{}",
                    config.name(), config.routerId().getHostAddress(), open.bgpIdentifier().getHostAddress(),
                    closed.outgoing ? "outgoing" : "incoming", closed.id);
            closed.dumped = true;
            fire(closed, new OpenCollisionDump());
            if (closed == c) return;
        }
        c.context = n.codecContext();
        fire(c, c.fsm.isRunning(TimerKind.DELAY_OPEN) ? new BgpOpenWithDelayOpenTimerRunning(open, n) : new BgpOpen(open, n));
    }

    /** RFC 4271 6: which FSM event a decoding error raises, by the NOTIFICATION's error code. */
    private static FsmEvent decodeError(NotificationMessage n) {
        return switch (n.code()) {
            case NotificationMessage.MESSAGE_HEADER_ERROR -> new BgpHeaderErr(n);
            case NotificationMessage.OPEN_MESSAGE_ERROR -> new BgpOpenMsgErr(n);
            default -> new UpdateMsgErr(n);
        };
    }

    /** One TCP connection with its own FSM and timers (RFC 4271 8: one FSM per connection). */
    private final class TcpConnection {
        final int id = ++connectionIds;
        final PeerFsm fsm = new PeerFsm(settings);
        final Map<TimerKind, ScheduledFuture<?>> timers = new EnumMap<>(TimerKind.class);
        Channel channel;
        ChannelFuture pendingConnect;
        ChannelFuture lastWrite;
        boolean outgoing;
        boolean dumped;
        boolean overflowed;
        String overflowDetail;
        CodecContext context = CodecContext.DEFAULT;
    }

    /**
     * The peer left more than the configured output queue limit unread: Cease / Out of Resources
     * (RFC 4486 2), the backlog discarded with the connection, and an automatic restart after the
     * idle hold time so an honest but slow peer gets another chance.
     */
    private void outputOverflow(TcpConnection c, Channel ch) {
        long pending = ch.unsafe().outboundBuffer() == null ? 0 : ch.unsafe().outboundBuffer().totalPendingWriteBytes();
        String detail = "output queue of " + pending + " octets passed the limit of " + config.outputQueueLimit()
                + " (peer not reading)";
        log.warn("neighbor {}: {}: resetting the session", config.name(), detail);
        c.overflowed = true;
        c.overflowDetail = detail;
        // Writability changes fire inside a write, maybe while an event is processed: queue the stop.
        fire(c, new AutomaticStop(NotificationMessage.of(NotificationMessage.CEASE, OUT_OF_RESOURCES)));
        loop.schedule(() -> {
            if (primary.fsm.state() == FsmState.IDLE && !primary.fsm.isRunning(TimerKind.IDLE_HOLD))
                fire(primary, config.mode() == SessionSettings.ConnectMode.PASSIVE ? new AutomaticStartPassive() : new AutomaticStart());
        }, Math.max(1, config.idleHoldTime()), TimeUnit.SECONDS);
    }

    /** Feeds one channel's frames and closure into its connection's FSM, on the loop. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final TcpConnection c;
        private String failure;

        ConnectionHandler(TcpConnection c) { this.c = c; }

        private boolean current(ChannelHandlerContext ctx) { return c.channel == ctx.channel(); }

        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!current(ctx)) return;
                if (msg instanceof HeaderError h) {
                    log.warn("neighbor {}: bad message header from {}: {}", config.name(), ctx.channel().remoteAddress(), h.detail());
                    fire(c, new BgpHeaderErr(h.notification()));
                } else if (msg instanceof ByteBuf frame) {
                    BgpMessage m;
                    try {
                        m = codec.decode(frame, c.context);
                    } catch (BgpProtocolException ex) {
                        log.warn("neighbor {}: malformed message: {}", config.name(), ex.getMessage());
                        fire(c, decodeError(ex.notification()));
                        return;
                    }
                    received(c, m);
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (current(ctx) && !ctx.channel().isWritable() && !c.overflowed) outputOverflow(c, ctx.channel());
            ctx.fireChannelWritabilityChanged();
        }

        @Override public void channelInactive(ChannelHandlerContext ctx) {
            if (!current(ctx)) return;
            c.channel = null;
            fire(c, new TcpConnectionFails(failure != null ? failure : "connection closed by peer"));
        }

        @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = "connection reset: " + cause.getMessage();
            log.debug("neighbor {}: {}", config.name(), failure);
            ctx.close();
        }
    }
}
