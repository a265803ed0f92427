package dev.bgplab.speaker.session;

import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.function.Supplier;

/** Writes {@link BgpMessage}s through the plugged-in {@link MessageCodec} with the connection's context. */
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {

    private final MessageCodec codec;
    private final Supplier<CodecContext> context;

    public BgpMessageEncoder(MessageCodec codec, Supplier<CodecContext> context) {
        super(BgpMessage.class);
        this.codec = codec;
        this.context = context;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        codec.encode(msg, context.get(), out);
    }
}
