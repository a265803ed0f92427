package dev.bgplab.speaker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegotiatedSessionTest {

    static final Inet4Address OUR_ID = PeerFsmTransitionTest.ip("10.0.0.1");

    static SessionSettings.Builder config(long localAs, long peerAs) throws Exception {
        return SessionSettings.builder(InetAddress.getByName("192.0.2.2"), localAs, peerAs, OUR_ID);
    }

    static OpenMessage open(int myAs, int hold, String id, Capability... caps) {
        return new OpenMessage(4, myAs, hold, PeerFsmTransitionTest.ip(id), List.of(caps));
    }

    static BgpProtocolException refused(SessionSettings c, OpenMessage o) {
        try {
            NegotiatedSession.negotiate(c, o);
        } catch (BgpProtocolException e) {
            return e;
        }
        throw new AssertionError("OPEN accepted: " + o);
    }

    @Test
    void negotiatesCommonCapabilitiesAndTheSmallerHoldTime() throws Exception {
        SessionSettings c = config(65001, 65002).holdTime(90).keepaliveTime(30).extendedMessages(true)
                .families(EnumSet.allOf(AddressFamily.class))
                .addPath(Map.of(AddressFamily.IPV4_UNICAST, AddPathCapability.Mode.BOTH, AddressFamily.IPV6_UNICAST, AddPathCapability.Mode.RECEIVE))
                .build();
        GracefulRestartCapability gr = new GracefulRestartCapability(false, true, 120, List.of());
        UnknownCapability unknown = new UnknownCapability(73, new byte[] {1, 2});
        OpenMessage o = open(65002, 30, "10.0.0.2", MultiprotocolCapability.of(AddressFamily.IPV4_UNICAST),
                MultiprotocolCapability.of(AddressFamily.IPV6_UNICAST), new RouteRefreshCapability(), new ExtendedMessageCapability(),
                new FourOctetAsCapability(65002), gr, unknown,
                new AddPathCapability(List.of(new AddPathCapability.Family(1, 1, AddPathCapability.Mode.RECEIVE),
                        new AddPathCapability.Family(2, 1, AddPathCapability.Mode.SEND))));

        NegotiatedSession n = NegotiatedSession.negotiate(c, o);

        assertThat(n.holdTime()).isEqualTo(30);
        assertThat(n.keepaliveTime()).isEqualTo(10);
        assertThat(n.families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(n.routeRefresh()).isTrue();
        assertThat(n.enhancedRouteRefresh()).isFalse();
        assertThat(n.extendedMessages()).isTrue();
        assertThat(n.fourOctetAs()).isTrue();
        assertThat(n.peerGracefulRestart()).isEqualTo(gr);
        assertThat(n.unknownCapabilities()).containsExactly(unknown);
        // We send path ids for IPv4 (we BOTH, they RECEIVE); we receive them for IPv6 (we RECEIVE, they SEND).
        assertThat(n.addPathSend()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(n.addPathReceive()).containsExactly(AddressFamily.IPV6_UNICAST);
        CodecContext ctx = n.codecContext();
        assertThat(ctx.maxMessageLength()).isEqualTo(65535);
        assertThat(ctx.sendsPathId(AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(ctx.receivesPathId(AddressFamily.IPV6_UNICAST)).isTrue();
    }

    @Test
    void peerWithoutFourOctetCapabilityGetsTwoOctetContextAndSeesAsTrans() throws Exception {
        SessionSettings c = config(4_200_000_001L, 65002).build();
        NegotiatedSession n = NegotiatedSession.negotiate(c, open(65002, 90, "10.0.0.2"));

        assertThat(n.fourOctetAs()).isFalse();
        assertThat(n.codecContext()).isEqualTo(CodecContext.DEFAULT);
        // RFC 4760 8: no multiprotocol capability means IPv4 unicast.
        assertThat(n.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(c.openMessage().myAs()).isEqualTo(SessionSettings.AS_TRANS);
        assertThat(c.openMessage().asn()).isEqualTo(4_200_000_001L);
    }

    @Test
    void fourOctetPeerIsIdentifiedByTheAsnInItsCapability() throws Exception {
        SessionSettings c = config(65001, 4_200_000_002L).build();
        NegotiatedSession n = NegotiatedSession.negotiate(c,
                open(SessionSettings.AS_TRANS, 90, "10.0.0.2", new FourOctetAsCapability(4_200_000_002L)));
        assertThat(n.peerAsn()).isEqualTo(4_200_000_002L);
        assertThat(n.codecContext().fourOctetAs()).isTrue();
    }

    @Test
    void wrongPeerAsIsBadPeerAsWithTheTwoOctetField() throws Exception {
        BgpProtocolException e = refused(config(65001, 65002).build(), open(65003, 90, "10.0.0.2"));
        assertThat(e.notification()).isEqualTo(new NotificationMessage(2, 2, new byte[] {(byte) 0xFD, (byte) 0xEB}));
    }

    @Test
    void holdTimeOfOneOrTwoIsUnacceptable() throws Exception {
        for (int hold : new int[] {1, 2}) {
            assertThat(refused(config(65001, 65002).build(), open(65002, hold, "10.0.0.2")).notification())
                    .isEqualTo(NotificationMessage.of(2, 6));
        }
    }

    @Test
    void holdTimeZeroMeansNoKeepalives() throws Exception {
        NegotiatedSession n = NegotiatedSession.negotiate(config(65001, 65002).build(), open(65002, 0, "10.0.0.2"));
        assertThat(n.holdTime()).isZero();
        assertThat(n.keepaliveTime()).isZero();
    }

    @Test
    void zeroIdentifierIsBadBgpIdentifier() throws Exception {
        assertThat(refused(config(65001, 65002).build(), open(65002, 90, "0.0.0.0")).notification())
                .isEqualTo(NotificationMessage.of(2, 3));
    }

    @Test
    void ibgpPeerWithOurIdentifierIsBadBgpIdentifierButEbgpIsNot() throws Exception {
        assertThat(refused(config(65001, 65001).build(), open(65001, 90, "10.0.0.1")).notification())
                .isEqualTo(NotificationMessage.of(2, 3));
        assertThat(NegotiatedSession.negotiate(config(65001, 65002).build(), open(65002, 90, "10.0.0.1")).peerId()).isEqualTo(OUR_ID);
    }

    @Test
    void versionOtherThanFourIsUnsupportedWithOurVersionAsData() throws Exception {
        OpenMessage v3 = new OpenMessage(3, 65002, 90, PeerFsmTransitionTest.ip("10.0.0.2"), List.of());
        assertThat(refused(config(65001, 65002).build(), v3).notification()).isEqualTo(new NotificationMessage(2, 1, new byte[] {0, 4}));
    }

    @Test
    void configRejectsHoldTimesTheRfcForbids() {
        assertThatThrownBy(() -> config(65001, 65002).holdTime(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold-time 2").hasMessageContaining("0 or 3..65535");
    }
}
