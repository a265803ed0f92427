package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.AS_PATH_2OCT_65001;
import static dev.bgplab.wire.codec.Bytes.AS_PATH_4OCT_65001;
import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.NLRI_10_0_0_0_8;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.cat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AtomicAggregate;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.attribute.UnknownAttribute;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decoder reads the attribute descriptor table: for every type with a length rule, a value of
 * a length the rule forbids, or flags the type does not have (RFC 7606 3 c), ends in the RFC 7606
 * action the table names for that type; and every row's value length is exactly what its encoder
 * writes, and its decoder reads that value back.
 */
class AttributeTableTest {

    /** A 2-octet session, so AS4_PATH and AS4_AGGREGATOR are read too (RFC 6793 4.1). */
    private static final CodecContext TWO_OCTET = CodecContext.DEFAULT;

    private static UpdateMessage withAttribute(AttributeType t, int flags, byte[] value) {
        List<byte[]> attrs = new ArrayList<>(List.of(ORIGIN_IGP, AS_PATH_2OCT_65001, NEXT_HOP_192_0_2_1));
        byte[] bad = attr(flags, t.code(), value);
        if (t.code() <= 3) attrs.set(t.code() - 1, bad);
        else attrs.add(bad);
        return Decoding.update(Bytes.update(cat(attrs.toArray(byte[][]::new)), NLRI_10_0_0_0_8), TWO_OCTET);
    }

    private static AttributeError.ErrorAction expected(AttributeType t) {
        return t.onMalformed() == AttributeType.Malformed.TREAT_AS_WITHDRAW ? AttributeError.ErrorAction.TREAT_AS_WITHDRAW
                : AttributeError.ErrorAction.ATTRIBUTE_DISCARD;
    }

    @ParameterizedTest
    @EnumSource(value = AttributeType.class, names = {"ORIGIN", "NEXT_HOP", "MULTI_EXIT_DISC", "LOCAL_PREF", "ATOMIC_AGGREGATE",
            "AGGREGATOR", "COMMUNITIES", "ORIGINATOR_ID", "CLUSTER_LIST", "EXTENDED_COMMUNITIES", "AS4_AGGREGATOR", "LARGE_COMMUNITY"})
    void rfc7606AValueOfALengthTheTableForbidsGetsTheTablesAction(AttributeType t) {
        AttributeType.Length rule = t.length();
        int badLength = rule.asSizePlus4() ? 2 + 4 + 1 : rule.exact() >= 0 ? rule.exact() + 1 : rule.unit() + 1;
        assertThat(rule.fits(badLength, 2)).isFalse();
        UpdateMessage u = withAttribute(t, t.wellKnownFlags(), new byte[badLength]);
        assertThat(u.errors()).anySatisfy(e -> {
            assertThat(e.typeCode()).isEqualTo(t.code());
            assertThat(e.action()).isEqualTo(expected(t));
        });
    }

    @ParameterizedTest
    @EnumSource(value = AttributeType.class, names = {"ORIGIN", "AS_PATH", "NEXT_HOP", "MULTI_EXIT_DISC", "LOCAL_PREF",
            "ATOMIC_AGGREGATE", "AGGREGATOR", "COMMUNITIES", "ORIGINATOR_ID", "CLUSTER_LIST", "EXTENDED_COMMUNITIES",
            "AS4_PATH", "AS4_AGGREGATOR", "LARGE_COMMUNITY"})
    void rfc7606Section3cFlagsInConflictWithTheTypeGetTheTablesAction(AttributeType t) {
        int wrongFlags = t.wellKnownFlags() ^ 0x40; // Transitive bit flipped
        int len = t.length().asSizePlus4() ? 6 : Math.max(t.length().exact(), Math.max(t.length().unit(), 0));
        UpdateMessage u = withAttribute(t, wrongFlags, new byte[len]);
        assertThat(u.errors()).anySatisfy(e -> {
            assertThat(e.typeCode()).isEqualTo(t.code());
            assertThat(e.action()).isEqualTo(expected(t));
        });
    }

