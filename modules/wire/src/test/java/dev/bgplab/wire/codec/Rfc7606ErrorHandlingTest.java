package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.AS_PATH_4OCT_65001;
import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.NLRI_10_0_0_0_8;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.b;
import static dev.bgplab.wire.codec.Bytes.cat;
import static dev.bgplab.wire.codec.Bytes.message;
import static dev.bgplab.wire.codec.Decoding.resetBy;
import static dev.bgplab.wire.codec.Decoding.update;
import static dev.bgplab.wire.message.NotificationMessage.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.UnknownAttribute;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.AttributeError.ErrorAction;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per RFC 7606 rule the decoder implements (sections 3, 4, 5.3 and 7.x), plus RFC 4271 5 unknowns. */
class Rfc7606ErrorHandlingTest {

    private static final byte[] BASE = cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1);

    private static UpdateMessage withExtra(byte[] extra) {
        return update(Bytes.update(cat(BASE, extra), NLRI_10_0_0_0_8));
    }

    private static void assertOnly(UpdateMessage u, int type, ErrorAction action) {
        assertThat(u.errors()).extracting(AttributeError::typeCode, AttributeError::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(type, action));
    }

    @Test
    void section3cFlagsConflictOnCommunitiesIsTreatAsWithdraw() {
        UpdateMessage u = withExtra(attr(0x80, 8, b(0, 1, 0, 2))); // COMMUNITIES without Transitive
        assertOnly(u, 8, ErrorAction.TREAT_AS_WITHDRAW);
        assertThat(u.attributes().communities()).isEmpty();
    }

    @Test
    void section3dMissingOriginWithNlriIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertOnly(u, 1, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section3dMissingNextHopWithBodyNlriIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001), NLRI_10_0_0_0_8));
        assertOnly(u, 3, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section3dNextHopIsNotNeededForMpReachNlriOnly() {
        byte[] mp = attr(0x80, 14, cat(b(0, 2, 1, 16), Bytes.hex("20010db8000000000000000000000001"), b(0, 32, 0x20, 0x01, 0x0d, 0xb8)));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertThat(u.errors()).isEmpty();
        assertThat(u.announced(AddressFamily.IPV6_UNICAST)).containsExactly(NlriEntry.of("2001:db8::/32"));
    }

    @Test
    void section3dMissingAttributesWithoutNlriAreFine() {
        UpdateMessage u = update(Bytes.update(b(8, 10), new byte[0], new byte[0]));
        assertThat(u.errors()).isEmpty();
        assertThat(u.withdrawn()).containsExactly(NlriEntry.of("10.0.0.0/8"));
    }

    @Test
    void section3gRepeatedAttributeKeepsTheFirstAndDiscardsTheRest() {
        UpdateMessage u = withExtra(cat(attr(0xC0, 8, b(0, 1, 0, 2)), attr(0xC0, 8, b(0, 3, 0, 4))));
        assertOnly(u, 8, ErrorAction.ATTRIBUTE_DISCARD);
        assertThat(u.attributes().communities()).containsExactly(Community.of(1, 2));
        assertThat(u.treatAsWithdraw()).isFalse();
    }

    @Test
    void section3gRepeatedMpUnreachNlriIsMalformedAttributeList() {
        byte[] un = attr(0x80, 15, b(0, 2, 1));
        NotificationMessage n = resetBy(Bytes.update(cat(un, un), new byte[0]));
        assertThat(n.code()).isEqualTo(UPDATE_MESSAGE_ERROR);
        assertThat(n.subcode()).isEqualTo(MALFORMED_ATTRIBUTE_LIST);
    }

    @Test
    void section4AttributeLengthOverrunningTheAttributesIsTreatAsWithdraw() {
        byte[] attrs = cat(BASE, b(0xC0, 8, 8, 0, 1, 0, 2)); // COMMUNITIES says 8, has 4
        UpdateMessage u = update(Bytes.update(attrs, NLRI_10_0_0_0_8));
        assertOnly(u, 8, ErrorAction.TREAT_AS_WITHDRAW);
        assertThat(u.nlri()).containsExactly(NlriEntry.of("10.0.0.0/8"));
    }

    @Test
    void section4TooFewOctetsForAnAttributeHeaderIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(BASE, b(0x40, 5)), NLRI_10_0_0_0_8));
        assertOnly(u, 5, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section4OverrunningMpReachNlriResetsBecauseItsNlriCannotBeLocated() {
        byte[] attrs = cat(ORIGIN_IGP, AS_PATH_4OCT_65001, b(0x80, 14, 40, 0, 2, 1, 16));
        NotificationMessage n = resetBy(Bytes.update(attrs, new byte[0]));
        assertThat(n.subcode()).isEqualTo(OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void section53UnparseableWithdrawnRoutesResetTheSession() {
        NotificationMessage n = resetBy(Bytes.update(b(40, 10), new byte[0], new byte[0]));
        assertThat(n.subcode()).isEqualTo(INVALID_NETWORK_FIELD);
    }

    @Test
    void section53UnparseableMpReachNlriPrefixResetsTheSession() {
        byte[] mp = attr(0x80, 14, cat(b(0, 2, 1, 16), new byte[16], b(0, 129)));
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertThat(n.subcode()).isEqualTo(OPTIONAL_ATTRIBUTE_ERROR);
        assertThat(n.data()).isEqualTo(mp);
    }

    @Test
    void section71OriginOfTwoOctetsIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(attr(0x40, 1, b(0, 0)), AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertOnly(u, 1, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section72AsPathWithZeroLengthSegmentIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, attr(0x40, 2, b(1, 0)), NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertOnly(u, 2, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section72AsPathWithUnknownSegmentTypeIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, attr(0x40, 2, b(5, 1, 0, 0, 0, 1)), NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertOnly(u, 2, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section72AsPathWithOneOctetLeftOverIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, attr(0x40, 2, b(2, 1, 0, 0, 0, 1, 2)), NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertOnly(u, 2, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section73NextHopOfFiveOctetsIsTreatAsWithdraw() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, attr(0x40, 3, b(1, 2, 3, 4, 5))), NLRI_10_0_0_0_8));
        assertOnly(u, 3, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section74MedOfFiveOctetsIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0x80, 4, b(0, 0, 0, 0, 1))), 4, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section75LocalPrefOfTwoOctetsIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0x40, 5, b(0, 100))), 5, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section76AtomicAggregateWithAValueIsAttributeDiscard() {
        UpdateMessage u = withExtra(attr(0x40, 6, b(1)));
        assertOnly(u, 6, ErrorAction.ATTRIBUTE_DISCARD);
        assertThat(u.attributes().has(6)).isFalse();
    }

    @Test
    void section77AggregatorOfWrongLengthForTheAsSizeIsAttributeDiscard() {
        // 6 octets is right for a 2-octet session but wrong for a 4-octet one
        UpdateMessage u = withExtra(attr(0xC0, 7, b(0xFD, 0xE9, 192, 0, 2, 1)));
        assertOnly(u, 7, ErrorAction.ATTRIBUTE_DISCARD);
    }

    @Test
    void section78CommunitiesNotAMultipleOfFourIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0xC0, 8, b(0, 1, 0))), 8, ErrorAction.TREAT_AS_WITHDRAW);
        assertOnly(withExtra(attr(0xC0, 8, new byte[0])), 8, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section79OriginatorIdOfThreeOctetsIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0x80, 9, b(1, 2, 3))), 9, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section710ClusterListNotAMultipleOfFourIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0x80, 10, b(1, 2, 3, 4, 5))), 10, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void section711MpReachNlriShorterThanItsHeaderResetsTheSession() {
        byte[] mp = attr(0x80, 14, b(0, 2, 1));
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertThat(n.subcode()).isEqualTo(OPTIONAL_ATTRIBUTE_ERROR);
        assertThat(n.data()).isEqualTo(mp);
    }

    @Test
    void section711MpUnreachNlriShorterThanItsHeaderResetsTheSession() {
        byte[] mp = attr(0x80, 15, b(0, 2));
        assertThat(resetBy(Bytes.update(mp, new byte[0])).subcode()).isEqualTo(OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void section714ExtendedCommunitiesNotAMultipleOfEightIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0xC0, 16, new byte[7])), 16, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void rfc8092LargeCommunitiesNotAMultipleOfTwelveIsTreatAsWithdraw() {
        assertOnly(withExtra(attr(0xC0, 32, new byte[13])), 32, ErrorAction.TREAT_AS_WITHDRAW);
    }

    @Test
    void mpReachNlriOfAnUnknownFamilyIsKeptWithoutNlri() {
        byte[] mp = attr(0x80, 14, cat(b(0, 1, 128, 12), new byte[12], b(0, 88, 1, 2, 3)));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertThat(u.errors()).isEmpty();
        assertThat(u.attributes().mpReach()).isEqualTo(new MpReachNlri(1, 128, null, List.of()));
    }

    @Test
    void mpUnreachNlriOfAnUnknownFamilyIsKeptWithoutNlri() {
        UpdateMessage u = update(Bytes.update(attr(0x80, 15, b(0, 25, 70, 1, 2)), new byte[0]));
        assertThat(u.attributes().mpUnreach()).isEqualTo(new MpUnreachNlri(25, 70, List.of()));
    }

    @Test
    void rfc4271Section5UnknownOptionalTransitiveIsKeptAndReEncodedWithPartial() {
        UpdateMessage u = withExtra(attr(0xC0, 99, b(7, 8)));
        assertThat(u.attributes().get(99)).isEqualTo(new UnknownAttribute(0xC0, 99, b(7, 8)));
        byte[] again = BgpCodec.encode(u, CodecContext.FOUR_OCTET);
        assertThat(Bytes.hex(again)).contains("e0630207" + "08");
    }

    @Test
    void rfc4271Section5UnknownOptionalNonTransitiveIsDropped() {
        UpdateMessage u = withExtra(attr(0x80, 99, b(7, 8)));
        assertThat(u.attributes().has(99)).isFalse();
        assertThat(u.errors()).isEmpty();
    }

    @Test
    void mpReachNlriWithWrongFlagsIsStillDecodedAndTreatedAsWithdraw() {
        byte[] mp = attr(0xC0, 14, cat(b(0, 2, 1, 16), new byte[16], b(0, 32, 0x20, 0x01, 0x0d, 0xb8)));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertOnly(u, 14, ErrorAction.TREAT_AS_WITHDRAW);
        assertThat(u.announced(AddressFamily.IPV6_UNICAST)).hasSize(1);
    }

    @Test
    void rfc7313BorrWithBadLengthIsRouteRefreshInvalidMessageLengthWithTheMessageAsData() {
        byte[] m = message(5, b(0, 1, 1, 1, 0));
        NotificationMessage n = resetBy(m);
        assertThat(n.code()).isEqualTo(ROUTE_REFRESH_MESSAGE_ERROR);
        assertThat(n.subcode()).isEqualTo(INVALID_MESSAGE_LENGTH);
        assertThat(n.data()).isEqualTo(m);
    }

    @Test
    void rfc7313Section5PlainRouteRefreshWithTrailingOctetsIsRouteRefreshInvalidMessageLengthWithTheMessageAsData() {
        byte[] m = message(5, b(0, 1, 0, 1, 0));
        NotificationMessage n = resetBy(m);
        assertThat(n.code()).isEqualTo(ROUTE_REFRESH_MESSAGE_ERROR);
        assertThat(n.subcode()).isEqualTo(INVALID_MESSAGE_LENGTH);
        assertThat(n.data()).isEqualTo(m);
    }

    @Test
    void rfc7313UnknownRouteRefreshSubtypeIsDecodedForTheSessionToIgnore() {
        assertThat(Decoding.decode(message(5, b(0, 2, 9, 1)), CodecContext.DEFAULT)).isEqualTo(new RouteRefreshMessage(2, 1, 9));
    }
}
