package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.b;
import static dev.bgplab.wire.codec.Bytes.cat;
import static dev.bgplab.wire.codec.Bytes.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.message.OpenMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPEN and capability encodings (RFC 4271 4.2, RFC 5492, RFC 9072). */
class OpenCodecTest {

    private static byte[] open(byte[] params) {
        return message(1, cat(b(4, 0xFD, 0xE9, 0, 90, 192, 0, 2, 1, params.length), params));
    }

    private static OpenMessage decode(byte[] m) { return (OpenMessage) Decoding.decode(m, CodecContext.DEFAULT); }

    @Test
    void capabilitiesSpreadOverSeveralOptionalParametersAreAllCollected() {
        byte[] params = cat(b(2, 6, 1, 4, 0, 1, 0, 1), b(2, 2, 2, 0), b(2, 8, 65, 4, 0, 0, 0xFD, 0xE9, 6, 0));
        assertThat(decode(open(params)).capabilities()).containsExactly(new MultiprotocolCapability(1, 1),
                new RouteRefreshCapability(), new FourOctetAsCapability(65001), new ExtendedMessageCapability());
    }

    @Test
    void gracefulRestartCarriesRestartAndNotificationBitsAndPerFamilyForwardingBit() {
        byte[] gr = b(64, 10, 0xC0 | 0x01, 0x2C, 0, 1, 1, 0x80, 0, 2, 1, 0x00);
        GracefulRestartCapability c = (GracefulRestartCapability) decode(open(cat(b(2, gr.length), gr))).capabilities().get(0);
        assertThat(c).isEqualTo(new GracefulRestartCapability(true, true, 300,
                List.of(new GracefulRestartCapability.FamilyForwarding(1, 1, true), new GracefulRestartCapability.FamilyForwarding(2, 1, false))));
        byte[] again = BgpCodec.encode(new OpenMessage(4, 65001, 90, decode(open(new byte[0])).bgpIdentifier(), List.of(c)), CodecContext.DEFAULT);
        assertThat(again).endsWith(gr);
    }

    @Test
    void addPathListsSendReceivePerFamily() {
        byte[] ap = b(69, 8, 0, 1, 1, 3, 0, 2, 1, 1);
        assertThat(decode(open(cat(b(2, ap.length), ap))).capabilities()).containsExactly(new AddPathCapability(List.of(
                new AddPathCapability.Family(1, 1, AddPathCapability.Mode.BOTH),
                new AddPathCapability.Family(2, 1, AddPathCapability.Mode.RECEIVE))));
    }

    @Test
    void addPathWithAnUndefinedSendReceiveValueIsKeptAsNotUnderstood() {
        byte[] ap = b(69, 4, 0, 1, 1, 7);
        assertThat(decode(open(cat(b(2, ap.length), ap))).capabilities()).containsExactly(new UnknownCapability(69, b(0, 1, 1, 7)));
    }

    @Test
    void unknownCapabilityKeepsItsBytes() {
        assertThat(decode(open(b(2, 5, 73, 3, 1, 2, 3))).capabilities()).containsExactly(new UnknownCapability(73, b(1, 2, 3)));
    }

    @Test
    void rfc9072ExtendedOptionalParametersAreDecoded() {
        byte[] caps = cat(b(2, 0, 6, 1, 4, 0, 2, 0, 1), b(2, 0, 2, 2, 0));
        byte[] params = cat(b(255, caps.length >>> 8, caps.length), caps);
        byte[] body = cat(b(4, 0xFD, 0xE9, 0, 90, 192, 0, 2, 1, 255), params);
        assertThat(decode(message(1, body)).capabilities()).containsExactly(new MultiprotocolCapability(2, 1), new RouteRefreshCapability());
    }

    @Test
    void moreThan255OctetsOfCapabilitiesAreEncodedWithRfc9072ExtendedParameters() throws Exception {
        List<Capability> caps = new ArrayList<>();
        for (int i = 0; i < 12; i++) caps.add(new UnknownCapability(200 + i, new byte[30]));
        OpenMessage o = new OpenMessage(4, 65001, 90, decode(open(new byte[0])).bgpIdentifier(), caps);
        byte[] wire = BgpCodec.encode(o, CodecContext.DEFAULT);
        assertThat(wire[28] & 0xFF).isEqualTo(255);
        assertThat(wire[29] & 0xFF).isEqualTo(255);
        assertThat(BgpCodec.decode(wire, CodecContext.DEFAULT)).isEqualTo(o);
    }
}
