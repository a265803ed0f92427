package dev.bgplab.wire.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumSet;
import java.util.Set;

/**
 * Jazzer fuzz targets for the wire decoder. The one rule: whatever a peer sends, decoding ends in
 * a message or in a {@link BgpProtocolException} (the NOTIFICATION RFC 4271 6 / RFC 7606 ask
 * for); any other exception escaping is a finding.
 *
 * <p>In the normal suite each target replays its seed corpus and kept findings
 * ({@code src/test/resources/dev/bgplab/wire/codec/WireDecoderFuzzTestInputs/<target>/}): golden
 * messages captured from BIRD and hand-made ones from the codec tests. {@code scripts/fuzz
 * --seconds N} fuzzes each target for N seconds (JAZZER_FUZZ=1) and prints executions and findings;
 * a finding lands in the same directory and so becomes a regression test.
 *
 * <p>Input layout: for {@link #message} and {@link #update}, the first byte chooses what the
 * session negotiated (bit 0 4-octet AS, bit 1 ADD-PATH receive IPv4, bit 2 ADD-PATH receive IPv6,
 * bit 3 extended messages); the rest is the message. The other targets take the body after the
 * frame header, and the header is built with the right length so the body decoder is reached.
 */
class WireDecoderFuzzTest {

    /** Whole messages, header included: frame checks and every body decoder. */
    @FuzzTest(maxDuration = "10s")
    void message(byte[] input) {
        if (input.length < 1) return;
        CodecContext ctx = context(input[0]);
        ByteBuf frame = Unpooled.wrappedBuffer(input, 1, input.length - 1);
        decodeOnlyTypedErrors(frame, ctx);
    }

    /** OPEN bodies (RFC 4271 4.2, RFC 5492, RFC 9072) after a valid header. */
    @FuzzTest(maxDuration = "10s")
    void open(byte[] body) {
        decodeOnlyTypedErrors(framed(BgpMessage.TYPE_OPEN, body, BgpMessage.MAX_LENGTH), CodecContext.DEFAULT);
    }

    /** UPDATE bodies (RFC 4271 4.3, RFC 4760, RFC 7606, RFC 7911) after a valid header. */
    @FuzzTest(maxDuration = "10s")
    void update(byte[] input) {
        if (input.length < 1) return;
        CodecContext ctx = context(input[0]);
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        BgpMessage m = decodeOnlyTypedErrors(framed(BgpMessage.TYPE_UPDATE, body, ctx.maxMessageLength()), ctx);
        if (m instanceof UpdateMessage u) reEncodes(u, ctx);
    }

    /** NOTIFICATION bodies (RFC 4271 4.5). */
    @FuzzTest(maxDuration = "10s")
    void notification(byte[] body) {
        decodeOnlyTypedErrors(framed(BgpMessage.TYPE_NOTIFICATION, body, BgpMessage.MAX_LENGTH), CodecContext.DEFAULT);
    }

    /** ROUTE-REFRESH bodies (RFC 2918, RFC 7313). */
    @FuzzTest(maxDuration = "10s")
    void routeRefresh(byte[] body) {
        decodeOnlyTypedErrors(framed(BgpMessage.TYPE_ROUTE_REFRESH, body, BgpMessage.MAX_LENGTH), CodecContext.DEFAULT);
    }

    static CodecContext context(byte bits) {
        Set<AddressFamily> addPath = EnumSet.noneOf(AddressFamily.class);
        if ((bits & 2) != 0) addPath.add(AddressFamily.IPV4_UNICAST);
        if ((bits & 4) != 0) addPath.add(AddressFamily.IPV6_UNICAST);
        return new CodecContext((bits & 1) != 0, addPath, Set.of(), (bits & 8) != 0);
    }

    /** A header of the given type and the length of the body, the body cut to what a length can say. */
    static ByteBuf framed(int type, byte[] body, int max) {
        int len = Math.min(BgpMessage.HEADER_LENGTH + body.length, max);
        ByteBuf b = Unpooled.buffer(len);
        b.writeLong(-1L).writeLong(-1L).writeShort(len).writeByte(type);
        b.writeBytes(body, 0, len - BgpMessage.HEADER_LENGTH);
        return b;
    }

    /** Decodes; a {@link BgpProtocolException} is the expected way to refuse, anything else escapes as a finding. */
    static BgpMessage decodeOnlyTypedErrors(ByteBuf frame, CodecContext ctx) {
        try {
            return BgpCodec.decode(frame, ctx);
        } catch (BgpProtocolException e) {
            if (e.notification() == null) throw new AssertionError("BgpProtocolException without a NOTIFICATION", e);
            return null;
        }
    }

    /**
     * A decoded UPDATE is what the speaker stores and passes on, so encoding it again must work;
     * the only refusal allowed is a message that no longer fits the maximum length (the exporter
     * splits those).
     */
    static void reEncodes(UpdateMessage u, CodecContext ctx) {
        try {
            BgpCodec.encode(u, ctx.mirrored());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains("exceeds") && !e.getMessage().contains("do not fit")) throw e;
        }
    }
}
