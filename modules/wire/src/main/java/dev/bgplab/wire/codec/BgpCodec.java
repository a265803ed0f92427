package dev.bgplab.wire.codec;

import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Encodes and decodes whole BGP messages (RFC 4271 4). Stateless and thread-safe: what a session
 * negotiated travels in the {@link CodecContext}. Decoding never trusts a length field: every one
 * is checked against the bytes that remain, and a message that must end the session ends in a
 * {@link BgpProtocolException} carrying the NOTIFICATION RFC 4271 6 / RFC 7606 ask for.
 *
 * <p>ROUTE-REFRESH length: the header check accepts any length for type 5, so that {@link #decode}
 * answers every ROUTE-REFRESH whose length is not 23 with RFC 7313 5's ROUTE-REFRESH Message Error
 * / Invalid Message Length, data = the whole message (ORF entries, RFC 5291, are not supported).
 */
public final class BgpCodec {

    private BgpCodec() {}

    /** RFC 4271 4.1: the marker is sixteen octets of all ones. */
    static final int MARKER_LENGTH = 16;
    static final int MIN_OPEN = 29;
    static final int MIN_UPDATE = 23;
    static final int MIN_NOTIFICATION = 21;
    static final int ROUTE_REFRESH_LENGTH = 23;

    /** {@link #frameLength(ByteBuf, int)} with the RFC 4271 maximum of 4096 octets. */
    public static int frameLength(ByteBuf in) throws BgpProtocolException {
        return frameLength(in, BgpMessage.MAX_LENGTH);
    }

    /** {@link #frameLength(ByteBuf, int)} with the maximum the context negotiated (RFC 8654). */
    public static int frameLength(ByteBuf in, CodecContext ctx) throws BgpProtocolException {
        return frameLength(in, ctx.maxMessageLength());
    }

    /**
     * Checks the header at {@code in.readerIndex()} without consuming anything and returns the
     * whole message length, or -1 when fewer than 19 octets are readable yet. For a Netty frame
     * decoder: wait until that many octets are readable, then slice them off for {@link #decode}.
     *
     * @throws BgpProtocolException Message Header Error (RFC 4271 6.1) for a bad marker, length or type
     */
    public static int frameLength(ByteBuf in, int maxLength) throws BgpProtocolException {
        if (in.readableBytes() < BgpMessage.HEADER_LENGTH) return -1;
        int base = in.readerIndex();
        // RFC 4271 6.1: a marker that is not all ones is Connection Not Synchronized.
        if (in.getLong(base) != -1L || in.getLong(base + 8) != -1L) {
            throw new BgpProtocolException(NotificationMessage.MESSAGE_HEADER_ERROR,
                    NotificationMessage.CONNECTION_NOT_SYNCHRONIZED, null, "marker is not all ones");
        }
        int length = in.getUnsignedShort(base + MARKER_LENGTH);
        int type = in.getUnsignedByte(base + MARKER_LENGTH + 2);
        // RFC 4271 6.1: an unknown type is Bad Message Type, data = the type octet.
        if (type < BgpMessage.TYPE_OPEN || type > BgpMessage.TYPE_ROUTE_REFRESH) {
            throw new BgpProtocolException(NotificationMessage.MESSAGE_HEADER_ERROR,
                    NotificationMessage.BAD_MESSAGE_TYPE, new byte[] {(byte) type}, "message type " + type);
        }
        boolean ok = length >= BgpMessage.HEADER_LENGTH && length <= maxLength;
        ok &= switch (type) {
            // RFC 8654 4: OPEN and KEEPALIVE never exceed 4096 octets, even with extended messages.
            case BgpMessage.TYPE_OPEN -> length >= MIN_OPEN && length <= BgpMessage.MAX_LENGTH;
            case BgpMessage.TYPE_UPDATE -> length >= MIN_UPDATE;
            case BgpMessage.TYPE_NOTIFICATION -> length >= MIN_NOTIFICATION;
            case BgpMessage.TYPE_KEEPALIVE -> length == BgpMessage.HEADER_LENGTH;
            default -> true; // RFC 7313 5: judged in decode (see class comment)
        };
        // RFC 4271 6.1: Bad Message Length, data = the erroneous 2-octet length field.
        if (!ok) {
            throw new BgpProtocolException(NotificationMessage.MESSAGE_HEADER_ERROR,
                    NotificationMessage.BAD_MESSAGE_LENGTH, new byte[] {(byte) (length >>> 8), (byte) length},
                    "length " + length + " for message type " + type);
        }
        return length;
    }

    /**
     * Decodes one whole message (marker, length, type and body) starting at the reader index, and
     * moves the reader index past it.
     */
    public static BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpProtocolException {
        int length = frameLength(frame, ctx.maxMessageLength());
        if (length < 0 || frame.readableBytes() < length) {
            int l = length < 0 ? frame.readableBytes() : length;
            throw new BgpProtocolException(NotificationMessage.MESSAGE_HEADER_ERROR,
                    NotificationMessage.BAD_MESSAGE_LENGTH, new byte[] {(byte) (l >>> 8), (byte) l},
                    "frame holds " + frame.readableBytes() + " octets, header says " + length);
        }
        return decodeBody(frame, frame.readerIndex(), length, ctx);
    }

    private static BgpMessage decodeBody(ByteBuf frame, int start, int length, CodecContext ctx) throws BgpProtocolException {
        int type = frame.getUnsignedByte(start + MARKER_LENGTH + 2);
        int body = start + BgpMessage.HEADER_LENGTH;
        int end = start + length;
        BgpMessage m = switch (type) {
            case BgpMessage.TYPE_OPEN -> OpenCodec.decode(frame, body, end);
            case BgpMessage.TYPE_UPDATE -> UpdateDecoder.decode(frame, body, end, ctx);
            case BgpMessage.TYPE_NOTIFICATION -> new NotificationMessage(frame.getUnsignedByte(body),
                    frame.getUnsignedByte(body + 1), ByteBufUtil.getBytes(frame, body + 2, end - body - 2));
            case BgpMessage.TYPE_KEEPALIVE -> KeepaliveMessage.INSTANCE;
            default -> decodeRouteRefresh(frame, start, end);
        };
        frame.readerIndex(end);
        return m;
    }

    /**
     * Decodes one whole message from a frame whose header {@link #frameLength} already accepted
     * (a transport's frame decoder): the header is not checked a second time.
     */
    public static BgpMessage decodeFrame(ByteBuf frame, CodecContext ctx) throws BgpProtocolException {
        int start = frame.readerIndex();
        int length = frame.getUnsignedShort(start + MARKER_LENGTH);
        return decodeBody(frame, start, length, ctx);
    }

    /** Decodes a message held in a byte array. */
    public static BgpMessage decode(byte[] message, CodecContext ctx) throws BgpProtocolException {
        return decode(Unpooled.wrappedBuffer(message), ctx);
    }

    private static RouteRefreshMessage decodeRouteRefresh(ByteBuf b, int start, int end) throws BgpProtocolException {
        if (end - start != ROUTE_REFRESH_LENGTH) {
            // RFC 7313 5: a ROUTE-REFRESH whose body is not 4 octets; data = the complete message.
            // (RFC 2918 3 fixes the length; ORF entries, RFC 5291, are not supported here.)
            throw new BgpProtocolException(NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR,
                    NotificationMessage.INVALID_MESSAGE_LENGTH, ByteBufUtil.getBytes(b, start, end - start),
                    "ROUTE-REFRESH of " + (end - start) + " octets");
        }
        int body = start + BgpMessage.HEADER_LENGTH;
        int afi = b.getUnsignedShort(body);
        int subtype = b.getUnsignedByte(body + 2);
        int safi = b.getUnsignedByte(body + 3);
        // RFC 7313 5: subtypes other than 0, 1, 2 must be ignored: returned as-is for the session to drop.
        return new RouteRefreshMessage(afi, safi, subtype);
    }

    // ------------------------------------------------------------------ exact sizes, for packing UPDATEs

    /** Marker, length and type (RFC 4271 4.1), then the two 2-octet length fields of an UPDATE (4.3). */
    public static final int UPDATE_OVERHEAD = BgpMessage.HEADER_LENGTH + 2 + 2;
    /** MP_UNREACH_NLRI without its withdrawn routes: AFI, SAFI (RFC 4760 4). */
    public static final int MP_UNREACH_FIXED = 3;
    /** MP_REACH_NLRI without next hop and NLRI: AFI, SAFI, next-hop length, reserved (RFC 4760 3). */
    public static final int MP_REACH_FIXED = 5;

    /** Exactly the octets the encoder writes for these attributes under this context, headers included. */
    public static int attributesLength(dev.bgplab.wire.attribute.PathAttributes attrs, CodecContext ctx) {
        return UpdateEncoder.attributesLength(attrs, ctx);
    }

    /** The attribute header the encoder writes for a value of this length: 3 octets, 4 past 255 (RFC 4271 4.3). */
    public static int attributeHeaderLength(int valueLength) { return UpdateEncoder.headerLength(valueLength); }

    /** One NLRI as written: path id when ADD-PATH is sent (RFC 7911 3), length octet, significant octets. */
    public static int nlriLength(dev.bgplab.wire.nlri.Prefix p, boolean pathId) {
        return (pathId ? 4 : 0) + 1 + (p.length() + 7) / 8;
    }

    /** The next-hop octets inside MP_REACH_NLRI (RFC 4760 3, RFC 2545 3). */
    public static int mpNextHopLength(dev.bgplab.wire.attribute.NextHop nh, dev.bgplab.wire.nlri.AddressFamily f) {
        return AttributeType.mpNextHopLength(new dev.bgplab.wire.attribute.MpReachNlri(f.afi(), f.safi(), nh, java.util.List.of()));
    }

    /** Appends the encoded message to {@code out}. */
    public static void encode(BgpMessage m, CodecContext ctx, ByteBuf out) {
        int start = out.writerIndex();
        out.writeLong(-1L).writeLong(-1L);
        out.writeShort(0); // length, set below
        out.writeByte(m.type());
        switch (m) {
            case OpenMessage o -> OpenCodec.encode(o, out);
            case UpdateMessage u -> UpdateEncoder.encode(u, ctx, out);
            case NotificationMessage n -> out.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data());
            case KeepaliveMessage k -> { }
            case RouteRefreshMessage r -> out.writeShort(r.afi()).writeByte(r.subtype()).writeByte(r.safi());
        }
        int length = out.writerIndex() - start;
        int max = m instanceof OpenMessage || m instanceof KeepaliveMessage ? BgpMessage.MAX_LENGTH : ctx.maxMessageLength();
        if (length > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException(m.getClass().getSimpleName() + " of " + length
                    + " octets exceeds the maximum message length " + max + " (RFC 4271 4.1, RFC 8654)");
        }
        out.setShort(start + MARKER_LENGTH, length);
    }

    /** The encoded message as a new array. */
    public static byte[] encode(BgpMessage m, CodecContext ctx) {
        ByteBuf out = Unpooled.buffer(256);
        encode(m, ctx, out);
        return ByteBufUtil.getBytes(out);
    }

    static BgpProtocolException updateError(int subcode, byte[] data, String detail) {
        return new BgpProtocolException(NotificationMessage.UPDATE_MESSAGE_ERROR, subcode, data, detail);
    }
}
