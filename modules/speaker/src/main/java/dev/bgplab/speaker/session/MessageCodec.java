package dev.bgplab.speaker.session;

import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import io.netty.buffer.ByteBuf;

/**
 * How the session layer turns frames into messages and back; the wire module's codec plugs in
 * here ({@code BgpCodec::decode}, {@code BgpCodec::encode}). Implementations are stateless and
 * called on the session's event loop.
 */
public interface MessageCodec {

    /**
     * Decodes one whole message, header included (marker, length, type: RFC 4271 4.1). The frame
     * has already passed {@link BgpFrameDecoder}'s header checks. Throws with the NOTIFICATION to
     * send (RFC 4271 6) when the message is malformed.
     */
    BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpProtocolException;

    /** Writes one whole message, header included, to {@code out}. */
    void encode(BgpMessage message, CodecContext ctx, ByteBuf out);
}
