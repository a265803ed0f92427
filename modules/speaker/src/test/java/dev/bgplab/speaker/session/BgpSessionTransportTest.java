package dev.bgplab.speaker.session;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.RawBgpPeer;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions over real TCP on 127.0.0.1 / 127.0.0.2 (/ 127.0.0.3), with the real codec. Speaker A
 * and speaker B each run on their own single-thread event loop, as two bgplab processes would.
 */
class BgpSessionTransportTest {

    static final InetAddress A = addr("127.0.0.1");
    static final InetAddress B = addr("127.0.0.2");
    static final InetAddress C = addr("127.0.0.3");
    static EventLoopGroup groupA;
    static EventLoopGroup groupB;
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void loops() {
        groupA = BgpTransport.newEventLoopGroup(1, "bgp-a");
        groupB = BgpTransport.newEventLoopGroup(1, "bgp-b");
    }

    @AfterAll
    static void shutdown() {
        groupA.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
        groupB.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
    }

    /** A speaker: one event loop, one listener on its address with a free port. */
    final class Speaker {
        final EventLoop loop;
        final InetAddress address;
        final BgpListener listener;

        Speaker(EventLoopGroup group, InetAddress address) throws InterruptedException {
            this.loop = group.next();
            this.address = address;
            this.listener = new BgpListener(loop, new InetSocketAddress(address, 0)).bind();
            cleanup.add(listener);
        }

        int port() { return listener.localAddress().getPort(); }

        BgpSession peer(SessionSettings config, RecordingListener events) {
            BgpSession s = new BgpSession(config, loop, WireMessageCodec.INSTANCE, events, java.time.Clock.systemUTC(), new Random(7));
            listener.add(s);
            cleanup.add(s::stop);
            return s;
        }
    }

    static SessionSettings.Builder neighbor(InetAddress local, InetAddress remote, int port, long localAs, long remoteAs, String id) {
        return SessionSettings.builder(remote, localAs, remoteAs, (Inet4Address) addr(id))
                .localAddress(local).remotePort(port).holdTime(3).connectRetryTime(2).idleHoldTime(1);
    }

    record Pair(Speaker sa, BgpSession ab, RecordingListener abEvents, BgpSession ba, RecordingListener baEvents) {}

    Pair establishedPair(UnaryOperator<SessionSettings.Builder> a, UnaryOperator<SessionSettings.Builder> b) throws Exception {
        Speaker sa = new Speaker(groupA, A);
        Speaker sb = new Speaker(groupB, B);
        RecordingListener ea = new RecordingListener();
        RecordingListener eb = new RecordingListener();
        BgpSession ab = sa.peer(a.apply(neighbor(A, B, sb.port(), 65001, 65002, "10.0.0.1")).build(), ea);
        BgpSession ba = sb.peer(b.apply(neighbor(B, A, sa.port(), 65002, 65001, "10.0.0.2")).build(), eb);
        ab.start().sync();
        ba.start().sync();
        return new Pair(sa, ab, ea, ba, eb);
    }

