package dev.bgplab.speaker.session;

import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits the TCP stream into BGP messages using the 19-octet header (RFC 4271 4.1), checked once
 * by the wire module's {@link BgpCodec#frameLength} as RFC 4271 6.1 asks: marker all ones, length
 * within 19..max and right for the type, a known type. Emits each message as a retained {@link ByteBuf} slice (header included), or one
 * {@link HeaderError} after which the rest of the stream is discarded: the connection is about
 * to be closed with that NOTIFICATION. The maximum length comes from the connection's current
 * {@link CodecContext}: 4096, or 65535 once extended messages are negotiated (RFC 8654).
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {

    private final Supplier<CodecContext> context;
    private boolean failed;

    public BgpFrameDecoder(Supplier<CodecContext> context) { this.context = context; }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int length;
        try {
            // The wire module's header check, the only one: the codec trusts the frames cut here.
            length = BgpCodec.frameLength(in, context.get().maxMessageLength());
        } catch (BgpProtocolException e) {
            fail(in, out, e.notification(), e.getMessage());
            return;
        }
        if (length < 0 || in.readableBytes() < length) return;
        out.add(in.readRetainedSlice(length));
    }

    private void fail(ByteBuf in, List<Object> out, NotificationMessage n, String detail) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new HeaderError(n, detail));
    }
}
