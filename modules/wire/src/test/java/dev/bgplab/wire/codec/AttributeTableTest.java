package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.AS_PATH_2OCT_65001;
import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.NLRI_10_0_0_0_8;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.cat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.UpdateMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decoder reads the attribute descriptor table: for every type with a length rule, a value of
 * a length the rule forbids, or flags the type does not have (RFC 7606 3 c), ends in the RFC 7606
 * action the table names for that type.
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

    private static AttributeError.Action expected(AttributeType t) {
        return t.onMalformed() == AttributeType.Malformed.TREAT_AS_WITHDRAW ? AttributeError.Action.TREAT_AS_WITHDRAW
                : AttributeError.Action.ATTRIBUTE_DISCARD;
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
}
