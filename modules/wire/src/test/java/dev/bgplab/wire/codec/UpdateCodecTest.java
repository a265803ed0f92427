package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.AS_PATH_4OCT_65001;
import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.b;
import static dev.bgplab.wire.codec.Bytes.cat;
import static dev.bgplab.wire.codec.Bytes.hex;
import static dev.bgplab.wire.codec.Decoding.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** UPDATE encodings: ADD-PATH, IPv6 next hops, extended length. */
class UpdateCodecTest {

    private static final CodecContext ADD_PATH_V4 =
            new CodecContext(true, Set.of(AddressFamily.IPV4_UNICAST), Set.of(AddressFamily.IPV4_UNICAST), false);

    @Test
    void bodyNlriAndWithdrawnCarryPathIdsWhenAddPathIsReceivedForIpv4() {
        byte[] m = Bytes.update(b(0, 0, 0, 9, 8, 10), cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), b(0, 0, 0, 7, 16, 10, 1));
        UpdateMessage u = update(m, ADD_PATH_V4);
        assertThat(u.withdrawn()).containsExactly(new NlriEntry(Prefix.parse("10.0.0.0/8"), 9));
        assertThat(u.nlri()).containsExactly(new NlriEntry(Prefix.parse("10.1.0.0/16"), 7));
        assertThat(BgpCodec.encode(u, ADD_PATH_V4)).isEqualTo(m);
    }

    @Test
    void ipv6NextHopOf32OctetsIsGlobalPlusLinkLocal() throws Exception {
        byte[] nh = cat(Bytes.hex("20010db8000000000000000000000001"), Bytes.hex("fe800000000000000000000000000001"));
        byte[] mp = attr(0x80, 14, cat(b(0, 2, 1, 32), nh, b(0, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1)));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        MpReachNlri r = u.attributes().mpReach();
        assertThat(r.nextHop()).isEqualTo(new NextHop(InetAddress.getByName("2001:db8::1"), (Inet6Address) InetAddress.getByName("fe80::1")));
        assertThat(r.nlri()).containsExactly(NlriEntry.of("2001:db8:0:1::/64"));
        assertThat(hex(BgpCodec.encode(u, CodecContext.FOUR_OCTET))).contains(hex(mp));
    }

    @Test
    void extendedLengthFlagIsUsedOnlyForValuesLongerThan255Octets() {
        List<Community> many = new ArrayList<>();
        for (int i = 0; i < 64; i++) many.add(Community.of(65001, i));
        PathAttributes short_ = PathAttributes.of(Origin.IGP, new Communities(many.subList(0, 63)));
        PathAttributes long_ = PathAttributes.of(Origin.IGP, new Communities(many));
        assertThat(hex(BgpCodec.encode(new UpdateMessage(List.of(), short_, List.of()), CodecContext.FOUR_OCTET))).contains("c008fc");
        assertThat(hex(BgpCodec.encode(new UpdateMessage(List.of(), long_, List.of()), CodecContext.FOUR_OCTET))).contains("d0080100");
    }

    @Test
    void endOfRibMarkersEncodeAsRfc4724Says() throws Exception {
        assertThat(hex(BgpCodec.encode(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST), CodecContext.FOUR_OCTET)))
                .isEqualTo("ffffffffffffffffffffffffffffffff" + "0017" + "02" + "00000000");
        assertThat(hex(BgpCodec.encode(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST), CodecContext.FOUR_OCTET)))
                .endsWith("0006" + "800f03000201");
    }

    @Test
    void updateLargerThanTheNegotiatedMaximumIsRefusedAtEncoding() {
        List<NlriEntry> nlri = new ArrayList<>();
        for (int i = 0; i < 1100; i++) nlri.add(new NlriEntry(new Prefix(AddressFamily.IPV4_UNICAST, 0, (long) i << 8, 24), 0));
        UpdateMessage u = new UpdateMessage(List.of(), PathAttributes.of(Origin.IGP, NextHop.of("192.0.2.1")), nlri);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BgpCodec.encode(u, CodecContext.FOUR_OCTET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
        CodecContext ext = new CodecContext(true, Set.of(), Set.of(), true);
        assertThat(update(BgpCodec.encode(u, ext), ext).nlri()).hasSize(1100);
    }

    @Test
    void ipv4UnicastInMpReachNlriHasAFourOctetNextHop() {
        byte[] mp = attr(0x80, 14, b(0, 1, 1, 4, 192, 0, 2, 7, 0, 24, 198, 51, 100));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertThat(u.errors()).isEmpty();
        assertThat(u.attributes().mpReach().nextHop()).isEqualTo(NextHop.of("192.0.2.7"));
        assertThat(u.announced(AddressFamily.IPV4_UNICAST)).containsExactly(NlriEntry.of("198.51.100.0/24"));
        assertThat(hex(BgpCodec.encode(u, CodecContext.FOUR_OCTET))).contains(hex(mp));
    }
}
