package dev.bgplab.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages captured from a real BIRD 2.0.12 session (see golden/README.md) decode to what BIRD was configured to send. */
class BirdGoldenTest {

    private static List<byte[]> capture(String name) throws IOException {
        try (InputStream in = BirdGoldenTest.class.getResourceAsStream("/golden/" + name + ".hex")) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank()).map(Bytes::hex).toList();
        }
    }

    private static List<BgpMessage> decodeAll(List<byte[]> msgs, CodecContext ctx) {
        return msgs.stream().map(m -> Decoding.decode(m, ctx)).toList();
    }

    private static List<Capability> birdCapabilities(long asn) {
        return List.of(new MultiprotocolCapability(1, 1), new MultiprotocolCapability(2, 1), new RouteRefreshCapability(),
                new GracefulRestartCapability(false, false, 120, List.of()), new FourOctetAsCapability(asn),
                new EnhancedRouteRefreshCapability(), new UnknownCapability(71, new byte[0]));
    }

    @Test
    void birdOpenDecodesToItsCapabilitiesAndReEncodesToTheSameBytes() throws IOException {
        byte[] raw = capture("bird-2oct").get(0);
        OpenMessage o = (OpenMessage) Decoding.decode(raw, CodecContext.DEFAULT);
        assertThat(o.version()).isEqualTo(4);
        assertThat(o.myAs()).isEqualTo(65001);
        assertThat(o.holdTime()).isEqualTo(90);
        assertThat(o.bgpIdentifier().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(o.capabilities()).containsExactlyElementsOf(birdCapabilities(65001));
        assertThat(BgpCodec.encode(o, CodecContext.DEFAULT)).isEqualTo(raw);
    }

    @Test
    void birdOpenWithFourOctetAsnCarriesAsTransAndTheRealAsnInTheCapability() throws IOException {
        byte[] raw = capture("bird-4oct").get(0);
        OpenMessage o = (OpenMessage) Decoding.decode(raw, CodecContext.DEFAULT);
        assertThat(o.myAs()).isEqualTo(23456);
        assertThat(o.asn()).isEqualTo(4200000001L);
        assertThat(o.capabilities()).containsExactlyElementsOf(birdCapabilities(4200000001L));
        assertThat(BgpCodec.encode(o, CodecContext.DEFAULT)).isEqualTo(raw);
    }

    @Test
    void birdIpv4UpdatesDecodeToTheConfiguredRoutesAndReEncodeToTheSameBytes() throws IOException {
        List<byte[]> raw = capture("bird-2oct");
        List<BgpMessage> m = decodeAll(raw, CodecContext.FOUR_OCTET);
        assertThat(m.get(1)).isEqualTo(KeepaliveMessage.INSTANCE);

        UpdateMessage first = (UpdateMessage) m.get(2);
        assertThat(first.errors()).isEmpty();
        assertThat(first.nlri()).containsExactly(NlriEntry.of("10.1.0.0/16"));
        assertThat(first.attributes().origin()).isEqualTo(Origin.IGP);
        assertThat(first.attributes().asPath()).isEqualTo(AsPath.of(65001));
        assertThat(first.attributes().nextHop()).isEqualTo(NextHop.of("127.0.0.1"));
        assertThat(first.attributes().communities()).containsExactly(Community.of(65001, 100), Community.NO_EXPORT);
        assertThat(first.attributes().largeCommunities()).containsExactly(new LargeCommunity(4200000001L, 7, 8));

        UpdateMessage second = (UpdateMessage) m.get(3);
        assertThat(second.nlri()).containsExactly(NlriEntry.of("10.2.3.0/24"));
        assertThat(second.attributes().med()).isEqualTo(50L);
        assertThat(second.attributes().communities()).containsExactly(Community.of(65001, 200));

        assertThat(((UpdateMessage) m.get(4)).nlri()).containsExactly(NlriEntry.of("192.0.2.128/25"));
        assertThat(((UpdateMessage) m.get(5)).endOfRibFamily()).isEqualTo(AddressFamily.IPV4_UNICAST);

        for (int i = 1; i <= 5; i++) {
            assertThat(BgpCodec.encode(m.get(i), CodecContext.FOUR_OCTET)).as("message %d", i).isEqualTo(raw.get(i));
        }
    }

    @Test
    void birdIpv6UpdatesDecodeFromMpReachNlriAndSurviveReEncoding() throws IOException {
        List<BgpMessage> m = decodeAll(capture("bird-2oct"), CodecContext.FOUR_OCTET);
        UpdateMessage first = (UpdateMessage) m.get(6);
        assertThat(first.errors()).isEmpty();
        assertThat(first.announced(AddressFamily.IPV6_UNICAST)).containsExactly(NlriEntry.of("2001:db8:1::/48"));
        assertThat(first.attributes().mpReach().nextHop()).isEqualTo(NextHop.of("2001:db8::1"));
        assertThat(first.attributes().communities()).containsExactly(Community.of(65001, 600));
        assertThat(first.attributes().largeCommunities()).containsExactly(new LargeCommunity(65001, 1, 2));
        UpdateMessage second = (UpdateMessage) m.get(7);
        assertThat(second.announced(AddressFamily.IPV6_UNICAST)).containsExactly(NlriEntry.of("2001:db8:2:3::/64"));
        assertThat(((UpdateMessage) m.get(8)).endOfRibFamily()).isEqualTo(AddressFamily.IPV6_UNICAST);
        // BIRD sets Extended Length on MP_REACH_NLRI even when short; this codec sets it only past
        // 255 octets (RFC 4271 4.3), so the bytes differ by that and the values must not.
        for (int i = 6; i <= 8; i++) {
            BgpMessage again = Decoding.decode(BgpCodec.encode(m.get(i), CodecContext.FOUR_OCTET), CodecContext.FOUR_OCTET);
            assertThat(again).isEqualTo(m.get(i));
        }
    }

    @Test
    void birdWithAFourOctetAsnOnAFourOctetSessionSendsItInAsPath() throws IOException {
        List<byte[]> raw = capture("bird-4oct");
        UpdateMessage u = (UpdateMessage) Decoding.decode(raw.get(2), CodecContext.FOUR_OCTET);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(4200000001L));
        assertThat(BgpCodec.encode(u, CodecContext.FOUR_OCTET)).isEqualTo(raw.get(2));
    }

    @Test
    void birdTowardsATwoOctetPeerSendsAsTransAndAs4PathWhichMergeBack() throws IOException {
        List<byte[]> raw = capture("bird-as2peer");
        for (int i : new int[] {2, 3, 4}) {
            UpdateMessage u = (UpdateMessage) Decoding.decode(raw.get(i), CodecContext.DEFAULT);
            assertThat(u.errors()).isEmpty();
            assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(4200000001L));
            assertThat(u.attributes().has(17)).isFalse();
            // same attribute order as BIRD: AS4_PATH between COMMUNITIES and LARGE_COMMUNITY
            assertThat(BgpCodec.encode(u, CodecContext.DEFAULT)).as("message %d", i).isEqualTo(raw.get(i));
        }
        UpdateMessage v6 = (UpdateMessage) Decoding.decode(raw.get(6), CodecContext.DEFAULT);
        assertThat(v6.attributes().asPath()).isEqualTo(AsPath.of(4200000001L));
    }
}
