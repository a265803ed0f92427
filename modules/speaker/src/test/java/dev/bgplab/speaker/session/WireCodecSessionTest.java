package dev.bgplab.speaker.session;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.RawBgpPeer;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two sessions with the wire module's real codec: 4-octet ASNs, two families, extended messages. */
class WireCodecSessionTest {

    @Test
    void realCodecCarriesAnUpdateBetweenTwoFourOctetSpeakers() throws Exception {
        EventLoopGroup group = BgpTransport.newEventLoopGroup(2, "bgp-wire");
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        try (BgpListener la = new BgpListener(group.next(), new InetSocketAddress(a, 0)).bind();
             BgpListener lb = new BgpListener(group.next(), new InetSocketAddress(b, 0)).bind()) {
            RecordingListener ea = new RecordingListener();
            RecordingListener eb = new RecordingListener();
            BgpSession ab = new BgpSession(neighbor(a, b, lb.localAddress().getPort(), 4_200_000_001L, 4_200_000_002L, "10.0.0.1"),
                    la.eventLoop(), WireMessageCodec.INSTANCE, ea);
            BgpSession ba = new BgpSession(neighbor(b, a, la.localAddress().getPort(), 4_200_000_002L, 4_200_000_001L, "10.0.0.2"),
                    lb.eventLoop(), WireMessageCodec.INSTANCE, eb);
            la.add(ab);
            lb.add(ba);
            ab.start().sync();
            ba.start().sync();
            await().atMost(10, SECONDS).until(() -> ab.state() == FsmState.ESTABLISHED && ba.state() == FsmState.ESTABLISHED);

            NegotiatedSession n = ba.negotiated();
            assertThat(n.peerAsn()).isEqualTo(4_200_000_001L);
            assertThat(n.families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
            assertThat(n.extendedMessages()).isTrue();
            assertThat(n.codecContext().maxMessageLength()).isEqualTo(65535);

            UpdateMessage update = new UpdateMessage(List.of(),
                    PathAttributes.of(Origin.IGP, AsPath.of(4_200_000_001L, 65010), NextHop.of("127.0.0.1")),
                    List.of(NlriEntry.of("10.1.0.0/16"), NlriEntry.of("10.2.0.0/24")));
            ab.eventLoop().submit(() -> ab.send(update)).sync();

            await().atMost(5, SECONDS).until(() -> eb.updates.size() == 1);
            UpdateMessage got = eb.updates.get(0);
            assertThat(got.nlri()).isEqualTo(update.nlri());
            assertThat(got.attributes()).isEqualTo(update.attributes());
            ab.stop().sync();
            await().atMost(5, SECONDS).until(() -> ba.state() != FsmState.ESTABLISHED);
            ba.stop().sync();
        } finally {
            group.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void updateTheRealCodecRejectsEndsOnlyThatSessionWithItsNotification() throws Exception {
        EventLoopGroup group = BgpTransport.newEventLoopGroup(1, "bgp-wire-err");
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress c = InetAddress.getByName("127.0.0.3");
        try (BgpListener la = new BgpListener(group.next(), new InetSocketAddress(a, 0)).bind()) {
            RecordingListener events = new RecordingListener();
            SessionSettings cfg = SessionSettings.builder(c, 65001, 65003, (Inet4Address) InetAddress.getByName("10.0.0.1"))
                    .mode(SessionSettings.ConnectMode.PASSIVE).holdTime(9).build();
            BgpSession s = new BgpSession(cfg, la.eventLoop(), WireMessageCodec.INSTANCE, events);
            la.add(s);
            s.start().sync();
            try (RawBgpPeer raw = RawBgpPeer.connect(c, la.localAddress())) {
                raw.handshake(RawBgpPeer.open(65003, "10.0.0.3", 9));
                await().atMost(5, SECONDS).until(() -> s.state() == FsmState.ESTABLISHED);
                // Withdrawn Routes Length of 100 in a 23-octet UPDATE: RFC 4271 6.3 Malformed Attribute List.
                byte[] update = new byte[23];
                java.util.Arrays.fill(update, 0, 16, (byte) 0xFF);
                update[17] = 23;
                update[18] = 2;
                update[20] = 100;
                raw.send(update);

                assertThat(raw.receiveNotification()).isEqualTo(NotificationMessage.of(3, 1));
                assertThat(raw.closedBySpeaker()).isTrue();
            }
            await().atMost(2, SECONDS).until(() -> !events.downs.isEmpty());
            assertThat(events.downs.get(0).kind()).isEqualTo(DownReason.Kind.NOTIFICATION_SENT);
            assertThat(events.downs.get(0).wasEstablished()).isTrue();
            s.stop().sync();
        } finally {
            group.shutdownGracefully(0, 1, SECONDS).syncUninterruptibly();
        }
    }

    static SessionSettings neighbor(InetAddress local, InetAddress remote, int port, long localAs, long remoteAs, String id) throws Exception {
        return SessionSettings.builder(remote, localAs, remoteAs, (Inet4Address) InetAddress.getByName(id))
                .localAddress(local).remotePort(port).holdTime(9).connectRetryTime(2).idleHoldTime(1)
                .families(EnumSet.allOf(AddressFamily.class)).extendedMessages(true).build();
    }
}
