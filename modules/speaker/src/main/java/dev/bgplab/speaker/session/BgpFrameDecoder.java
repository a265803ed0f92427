package dev.bgplab.speaker.session;

import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits the TCP stream into BGP messages using the 19-octet header (RFC 4271 4.1) and checks the
 * header as RFC 4271 6.1 asks: marker all ones, length within 19..max and right for the type, a
 * known type. Emits each message as a retained {@link ByteBuf} slice (header included), or one
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
        if (in.readableBytes() < BgpMessage.HEADER_LENGTH) return;
        int start = in.readerIndex();
        for (int i = 0; i < 16; i++) {
            if (in.getByte(start + i) != (byte) 0xFF) {
                fail(in, out, NotificationMessage.of(NotificationMessage.MESSAGE_HEADER_ERROR, NotificationMessage.CONNECTION_NOT_SYNCHRONIZED),
                        "marker is not all ones");
                return;
            }
        }
        int length = in.getUnsignedShort(start + 16);
        int type = in.getUnsignedByte(start + 18);
        if (type < BgpMessage.TYPE_OPEN || type > BgpMessage.TYPE_ROUTE_REFRESH) {
            fail(in, out, new NotificationMessage(NotificationMessage.MESSAGE_HEADER_ERROR, NotificationMessage.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) type}), "type " + type);
            return;
        }
        if (!lengthFits(type, length, context.get().maxMessageLength())) {
            fail(in, out, new NotificationMessage(NotificationMessage.MESSAGE_HEADER_ERROR, NotificationMessage.BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >> 8), (byte) length}), "length " + length + " for type " + type);
            return;
        }
        if (in.readableBytes() < length) return;
        out.add(in.readRetainedSlice(length));
    }

    /** RFC 4271 6.1 and 4.2-4.5 minimum sizes; RFC 8654 keeps OPEN and KEEPALIVE at 4096. */
    static boolean lengthFits(int type, int length, int max) {
        if (length < BgpMessage.HEADER_LENGTH || length > max) return false;
        return switch (type) {
            case BgpMessage.TYPE_OPEN -> length >= 29 && length <= BgpMessage.MAX_LENGTH;
            case BgpMessage.TYPE_UPDATE -> length >= 23;
            case BgpMessage.TYPE_NOTIFICATION -> length >= 21;
            case BgpMessage.TYPE_KEEPALIVE -> length == BgpMessage.HEADER_LENGTH;
            default -> true; // ROUTE-REFRESH length errors are RFC 7313 5's own NOTIFICATION: left to the codec
        };
    }

    private void fail(ByteBuf in, List<Object> out, NotificationMessage n, String detail) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new HeaderError(n, detail));
    }
}
