package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdatePackerTest {

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
    private final UpdatePacker packer = new UpdatePacker(CodecContext.FOUR_OCTET);

    private static PathAttributes v4Attrs(long med) {
        return PathAttributes.of(Origin.IGP, AsPath.of(65000, 65001), NextHop.of("192.0.2.1"), new MultiExitDisc(med),
                new Communities(List.of(Community.of(65000, 1), Community.of(65000, 2))));
    }

    /** /24s: 10.(i/256).(i%256).0/24 */
    private static List<AdjRibOutChange> announce(int n, PathAttributes attrs) {
        List<AdjRibOutChange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(AdjRibOutChange.announce(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"), attrs));
        }
        return out;
    }

    /** The size of a whole UPDATE as the real codec encodes it. */
    private static int encodedSize(UpdateMessage m, CodecContext ctx) {
        return BgpCodec.encode(m, ctx).length;
    }

    @Test
    void sizesFromTheWireModuleAreExactlyWhatTheEncoderWrites() {
        // ORIGIN 3+1, AS_PATH 3+(2+4), NEXT_HOP 3+4 = 20 octets
        PathAttributes a = PathAttributes.of(Origin.IGP, AsPath.of(65001), NextHop.of("192.0.2.1"));
        assertThat(BgpCodec.attributesLength(a, CodecContext.FOUR_OCTET)).isEqualTo(20);
        UpdateMessage u = new UpdateMessage(List.of(), a, List.of(NlriEntry.of("10.0.0.0/9")));
        assertThat(encodedSize(u, CodecContext.FOUR_OCTET)).isEqualTo(BgpCodec.UPDATE_OVERHEAD + 20 + 3);
        // towards a 2-octet peer a 4-octet ASN also needs AS4_PATH (RFC 6793): AS_PATH 3+4, AS4_PATH 3+6
        PathAttributes big = PathAttributes.of(AsPath.of(4200000000L));
        assertThat(BgpCodec.attributesLength(big, CodecContext.DEFAULT)).isEqualTo(3 + 4 + 3 + 6);
        assertThat(encodedSize(new UpdateMessage(List.of(), big, List.of()), CodecContext.DEFAULT))
                .isEqualTo(BgpCodec.UPDATE_OVERHEAD + 16);
        // a value past 255 octets takes the extended-length header (RFC 4271 4.3)
        List<Community> many = new ArrayList<>();
        for (int i = 0; i < 64; i++) many.add(Community.of(65000, i));
        assertThat(BgpCodec.attributesLength(PathAttributes.of(new Communities(many)), CodecContext.FOUR_OCTET)).isEqualTo(4 + 256);
        assertThat(BgpCodec.nlriLength(Prefix.parse("10.0.0.0/9"), false)).isEqualTo(3);
        assertThat(BgpCodec.nlriLength(Prefix.parse("10.0.0.0/9"), true)).isEqualTo(7);
    }

    @Test
    void manyPrefixesSharingAttributesGoInFewMessagesEachUnderTheLimit() {
        List<UpdateMessage> msgs = packer.pack(V4, announce(3000, v4Attrs(0)));
        int attrs = BgpCodec.attributesLength(v4Attrs(0), CodecContext.FOUR_OCTET);
        int perMessage = (4096 - 23 - attrs) / 4;
        assertThat(msgs).hasSize((3000 + perMessage - 1) / perMessage);
        assertThat(msgs).allSatisfy(m -> assertThat(encodedSize(m, CodecContext.FOUR_OCTET)).isLessThanOrEqualTo(4096));
        // full: no room left for one more /24 (4 octets)
        assertThat(encodedSize(msgs.get(0), CodecContext.FOUR_OCTET)).isGreaterThan(4096 - 4);
        assertThat(msgs.get(0).nlri()).hasSize(perMessage);
        assertThat(msgs.stream().mapToInt(m -> m.nlri().size()).sum()).isEqualTo(3000);
        assertThat(msgs.get(0).attributes()).isEqualTo(v4Attrs(0));
    }

    @Test
    void rfc8654ExtendedMessagesHoldMorePerUpdate() {
        CodecContext ext = new CodecContext(true, Set.of(), Set.of(), true);
        List<UpdateMessage> msgs = new UpdatePacker(ext).pack(V4, announce(20000, v4Attrs(0)));
        assertThat(msgs).hasSize(2);
        assertThat(msgs).allSatisfy(m -> assertThat(encodedSize(m, ext)).isLessThanOrEqualTo(65535));
        assertThat(packer.pack(V4, announce(20000, v4Attrs(0))).size()).isGreaterThan(19);
    }

    @Test
    void prefixesAreGroupedByAttributeSet() {
        List<AdjRibOutChange> changes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            changes.add(AdjRibOutChange.announce(Prefix.parse("10.0." + i + ".0/24"), v4Attrs(i % 3)));
        }
        List<UpdateMessage> msgs = packer.pack(V4, changes);
        assertThat(msgs).hasSize(3);
        assertThat(msgs).allSatisfy(m -> assertThat(m.nlri()).hasSize(10));
        assertThat(msgs.get(1).attributes().med()).isEqualTo(1L);
        assertThat(msgs.get(1).nlri().get(0)).isEqualTo(NlriEntry.of("10.0.1.0/24"));
    }

    @Test
    void rfc4760Section3Ipv6GoesInMpReachWithTheNextHopInsideAndNoNextHopAttribute() {
        PathAttributes a = PathAttributes.of(Origin.IGP, AsPath.of(65000),
                new NextHop(Routes.ip("2001:db8::1"), (java.net.Inet6Address) Routes.ip("fe80::1")));
        List<AdjRibOutChange> changes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) changes.add(AdjRibOutChange.announce(Prefix.parse("2001:db8:" + Integer.toHexString(i) + "::/48"), a));
        List<UpdateMessage> msgs = packer.pack(V6, changes);
        assertThat(msgs).hasSizeGreaterThan(1);
        for (UpdateMessage m : msgs) {
            assertThat(m.nlri()).isEmpty();
            assertThat(m.attributes().has(PathAttribute.NEXT_HOP)).isFalse();
            MpReachNlri r = m.attributes().mpReach();
            assertThat(r.afi()).isEqualTo(2);
            assertThat(r.nextHop()).isEqualTo(a.nextHop());
            assertThat(encodedSize(m, CodecContext.FOUR_OCTET)).isLessThanOrEqualTo(4096);
        }
        assertThat(msgs.stream().mapToInt(m -> m.announced(V6).size()).sum()).isEqualTo(1000);
    }

    @Test
    void rfc4760Section4WithdrawalsTravelInTheBodyForIpv4AndInMpUnreachForIpv6() {
        List<UpdateMessage> v4 = packer.pack(V4, List.of(AdjRibOutChange.withdraw(Prefix.parse("10.0.0.0/8")),
                AdjRibOutChange.withdraw(Prefix.parse("10.1.0.0/16"))));
        assertThat(v4).singleElement().satisfies(m -> {
            assertThat(m.withdrawn()).containsExactly(NlriEntry.of("10.0.0.0/8"), NlriEntry.of("10.1.0.0/16"));
            assertThat(m.attributes().size()).isZero();
        });
        List<UpdateMessage> v6 = packer.pack(V6, List.of(AdjRibOutChange.withdraw(Prefix.parse("2001:db8::/32"))));
        assertThat(v6).singleElement().satisfies(m -> {
            MpUnreachNlri u = m.attributes().mpUnreach();
            assertThat(u.withdrawn()).containsExactly(NlriEntry.of("2001:db8::/32"));
            assertThat(m.endOfRibFamily()).isNull();
        });
    }

    @Test
    void withdrawalsComeBeforeAnnouncementsAndTheLastChangeForAPrefixWins() {
        Prefix p = Prefix.parse("10.0.0.0/8"), q = Prefix.parse("10.1.0.0/16");
        List<UpdateMessage> msgs = packer.pack(V4, List.of(
                AdjRibOutChange.announce(p, v4Attrs(1)), AdjRibOutChange.withdraw(q), AdjRibOutChange.withdraw(p),
                AdjRibOutChange.announce(p, v4Attrs(2))));
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).withdrawn()).containsExactly(NlriEntry.of(q));
        assertThat(msgs.get(1).nlri()).containsExactly(NlriEntry.of(p));
        assertThat(msgs.get(1).attributes().med()).isEqualTo(2L);
    }

    @Test
    void rfc7911Section3AddPathIdsAreSentWhenNegotiatedAndCountTowardsTheSize() {
        CodecContext addPath = new CodecContext(true, Set.of(), Set.of(V4), false);
        List<AdjRibOutChange> changes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            changes.add(new AdjRibOutChange.Announce(Prefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"), i % 2 + 1, v4Attrs(0)));
        }
        List<UpdateMessage> msgs = new UpdatePacker(addPath).pack(V4, changes);
        assertThat(msgs.get(0).nlri().get(1).pathId()).isEqualTo(2);
        int attrs = BgpCodec.attributesLength(v4Attrs(0), addPath);
        assertThat(msgs.get(0).nlri()).hasSize((4096 - 23 - attrs) / 8);
        assertThat(msgs).allSatisfy(m -> assertThat(encodedSize(m, addPath)).isLessThanOrEqualTo(4096));
    }

    @Test
    void withoutAddPathPathIdsAreDroppedAndTheLastPathWins() {
        Prefix p = Prefix.parse("10.0.0.0/8");
        List<UpdateMessage> msgs = packer.pack(V4, List.of(
                new AdjRibOutChange.Announce(p, 1, v4Attrs(1)), new AdjRibOutChange.Announce(p, 2, v4Attrs(2))));
        assertThat(msgs).singleElement().satisfies(m -> {
            assertThat(m.nlri()).containsExactly(NlriEntry.of(p));
            assertThat(m.attributes().med()).isEqualTo(2L);
        });
    }

    @Test
    void rfc4724Section2EndOfRibIsAnEmptyUpdateForIpv4AndAnEmptyMpUnreachForIpv6() {
        assertThat(UpdatePacker.endOfRib(V4).endOfRibFamily()).isEqualTo(V4);
        assertThat(UpdatePacker.endOfRib(V6).endOfRibFamily()).isEqualTo(V6);
        assertThat(packer.pack(V4, List.of())).isEmpty();
    }

    @Test
    void rfc4271Section5AnnouncementWithoutNextHopIsRefused() {
        assertThatThrownBy(() -> packer.pack(V4, List.of(AdjRibOutChange.announce(Prefix.parse("10.0.0.0/8"),
                PathAttributes.of(Origin.IGP, AsPath.EMPTY))))).hasMessageContaining("NEXT_HOP");
    }
}
