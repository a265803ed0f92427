package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.AS_PATH_4OCT_65001;
import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.NLRI_10_0_0_0_8;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.b;
import static dev.bgplab.wire.codec.Bytes.cat;
import static dev.bgplab.wire.codec.Bytes.hex;
import static dev.bgplab.wire.codec.Bytes.message;
import static dev.bgplab.wire.codec.Decoding.resetBy;
import static dev.bgplab.wire.codec.Decoding.update;
import static dev.bgplab.wire.message.NotificationMessage.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.message.AttributeError.ErrorAction;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.UpdateMessage;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * One test per NOTIFICATION case of RFC 4271 6.1 (header), 6.2 (OPEN) and 6.3 (UPDATE). Where
 * RFC 7606 replaced the session reset, the test checks the revised handling and says so.
 */
class Rfc4271NotificationTest {

    private static void assertNotification(NotificationMessage n, int code, int subcode, byte[] data) {
        assertThat(n.code()).as("code").isEqualTo(code);
        assertThat(n.subcode()).as("subcode of " + n).isEqualTo(subcode);
        assertThat(n.data()).as("data").isEqualTo(data);
    }

    private static byte[] open(int version, int as, int hold, int[] id, byte[] params) {
        return message(1, cat(b(version, as >>> 8, as, hold >>> 8, hold, id[0], id[1], id[2], id[3], params.length), params));
    }

    private static byte[] open(int version, int as, int hold, int[] id) { return open(version, as, hold, id, new byte[0]); }

    private static final int[] ID = {192, 0, 2, 1};

    // ---- RFC 4271 6.1 Message Header error handling

    @Test
    void markerNotAllOnesIsConnectionNotSynchronized() {
        byte[] ka = message(4, new byte[0]);
        ka[3] = 0;
        assertNotification(resetBy(ka), MESSAGE_HEADER_ERROR, CONNECTION_NOT_SYNCHRONIZED, new byte[0]);
    }

