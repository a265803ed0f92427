package dev.bgplab.speaker.session;

import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import io.netty.buffer.ByteBuf;

/** The wire module's {@link BgpCodec} as the session layer's {@link MessageCodec}: what a speaker uses. */
public final class WireMessageCodec implements MessageCodec {

    public static final WireMessageCodec INSTANCE = new WireMessageCodec();

    private WireMessageCodec() { }

    @Override public BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpProtocolException {
        return BgpCodec.decodeFrame(frame, ctx); // BgpFrameDecoder checked the header
    }

    @Override public void encode(BgpMessage message, CodecContext ctx, ByteBuf out) {
        BgpCodec.encode(message, ctx, out);
    }
}
