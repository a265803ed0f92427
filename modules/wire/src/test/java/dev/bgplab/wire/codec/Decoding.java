package dev.bgplab.wire.codec;

import static org.assertj.core.api.Assertions.fail;

import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.UpdateMessage;

/** Test shorthands around {@link BgpCodec#decode}. */
final class Decoding {

    private Decoding() {}

    static BgpMessage decode(byte[] msg, CodecContext ctx) {
        try {
            return BgpCodec.decode(msg, ctx);
        } catch (BgpProtocolException e) {
            throw new AssertionError("unexpected session reset: " + e.getMessage(), e);
        }
    }

    static UpdateMessage update(byte[] msg, CodecContext ctx) { return (UpdateMessage) decode(msg, ctx); }

    static UpdateMessage update(byte[] msg) { return update(msg, CodecContext.FOUR_OCTET); }

    /** The NOTIFICATION a message causes; fails when it decodes fine. */
    static NotificationMessage resetBy(byte[] msg, CodecContext ctx) {
        try {
            BgpMessage m = BgpCodec.decode(msg, ctx);
            return fail("expected a session reset, decoded " + m);
        } catch (BgpProtocolException e) {
            return e.notification();
        }
    }

    static NotificationMessage resetBy(byte[] msg) { return resetBy(msg, CodecContext.FOUR_OCTET); }
}