    @Test
    void lengthBelow19IsBadMessageLengthWithTheLengthFieldAsData() {
        byte[] m = message(4, new byte[0]);
        m[17] = 18;
        assertNotification(resetBy(m), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 18));
    }

    @Test
    void frameLengthAbove4096IsRejectedAndAcceptedWithExtendedMessages() throws Exception {
        byte[] head = hex("ffffffffffffffffffffffffffffffff 1001 02");
        try {
            BgpCodec.frameLength(Unpooled.wrappedBuffer(head));
            throw new AssertionError("4097 octets accepted");
        } catch (BgpProtocolException e) {
            assertNotification(e.notification(), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0x10, 0x01));
        }
        CodecContext ext = new CodecContext(true, java.util.Set.of(), java.util.Set.of(), true);
        assertThat(BgpCodec.frameLength(Unpooled.wrappedBuffer(head), ext)).isEqualTo(4097);
    }

    @Test
    void frameLengthWaitsForAWholeHeader() throws Exception {
        assertThat(BgpCodec.frameLength(Unpooled.wrappedBuffer(new byte[18]))).isEqualTo(-1);
    }

    @Test
    void openShorterThan29IsBadMessageLength() {
        assertNotification(resetBy(message(1, new byte[9])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 28));
    }

    @Test
    void updateShorterThan23IsBadMessageLength() {
        assertNotification(resetBy(message(2, new byte[3])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 22));
    }

    @Test
    void keepaliveWithABodyIsBadMessageLength() {
        assertNotification(resetBy(message(4, new byte[1])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 20));
    }

    @Test
    void notificationShorterThan21IsBadMessageLength() {
        assertNotification(resetBy(message(3, new byte[1])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 20));
    }

    @Test
    void rfc7313Section5RouteRefreshShorterThan23IsRouteRefreshInvalidMessageLengthWithTheMessageAsData() {
        byte[] m = message(5, new byte[3]);
        assertNotification(resetBy(m), NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR, NotificationMessage.INVALID_MESSAGE_LENGTH, m);
    }

    @Test
    void unknownMessageTypeIsBadMessageTypeWithTheTypeAsData() {
        assertNotification(resetBy(message(6, new byte[0])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_TYPE, b(6));
        assertNotification(resetBy(message(0, new byte[0])), MESSAGE_HEADER_ERROR, BAD_MESSAGE_TYPE, b(0));
    }

    // ---- RFC 4271 6.2 OPEN message error handling

    @Test
    void versionOtherThan4IsUnsupportedVersionNumberWithVersion4AsData() {
        assertNotification(resetBy(open(3, 65001, 90, ID)), OPEN_MESSAGE_ERROR, UNSUPPORTED_VERSION_NUMBER, b(0, 4));
        assertNotification(resetBy(open(5, 65001, 90, ID)), OPEN_MESSAGE_ERROR, UNSUPPORTED_VERSION_NUMBER, b(0, 4));
    }

    @Test
    void myAsZeroIsBadPeerAsPerRfc7607() {
        assertNotification(resetBy(open(4, 0, 90, ID)), OPEN_MESSAGE_ERROR, BAD_PEER_AS, new byte[0]);
    }

    @Test
    void fourOctetAsCapabilityZeroIsBadPeerAsPerRfc7607() {
        byte[] params = b(2, 6, 65, 4, 0, 0, 0, 0);
        assertNotification(resetBy(open(4, 23456, 90, ID, params)), OPEN_MESSAGE_ERROR, BAD_PEER_AS, new byte[0]);
    }

    @Test
    void bgpIdentifierZeroIsBadBgpIdentifier() {
        assertNotification(resetBy(open(4, 65001, 90, new int[] {0, 0, 0, 0})), OPEN_MESSAGE_ERROR, BAD_BGP_IDENTIFIER, new byte[0]);
    }

    @Test
    void nonZeroBgpIdentifierOutsideUnicastIsAcceptedPerRfc6286() {
        OpenMessage o = (OpenMessage) Decoding.decode(open(4, 65001, 90, new int[] {224, 0, 0, 1}), CodecContext.DEFAULT);
        assertThat(o.bgpIdentifier().getHostAddress()).isEqualTo("224.0.0.1");
    }

    @Test
    void unknownOptionalParameterTypeIsUnsupportedOptionalParameter() {
        assertNotification(resetBy(open(4, 65001, 90, ID, b(1, 2, 0, 0))), OPEN_MESSAGE_ERROR, UNSUPPORTED_OPTIONAL_PARAMETER, new byte[0]);
    }

    @Test
    void malformedRecognizedOptionalParameterIsOpenErrorUnspecific() {
        // multiprotocol capability of 3 octets instead of 4
        assertNotification(resetBy(open(4, 65001, 90, ID, b(2, 5, 1, 3, 0, 1, 0))), OPEN_MESSAGE_ERROR, 0, new byte[0]);
        // capability length overruns its parameter
        assertNotification(resetBy(open(4, 65001, 90, ID, b(2, 2, 1, 4))), OPEN_MESSAGE_ERROR, 0, new byte[0]);
    }

    @Test
    void optionalParametersLengthDisagreeingWithTheMessageIsBadMessageLength() {
        byte[] m = open(4, 65001, 90, ID, b(2, 2, 2, 0));
        m[28] = 6; // claims 6 octets of parameters, 4 follow
        assertNotification(resetBy(m), MESSAGE_HEADER_ERROR, BAD_MESSAGE_LENGTH, b(0, 33));
    }

    @Test
    void holdTimeOfOneOrTwoSecondsIsUnacceptableHoldTime() {
        assertNotification(resetBy(open(4, 65001, 1, ID)), OPEN_MESSAGE_ERROR, UNACCEPTABLE_HOLD_TIME, new byte[0]);
        assertNotification(resetBy(open(4, 65001, 2, ID)), OPEN_MESSAGE_ERROR, UNACCEPTABLE_HOLD_TIME, new byte[0]);
        assertThat(((OpenMessage) Decoding.decode(open(4, 65001, 0, ID), CodecContext.DEFAULT)).holdTime()).isZero();
        assertThat(((OpenMessage) Decoding.decode(open(4, 65001, 3, ID), CodecContext.DEFAULT)).holdTime()).isEqualTo(3);
    }

    // ---- RFC 4271 6.3 UPDATE message error handling, one per subcode

    @Test
    void subcode1WithdrawnRoutesLengthOverrunningTheMessageIsMalformedAttributeList() {
        byte[] m = message(2, b(0, 9, 0, 0));
        assertNotification(resetBy(m), UPDATE_MESSAGE_ERROR, MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void subcode1TotalAttributeLengthOverrunningTheMessageIsMalformedAttributeList() {
        byte[] m = message(2, cat(b(0, 0, 0, 8), ORIGIN_IGP));
        assertNotification(resetBy(m), UPDATE_MESSAGE_ERROR, MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void subcode2UnrecognizedWellKnownAttributeCarriesTheAttributeAsData() {
        byte[] unknown = attr(0x40, 99, b(1, 2, 3));
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, unknown), new byte[0]));
        assertNotification(n, UPDATE_MESSAGE_ERROR, UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, unknown);
    }

    @Test
    void subcode3MissingWellKnownAttributeIsTreatAsWithdrawPerRfc7606() {
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertThat(u.treatAsWithdraw()).isTrue();
        assertThat(u.errors()).singleElement().satisfies(e -> assertThat(e.typeCode()).isEqualTo(2));
    }

    @Test
    void subcode4AttributeFlagsErrorIsTreatAsWithdrawPerRfc7606() {
        byte[] badOrigin = attr(0xC0, 1, b(0)); // ORIGIN marked optional
        UpdateMessage u = update(Bytes.update(cat(badOrigin, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertThat(u.errors()).singleElement().satisfies(e -> {
            assertThat(e.typeCode()).isEqualTo(1);
            assertThat(e.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
        });
        assertThat(u.attributes().origin()).isNull();
    }

    @Test
    void subcode5AttributeLengthErrorIsTreatAsWithdrawPerRfc7606() {
        byte[] badMed = attr(0x80, 4, b(0, 0, 1));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1, badMed), NLRI_10_0_0_0_8));
        assertThat(u.treatAsWithdraw()).isTrue();
        assertThat(u.attributes().med()).isNull();
    }

    @Test
    void subcode6InvalidOriginIsTreatAsWithdrawPerRfc7606() {
        byte[] badOrigin = attr(0x40, 1, b(3));
        UpdateMessage u = update(Bytes.update(cat(badOrigin, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertThat(u.errors()).singleElement().satisfies(e -> assertThat(e.typeCode()).isEqualTo(1));
        assertThat(u.treatAsWithdraw()).isTrue();
    }

    @Test
    void subcode8InvalidNextHopIsTreatAsWithdrawPerRfc7606() {
        for (byte[] nh : new byte[][] {b(0, 0, 0, 0), b(224, 0, 0, 5), b(1, 2, 3)}) {
            UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, attr(0x40, 3, nh)), NLRI_10_0_0_0_8));
            assertThat(u.treatAsWithdraw()).as(hex(nh)).isTrue();
            assertThat(u.attributes().nextHop()).isNull();
        }
    }

    @Test
    void subcode9OptionalAttributeErrorInMpReachNlriResetsTheSessionWithTheAttributeAsData() {
        byte[] mp = attr(0x80, 14, b(0, 2, 1, 7, 1, 2, 3, 4, 5, 6, 7, 0)); // IPv6 next hop of 7 octets
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, mp), new byte[0]));
        assertNotification(n, UPDATE_MESSAGE_ERROR, OPTIONAL_ATTRIBUTE_ERROR, mp);
    }

    @Test
    void subcode9OptionalAttributeErrorInAggregatorIsAttributeDiscardPerRfc7606() {
        byte[] agg = attr(0xC0, 7, b(0, 1, 192, 0, 2)); // 5 octets
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1, agg), NLRI_10_0_0_0_8));
        assertThat(u.treatAsWithdraw()).isFalse();
        assertThat(u.errors()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD));
        assertThat(u.attributes().has(7)).isFalse();
        assertThat(u.nlri()).hasSize(1);
    }

    @Test
    void subcode10InvalidNetworkFieldForAPrefixLongerThan32() {
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), b(33, 10, 0, 0, 0, 0)));
        assertNotification(n, UPDATE_MESSAGE_ERROR, INVALID_NETWORK_FIELD, new byte[0]);
    }

    @Test
    void subcode10InvalidNetworkFieldForAPrefixOverrunningTheMessage() {
        NotificationMessage n = resetBy(Bytes.update(cat(ORIGIN_IGP, AS_PATH_4OCT_65001, NEXT_HOP_192_0_2_1), b(24, 10, 0)));
        assertNotification(n, UPDATE_MESSAGE_ERROR, INVALID_NETWORK_FIELD, new byte[0]);
    }

    @Test
    void subcode11MalformedAsPathIsTreatAsWithdrawPerRfc7606() {
        byte[] path = attr(0x40, 2, b(2, 2, 0, 0, 0xFD, 0xE9)); // says 2 ASNs, holds 1
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, path, NEXT_HOP_192_0_2_1), NLRI_10_0_0_0_8));
        assertThat(u.errors()).singleElement().satisfies(e -> {
            assertThat(e.typeCode()).isEqualTo(2);
            assertThat(e.action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
        });
    }
}