    @Test
    void twoSessionsReachEstablishedAndKeepalivesFlow() throws Exception {
        // One side passive: with both connecting, each side may settle a collision (RFC 4271 6.8) on a
        // different connection while one is already Established there, and the session comes up twice;
        // simultaneousOpenBetweenTwoSpeakersSettlesOnOneSession covers that case. Here: one session, kept.
        Pair p = establishedPair(b -> b, b -> b.mode(SessionSettings.ConnectMode.PASSIVE));

        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);
        NegotiatedSession n = p.ab().negotiated();
        assertThat(n.peerAsn()).isEqualTo(65002);
        assertThat(n.holdTime()).isEqualTo(3);
        assertThat(n.keepaliveTime()).isEqualTo(1);
        assertThat(n.fourOctetAs()).isTrue();
        assertThat(n.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(n.routeRefresh()).isTrue();

        // Keepalives every second keep both sides up across several hold times.
        long before = p.ab().counters().keepalivesIn();
        await().atMost(10, SECONDS).until(() -> p.ab().counters().keepalivesIn() >= before + 4 && p.ba().counters().keepalivesIn() >= before + 4);
        assertThat(p.ab().state()).isEqualTo(FsmState.ESTABLISHED);
        assertThat(p.abEvents().established).hasSize(1);
        assertThat(p.baEvents().established).hasSize(1);
        assertThat(p.abEvents().downs).noneMatch(DownReason::wasEstablished); // refusals while the other side started are fine
        assertThat(p.ab().counters().establishedTransitions()).isEqualTo(1);
        assertThat(p.ab().uptime()).isPositive();

        // The integrator sends on the session's loop; the peer's listener gets it.
        p.ab().eventLoop().submit(() -> {
            p.ab().send(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
            p.ab().send(RouteRefreshMessage.request(AddressFamily.IPV4_UNICAST));
        }).sync();
        await().atMost(5, SECONDS).until(() -> p.baEvents().updates.size() == 1 && p.baEvents().refreshes.size() == 1);
        assertThat(p.baEvents().updates.get(0).endOfRibFamily()).isEqualTo(AddressFamily.IPV4_UNICAST);
        assertThat(p.ab().counters().updatesOut()).isEqualTo(1);
        assertThat(p.ba().counters().updatesIn()).isEqualTo(1);
    }

    @Test
    void sendOffTheEventLoopIsRefused() throws Exception {
        Pair p = establishedPair(b -> b, b -> b);
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.ab().send(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event loop");
    }

    @Test
    void ceaseSentByOneSideIsReceivedByTheOther() throws Exception {
        // One side passive: with both connecting, one side can reach Established on a connection the
        // other then closes by collision resolution (RFC 4271 6.8), and that Cease is not the one checked here.
        Pair p = establishedPair(b -> b, b -> b.mode(SessionSettings.ConnectMode.PASSIVE));
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);

        p.ba().stop();

        await().atMost(5, SECONDS).until(() -> !established(p.baEvents()).isEmpty() && !established(p.abEvents()).isEmpty());
        DownReason sent = established(p.baEvents()).get(0);
        DownReason received = established(p.abEvents()).get(0);
        NotificationMessage cease = NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.ADMINISTRATIVE_SHUTDOWN);
        assertThat(sent.kind()).isEqualTo(DownReason.Kind.NOTIFICATION_SENT);
        assertThat(sent.notification()).isEqualTo(cease);
        assertThat(sent.wasEstablished()).isTrue();
        assertThat(received.kind()).isEqualTo(DownReason.Kind.NOTIFICATION_RECEIVED);
        assertThat(received.notification()).isEqualTo(cease);
        assertThat(p.ab().lastError().reason().kind()).isEqualTo(DownReason.Kind.NOTIFICATION_RECEIVED);
        assertThat(p.ab().counters().flaps()).isEqualTo(1);
        assertThat(p.ba().state()).isEqualTo(FsmState.IDLE);
    }