    /** A value of each row's type; AS4_PATH and AS4_AGGREGATOR carry an AS_PATH / AGGREGATOR on the wire. */
    private static PathAttribute sample(AttributeType t) throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("192.0.2.1");
        AddressFamily v6 = AddressFamily.IPV6_UNICAST;
        return switch (t) {
            case ORIGIN -> Origin.EGP;
            case AS_PATH, AS4_PATH -> AsPath.of(65001, 4200000001L, 65003);
            case NEXT_HOP -> NextHop.of("198.18.0.1");
            case MULTI_EXIT_DISC -> new MultiExitDisc(4000000000L);
            case LOCAL_PREF -> new LocalPref(200);
            case ATOMIC_AGGREGATE -> AtomicAggregate.INSTANCE;
            case AGGREGATOR, AS4_AGGREGATOR -> new Aggregator(4200000001L, a);
            case COMMUNITIES -> new Communities(List.of(Community.of(65001, 1), Community.of(65535, 65281)));
            case ORIGINATOR_ID -> new OriginatorId(a);
            case CLUSTER_LIST -> new ClusterList(List.of(a, (Inet4Address) InetAddress.getByName("10.0.0.1")));
            case MP_REACH_NLRI -> new MpReachNlri(v6.afi(), v6.safi(), NextHop.of("2001:db8::1"),
                    List.of(NlriEntry.of("2001:db8:1::/48"), NlriEntry.of("2001:db8:2::/64")));
            case MP_UNREACH_NLRI -> new MpUnreachNlri(v6.afi(), v6.safi(), List.of(NlriEntry.of("2001:db8:3::/48")));
            case EXTENDED_COMMUNITIES -> new ExtendedCommunities(List.of(ExtendedCommunity.routeTarget(65001, 9)));
            case LARGE_COMMUNITY -> new LargeCommunities(List.of(new LargeCommunity(4200000001L, 1, 2)));
            case UNKNOWN -> new UnknownAttribute(0xC0, 99, new byte[] {1, 2, 3});
        };
    }

    @ParameterizedTest
    @EnumSource(AttributeType.class)
    void everyRowsValueLengthIsExactlyWhatItsEncoderWritesAndItsDecoderReadsTheValueBack(AttributeType t) throws Exception {
        for (CodecContext ctx : List.of(CodecContext.DEFAULT, CodecContext.FOUR_OCTET)) {
            PathAttribute value = sample(t);
            ByteBuf out = Unpooled.buffer();
            t.encode(value, ctx, out);
            assertThat(out.readableBytes()).as("%s value octets, %s", t, ctx).isEqualTo(t.valueLength(value, ctx));

            // The value back through the decoder, in an UPDATE with the mandatory attributes around it.
            byte[] v = new byte[out.readableBytes()];
            out.readBytes(v);
            int flags = t == AttributeType.UNKNOWN ? 0xC0 : t.wellKnownFlags();
            int code = t == AttributeType.UNKNOWN ? 99 : t.code();
            List<byte[]> attrs = new ArrayList<>(List.of(ORIGIN_IGP, ctx.fourOctetAs() ? AS_PATH_4OCT_65001 : AS_PATH_2OCT_65001,
                    NEXT_HOP_192_0_2_1));
            if (code <= 3) attrs.set(code - 1, attr(flags, code, v));
            else attrs.add(attr(flags, code, v));
            UpdateMessage u = Decoding.update(Bytes.update(cat(attrs.toArray(byte[][]::new)), NLRI_10_0_0_0_8), ctx);
            assertThat(u.errors()).as("%s, %s", t, ctx).isEmpty();
            PathAttributes got = u.attributes();
            switch (t) {
                // RFC 6793 4.1: a 4-octet session ignores AS4_PATH / AS4_AGGREGATOR; on a 2-octet one
                // they are merged into AS_PATH / AGGREGATOR (RFC 6793 4.2.3), which As4Test checks.
                case AS4_PATH, AS4_AGGREGATOR -> assertThat(got.has(code)).isFalse();
                case UNKNOWN -> assertThat(got.get(99)).isEqualTo(value);
                case AS_PATH, AGGREGATOR -> {
                    // a 2-octet session writes AS_TRANS for a 4-octet ASN (RFC 6793 4.2.2), so only 4-octet reads it back as is
                    if (ctx.fourOctetAs()) assertThat(got.get(code)).isEqualTo(value);
                    else assertThat(got.has(code)).isTrue();
                }
                default -> assertThat(got.get(code)).isEqualTo(value);
            }
        }
    }
}