    @Test
    void holdTimerExpiresWhenPeerGoesSilent() throws Exception {
        Speaker sa = new Speaker(groupA, A);
        try (ServerSocket server = new ServerSocket(0, 1, B)) {
            RecordingListener events = new RecordingListener();
            BgpSession s = sa.peer(neighbor(A, B, server.getLocalPort(), 65001, 65002, "10.0.0.1")
                    .mode(SessionSettings.ConnectMode.ACTIVE).idleHoldTime(30).build(), events);
            s.start().sync();
            try (RawBgpPeer raw = RawBgpPeer.accept(server)) {
                raw.handshake(RawBgpPeer.open(65002, "10.0.0.2", 3));
                await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);

                // Silent from now on: no KEEPALIVE for 3 s.
                NotificationMessage n = raw.receiveNotification();

                assertThat(n).isEqualTo(NotificationMessage.of(NotificationMessage.HOLD_TIMER_EXPIRED, 0));
                await().atMost(2, SECONDS).until(() -> !events.downs.isEmpty());
                assertThat(events.downs.get(0).kind()).isEqualTo(DownReason.Kind.HOLD_TIMER_EXPIRED);
                assertThat(events.downs.get(0).wasEstablished()).isTrue();
                assertThat(s.lastError().reason().kind()).isEqualTo(DownReason.Kind.HOLD_TIMER_EXPIRED);
                assertThat(s.connectRetryCounter()).isEqualTo(1);
                assertThat(raw.closedBySpeaker()).isTrue();
            }
        }
    }

    @Test
    void tcpResetWithoutNotificationIsSeenAsTcpReset() throws Exception {
        Speaker sa = new Speaker(groupA, A);
        try (ServerSocket server = new ServerSocket(0, 1, B)) {
            RecordingListener events = new RecordingListener();
            BgpSession s = sa.peer(neighbor(A, B, server.getLocalPort(), 65001, 65002, "10.0.0.1")
                    .mode(SessionSettings.ConnectMode.ACTIVE).idleHoldTime(30).build(), events);
            s.start().sync();
            RawBgpPeer raw = RawBgpPeer.accept(server);
            raw.handshake(RawBgpPeer.open(65002, "10.0.0.2", 3));
            await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);

            raw.reset();

            await().atMost(5, SECONDS).until(() -> !events.downs.isEmpty());
            assertThat(events.downs.get(0).kind()).isEqualTo(DownReason.Kind.TCP_RESET);
            assertThat(events.downs.get(0).notification()).isNull();
            assertThat(events.downs.get(0).wasEstablished()).isTrue();
            assertThat(s.state()).isEqualTo(FsmState.IDLE);
        }
    }

    @Test
    void badMarkerGetsConnectionNotSynchronizedAndOtherSessionsStayUp() throws Exception {
        Pair p = establishedPair(b -> b, b -> b);
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED);
        Speaker sa = p.sa();
        RecordingListener cEvents = new RecordingListener();
        sa.peer(neighbor(A, C, 179, 65001, 65003, "10.0.0.1").mode(SessionSettings.ConnectMode.PASSIVE).build(), cEvents).start().sync();

        try (RawBgpPeer raw = RawBgpPeer.connect(C, sa.listener.localAddress())) {
            byte[] garbage = dev.bgplab.speaker.BgpBytes.bytes(KeepaliveMessage.INSTANCE);
            garbage[3] = 0x00;
            raw.send(garbage);

            BgpMessage first = raw.receive(); // our OPEN went out on accept
            assertThat(first).isInstanceOf(OpenMessage.class);
            assertThat(raw.receive()).isEqualTo(NotificationMessage.of(NotificationMessage.MESSAGE_HEADER_ERROR,
                    NotificationMessage.CONNECTION_NOT_SYNCHRONIZED));
            assertThat(raw.closedBySpeaker()).isTrue();
        }
        await().atMost(2, SECONDS).until(() -> !cEvents.downs.isEmpty());
        assertThat(cEvents.downs.get(0).kind()).isEqualTo(DownReason.Kind.NOTIFICATION_SENT);
        assertThat(p.ab().state()).isEqualTo(FsmState.ESTABLISHED);
        assertThat(established(p.abEvents())).isEmpty();
    }

    @Test
    void malformedUpdateClosesOnlyThatSessionWithItsNotification() throws Exception {
        Pair p = establishedPair(b -> b, b -> b);
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED);
        Speaker sa = p.sa();
        RecordingListener cEvents = new RecordingListener();
        BgpSession ac = sa.peer(neighbor(A, C, 179, 65001, 65003, "10.0.0.1").mode(SessionSettings.ConnectMode.PASSIVE).build(), cEvents);
        ac.start().sync();

        try (RawBgpPeer raw = RawBgpPeer.connect(C, sa.listener.localAddress())) {
            raw.handshake(RawBgpPeer.open(65003, "10.0.0.3", 3));
            await().atMost(5, SECONDS).until(() -> ac.state() == FsmState.ESTABLISHED);
            byte[] bad = dev.bgplab.speaker.BgpBytes.bytes(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
            bad[20] = 5; // RFC 4271 6.3: a withdrawn routes length that overruns the UPDATE
            raw.send(bad);

            NotificationMessage n = raw.receiveNotification();
            assertThat(n.code()).isEqualTo(NotificationMessage.UPDATE_MESSAGE_ERROR);
            assertThat(n.subcode()).isEqualTo(NotificationMessage.MALFORMED_ATTRIBUTE_LIST);
            assertThat(raw.closedBySpeaker()).isTrue();
        }
        await().atMost(2, SECONDS).until(() -> !cEvents.downs.isEmpty());
        assertThat(cEvents.downs.get(0).kind()).isEqualTo(DownReason.Kind.NOTIFICATION_SENT);
        assertThat(p.ab().state()).isEqualTo(FsmState.ESTABLISHED);
        assertThat(p.ba().state()).isEqualTo(FsmState.ESTABLISHED);
    }

    @Test
    void connectionFromUnknownAddressIsClosed() throws Exception {
        Speaker sa = new Speaker(groupA, A);
        try (RawBgpPeer raw = RawBgpPeer.connect(C, sa.listener.localAddress())) {
            assertThat(raw.closedBySpeaker()).isTrue();
        }
    }

    @Test
    void badPeerAsIsRefusedWithOpenMessageError() throws Exception {
        Speaker sa = new Speaker(groupA, A);
        RecordingListener events = new RecordingListener();
        BgpSession s = sa.peer(neighbor(A, C, 179, 65001, 65003, "10.0.0.1").mode(SessionSettings.ConnectMode.PASSIVE).build(), events);
        s.start().sync();
        try (RawBgpPeer raw = RawBgpPeer.connect(C, sa.listener.localAddress())) {
            assertThat(raw.receive()).isInstanceOf(OpenMessage.class);
            raw.send(RawBgpPeer.open(65009, "10.0.0.3", 90));
            NotificationMessage n = raw.receiveNotification();
            assertThat(n).isEqualTo(new NotificationMessage(2, 2, new byte[] {(byte) (65009 >> 8), (byte) 65009}));
        }
        await().atMost(2, SECONDS).until(() -> !events.downs.isEmpty());
        assertThat(s.lastError().reason().notification().subcode()).isEqualTo(NotificationMessage.BAD_PEER_AS);
    }

    @Test
    void refusedConnectIsConnectFailed() throws Exception {
        Speaker sa = new Speaker(groupA, A);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, B)) {
            closedPort = s.getLocalPort();
        }
        RecordingListener events = new RecordingListener();
        BgpSession s = sa.peer(neighbor(A, B, closedPort, 65001, 65002, "10.0.0.1").mode(SessionSettings.ConnectMode.ACTIVE).idleHoldTime(30).build(), events);
        s.start().sync();
        await().atMost(5, SECONDS).until(() -> !events.downs.isEmpty());
        assertThat(events.downs.get(0).kind()).isEqualTo(DownReason.Kind.CONNECT_FAILED);
        assertThat(events.downs.get(0).detail()).contains("127.0.0.2");
        assertThat(s.state()).isEqualTo(FsmState.IDLE);
    }

    // ---------------------------------------------------------------- collisions (RFC 4271 6.8)

    @Test
    void collisionKeepsTheConnectionOfTheHigherIdPeer() throws Exception {
        // We are 10.0.0.1, the peer 10.0.0.9: the peer's connection (incoming for us) must win.
        Speaker sa = new Speaker(groupA, A);
        try (ServerSocket server = new ServerSocket(0, 1, B)) {
            RecordingListener events = new RecordingListener();
            BgpSession s = sa.peer(neighbor(A, B, server.getLocalPort(), 65001, 65002, "10.0.0.1").holdTime(30).build(), events);
            s.start().sync();
            OpenMessage peerOpen = RawBgpPeer.open(65002, "10.0.0.9", 30);
            try (RawBgpPeer outgoing = RawBgpPeer.accept(server);
                 RawBgpPeer incoming = RawBgpPeer.connect(B, sa.listener.localAddress())) {
                assertThat(outgoing.receive()).isInstanceOf(OpenMessage.class);
                outgoing.send(peerOpen);
                assertThat(outgoing.receive()).isInstanceOf(KeepaliveMessage.class); // outgoing is in OpenConfirm

                assertThat(incoming.receive()).isInstanceOf(OpenMessage.class);
                incoming.send(peerOpen); // collision: 10.0.0.1 < 10.0.0.9, our outgoing connection goes

                assertThat(outgoing.receiveNotification()).isEqualTo(NotificationMessage.of(6, 7));
                assertThat(outgoing.closedBySpeaker()).isTrue();
                assertThat(incoming.receive()).isInstanceOf(KeepaliveMessage.class);
                incoming.send(KeepaliveMessage.INSTANCE);
                await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);
                assertThat(events.downs).isEmpty();
                assertThat(events.established).hasSize(1);
            }
        }
    }

    @Test
    void collisionClosesTheIncomingConnectionOfALowerIdPeer() throws Exception {
        // We are 10.0.0.5, the peer 10.0.0.1: our connection (outgoing) must win.
        Speaker sa = new Speaker(groupA, A);
        try (ServerSocket server = new ServerSocket(0, 1, B)) {
            RecordingListener events = new RecordingListener();
            BgpSession s = sa.peer(neighbor(A, B, server.getLocalPort(), 65001, 65002, "10.0.0.5").holdTime(30).build(), events);
            s.start().sync();
            OpenMessage peerOpen = RawBgpPeer.open(65002, "10.0.0.1", 30);
            try (RawBgpPeer outgoing = RawBgpPeer.accept(server);
                 RawBgpPeer incoming = RawBgpPeer.connect(B, sa.listener.localAddress())) {
                assertThat(outgoing.receive()).isInstanceOf(OpenMessage.class);
                outgoing.send(peerOpen);
                assertThat(outgoing.receive()).isInstanceOf(KeepaliveMessage.class);

                assertThat(incoming.receive()).isInstanceOf(OpenMessage.class);
                incoming.send(peerOpen);

                assertThat(incoming.receiveNotification()).isEqualTo(NotificationMessage.of(6, 7));
                assertThat(incoming.closedBySpeaker()).isTrue();
                outgoing.send(KeepaliveMessage.INSTANCE);
                await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);
                assertThat(events.downs).isEmpty();
            }
        }
    }

    @Test
    void establishedConnectionWinsOverANewOne() throws Exception {
        // Even a peer with the higher id cannot replace an Established session by reconnecting.
        Speaker sa = new Speaker(groupA, A);
        try (ServerSocket server = new ServerSocket(0, 1, B)) {
            RecordingListener events = new RecordingListener();
            BgpSession s = sa.peer(neighbor(A, B, server.getLocalPort(), 65001, 65002, "10.0.0.1").holdTime(30).build(), events);
            s.start().sync();
            OpenMessage peerOpen = RawBgpPeer.open(65002, "10.0.0.9", 30);
            try (RawBgpPeer established = RawBgpPeer.accept(server)) {
                established.handshake(peerOpen);
                await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);
                try (RawBgpPeer second = RawBgpPeer.connect(B, sa.listener.localAddress())) {
                    assertThat(second.receive()).isInstanceOf(OpenMessage.class);
                    second.send(peerOpen);
                    assertThat(second.receiveNotification()).isEqualTo(NotificationMessage.of(6, 7));
                    assertThat(second.closedBySpeaker()).isTrue();
                }
                established.send(KeepaliveMessage.INSTANCE);
                assertThat(s.state()).isEqualTo(FsmState.ESTABLISHED);
                assertThat(events.downs).isEmpty();
                assertThat(s.counters().establishedTransitions()).isEqualTo(1);
            }
        }
    }

    /** Started and attempting a connection (RFC 4271 8: Connect, Active or OpenSent), not Idle. */
    private static boolean trying(BgpSession s) {
        FsmState st = s.state();
        return st == FsmState.CONNECT || st == FsmState.ACTIVE || st == FsmState.OPEN_SENT;
    }

    @Test
    void simultaneousOpenBetweenTwoSpeakersSettlesOnOneSession() throws Exception {
        Pair p = establishedPair(b -> b.holdTime(30), b -> b.holdTime(30));
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);
        await().during(Duration.ofMillis(1500)).atMost(5, SECONDS)
                .until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);
        // Settled: both ends on one connection that stays. If one end reached Established on a
        // connection just before the OPEN of the other arrived, that end keeps it (Established wins)
        // while the other end may already have chosen the other connection (RFC 4271 6.8 lets each
        // decide alone): then that connection closes and the ends meet again once. More is a fault.
        assertThat(p.abEvents().established).hasSizeBetween(1, 2);
        assertThat(p.baEvents().established).hasSizeBetween(1, 2);
        assertThat(p.ab().counters().keepalivesIn()).isPositive();
    }

    // ---------------------------------------------------------------- TCP-MD5 (RFC 2385)

    @Test
    void md5WithMatchingKeysReachesEstablished() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "TCP-MD5 needs epoll");
        Pair p = establishedPair(b -> b.password("s3cret"), b -> b.password("s3cret"));
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);
    }

    @Test
    void md5WithMismatchingKeysNeverEstablishes() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "TCP-MD5 needs epoll");
        Pair p = establishedPair(b -> b.password("s3cret"), b -> b.password("other"));
        // first proof that the sessions were started and are trying (else "never Established" proves nothing)
        await().atMost(5, SECONDS).until(() -> trying(p.ab()) && trying(p.ba()));
        await().during(Duration.ofSeconds(4)).atMost(5, SECONDS)
                .until(() -> p.ab().state() != FsmState.ESTABLISHED && p.ba().state() != FsmState.ESTABLISHED);
        assertThat(p.abEvents().established).isEmpty();
        assertThat(p.ab().counters().totalIn()).isZero();
    }

    @Test
    void gtsmSessionOverLoopbackSendsWithTtl255() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "GTSM needs epoll");
        Pair p = establishedPair(b -> b.ttlSecurityHops(1), b -> b.ttlSecurityHops(1));
        await().atMost(10, SECONDS).until(() -> p.ab().state() == FsmState.ESTABLISHED && p.ba().state() == FsmState.ESTABLISHED);
    }

    @Test
    void gtsmOnOneSideOnlyNeverEstablishes() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "GTSM needs epoll");
        // B sends with the default TTL (64): A's IP_MINTTL 255 drops everything after the handshake.
        Pair p = establishedPair(b -> b.ttlSecurityHops(1), b -> b);
        await().atMost(5, SECONDS).until(() -> trying(p.ab()) && trying(p.ba()));
        await().during(Duration.ofSeconds(3)).atMost(4, SECONDS)
                .until(() -> p.ab().state() != FsmState.ESTABLISHED && p.ba().state() != FsmState.ESTABLISHED);
        assertThat(p.ab().counters().totalIn()).isZero();
    }

    @Test
    void gtsmListenerDropsTheSynOfAPeerSendingWithAnOrdinaryTtl() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "GTSM needs epoll");
        // the neighbor's real speaker would send with TTL 255; this socket sends with the system default (64)
        Speaker sa = new Speaker(groupA, A);
        sa.peer(neighbor(A, B, 179, 65001, 65002, "10.0.0.1").ttlSecurityHops(1).mode(SessionSettings.ConnectMode.PASSIVE).build(),
                new RecordingListener());
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new InetSocketAddress(B, 0));
            // RFC 5082 3: the low-TTL SYN must not complete a handshake (else what the peer sends
            // before the accepted socket gets its own minimum TTL would still reach BGP)
            assertThatThrownBy(() -> s.connect(sa.listener.localAddress(), 1500)).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void md5WithoutEpollIsAConfigurationErrorNamingTheNeighbor() {
        EventLoopGroup nio = new io.netty.channel.nio.NioEventLoopGroup(1);
        try {
            SessionSettings cfg = neighbor(A, B, 179, 65001, 65002, "10.0.0.1").name("hub-1").password("x").build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BgpSession(cfg, nio.next(), WireMessageCodec.INSTANCE, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("neighbor hub-1").hasMessageContaining("TCP-MD5").hasMessageContaining("epoll");
        } finally {
            nio.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void timerJitterStaysWithinThreeQuartersAndTheFullValue() {
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(BgpSession.jittered(30, r)).isBetween(22_500L, 30_000L);
        }
    }

    /** Downs of an Established session; refusals while the other side was still Idle are not. */
    static List<DownReason> established(RecordingListener events) {
        return events.downs.stream().filter(DownReason::wasEstablished).toList();
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
