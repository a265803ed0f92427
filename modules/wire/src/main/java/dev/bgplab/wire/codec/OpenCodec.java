package dev.bgplab.wire.codec;

import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN (RFC 4271 4.2) with capabilities (RFC 5492) and extended optional parameters (RFC 9072).
 *
 * <p>Checked here, from the message alone: version (6.2 Unsupported Version Number), hold time 1
 * or 2 (6.2 Unacceptable Hold Time), BGP Identifier zero (RFC 6286 2.2, which replaced RFC 4271's
 * "valid unicast host address" rule, so multicast-looking identifiers are accepted), My AS or
 * 4-octet AS zero (RFC 7607 Bad Peer AS), optional parameter types and syntax. Left to the
 * session: whether the peer AS matches the configuration (Bad Peer AS), a hold time the local
 * policy refuses, an identifier equal to ours from an internal peer (RFC 6286 2.2), and
 * capabilities the session requires (RFC 5492 Unsupported Capability).
 */
final class OpenCodec {

    private OpenCodec() {}

    static final int PARAM_CAPABILITIES = 2;
    /** RFC 9072 2: non-extended length 255 followed by this type marks extended parameters. */
    static final int PARAM_EXTENDED_LENGTH = 255;

    static OpenMessage decode(ByteBuf b, int p, int end) throws BgpProtocolException {
        int msgLen = end - p + 19;
        int version = b.getUnsignedByte(p);
        if (version != 4) {
            // RFC 4271 6.2: data = the largest locally supported version, 2 octets.
            throw openError(NotificationMessage.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4}, "version " + version);
        }
        int myAs = b.getUnsignedShort(p + 1);
        int holdTime = b.getUnsignedShort(p + 3);
        int id = b.getInt(p + 5);
        int optLen = b.getUnsignedByte(p + 9);
        p += 10;
        if (myAs == 0) {
            throw openError(NotificationMessage.BAD_PEER_AS, null, "My AS is 0 (RFC 7607)");
        }
        if (holdTime == 1 || holdTime == 2) {
            // RFC 4271 6.2: hold time must be 0 or at least 3 seconds.
            throw openError(NotificationMessage.UNACCEPTABLE_HOLD_TIME, null, "hold time " + holdTime);
        }
        if (id == 0) {
            // RFC 6286 2.2: the identifier is any non-zero 32-bit value.
            throw openError(NotificationMessage.BAD_BGP_IDENTIFIER, null, "BGP Identifier 0.0.0.0");
        }
        List<Capability> caps = new ArrayList<>();
        boolean extended = optLen == PARAM_EXTENDED_LENGTH && end - p >= 1 && b.getUnsignedByte(p) == PARAM_EXTENDED_LENGTH;
        if (extended) {
            // RFC 9072 2: type 255, then a 2-octet length; every parameter then has a 2-octet length.
            if (end - p < 3) throw lengthMismatch(msgLen);
            optLen = b.getUnsignedShort(p + 1);
            p += 3;
        }
        if (p + optLen != end) {
            // The optional parameters must fill the message exactly (what BIRD and FRR check too).
            throw lengthMismatch(msgLen);
        }
        int hdr = extended ? 3 : 2;
        while (p < end) {
            if (end - p < hdr) throw openError(0, null, "optional parameter header truncated");
            int type = b.getUnsignedByte(p);
            int len = extended ? b.getUnsignedShort(p + 1) : b.getUnsignedByte(p + 1);
            p += hdr;
            if (len > end - p) throw openError(0, null, "optional parameter " + type + " overruns the OPEN");
            if (type != PARAM_CAPABILITIES) {
                // RFC 4271 6.2 (RFC 5492 keeps type 2 only; type 1, authentication, is deprecated).
                throw openError(NotificationMessage.UNSUPPORTED_OPTIONAL_PARAMETER, null, "optional parameter type " + type);
            }
            decodeCapabilities(b, p, p + len, caps);
            p += len;
        }
        Inet4Address bgpId = ipv4(id);
        return new OpenMessage(version, myAs, holdTime, bgpId, caps);
    }

    private static BgpProtocolException lengthMismatch(int length) {
        return new BgpProtocolException(NotificationMessage.MESSAGE_HEADER_ERROR, NotificationMessage.BAD_MESSAGE_LENGTH,
                new byte[] {(byte) (length >>> 8), (byte) length}, "optional parameters length disagrees with the OPEN length");
    }

    /** RFC 5492 4: a sequence of (code, length, value) triples. */
    private static void decodeCapabilities(ByteBuf b, int p, int end, List<Capability> out) throws BgpProtocolException {
        while (p < end) {
            if (end - p < 2) throw openError(0, null, "capability header truncated");
            int code = b.getUnsignedByte(p);
            int len = b.getUnsignedByte(p + 1);
            p += 2;
            if (len > end - p) throw openError(0, null, "capability " + code + " overruns its parameter");
            out.add(decodeCapability(b, code, p, len));
            p += len;
        }
    }

    private static Capability decodeCapability(ByteBuf b, int code, int p, int len) throws BgpProtocolException {
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                // RFC 4760 8: AFI (2), reserved (1), SAFI (1).
                if (len != 4) throw malformed(code, len);
                return new MultiprotocolCapability(b.getUnsignedShort(p), b.getUnsignedByte(p + 3));
            }
            case Capability.ROUTE_REFRESH -> {
                if (len != 0) throw malformed(code, len);
                return new RouteRefreshCapability();
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                if (len != 0) throw malformed(code, len);
                return new EnhancedRouteRefreshCapability();
            }
            case Capability.EXTENDED_MESSAGE -> {
                if (len != 0) throw malformed(code, len);
                return new ExtendedMessageCapability();
            }
            case Capability.FOUR_OCTET_AS -> {
                if (len != 4) throw malformed(code, len);
                long asn = b.getUnsignedInt(p);
                if (asn == 0) throw openError(NotificationMessage.BAD_PEER_AS, null, "4-octet AS is 0 (RFC 7607)");
                return new FourOctetAsCapability(asn);
            }
            case Capability.GRACEFUL_RESTART -> {
                // RFC 4724 3: R bit, N bit (RFC 8538), 12-bit restart time, then (AFI, SAFI, flags) per family.
                if (len < 2 || (len - 2) % 4 != 0) throw malformed(code, len);
                int head = b.getUnsignedShort(p);
                List<GracefulRestartCapability.FamilyForwarding> fams = new ArrayList<>((len - 2) / 4);
                for (int q = p + 2; q < p + len; q += 4) {
                    fams.add(new GracefulRestartCapability.FamilyForwarding(b.getUnsignedShort(q), b.getUnsignedByte(q + 2),
                            (b.getUnsignedByte(q + 3) & 0x80) != 0));
                }
                return new GracefulRestartCapability((head & 0x8000) != 0, (head & 0x4000) != 0, head & 0xFFF, fams);
            }
            case Capability.ADD_PATH -> {
                // RFC 7911 4: (AFI, SAFI, send/receive) triples.
                if (len == 0 || len % 4 != 0) throw malformed(code, len);
                List<AddPathCapability.Family> fams = new ArrayList<>(len / 4);
                for (int q = p; q < p + len; q += 4) {
                    AddPathCapability.Mode mode = AddPathCapability.Mode.of(b.getUnsignedByte(q + 3));
                    // RFC 7911 4: any other send/receive value means the capability is not understood.
                    if (mode == null) return new UnknownCapability(code, ByteBufUtil.getBytes(b, p, len));
                    fams.add(new AddPathCapability.Family(b.getUnsignedShort(q), b.getUnsignedByte(q + 2), mode));
                }
                return new AddPathCapability(fams);
            }
            default -> {
                return new UnknownCapability(code, ByteBufUtil.getBytes(b, p, len));
            }
        }
    }

    /** RFC 4271 6.2: a recognized optional parameter that is malformed gets subcode 0 (Unspecific). */
    private static BgpProtocolException malformed(int code, int len) {
        return openError(0, null, "capability " + code + " with malformed length " + len);
    }

    private static BgpProtocolException openError(int subcode, byte[] data, String detail) {
        return new BgpProtocolException(NotificationMessage.OPEN_MESSAGE_ERROR, subcode, data, detail);
    }

    static Inet4Address ipv4(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static void encode(OpenMessage o, ByteBuf out) {
        out.writeByte(o.version());
        out.writeShort(o.myAs());
        out.writeShort(o.holdTime());
        out.writeBytes(o.bgpIdentifier().getAddress());
        // Capabilities are packed into as few type-2 parameters as fit in 255 octets each.
        List<ByteBuf> params = new ArrayList<>();
        ByteBuf cur = null;
        for (Capability c : o.capabilities()) {
            ByteBuf one = Unpooled.buffer(8);
            encodeCapability(c, one);
            if (cur == null || cur.readableBytes() + one.readableBytes() > 255) {
                cur = Unpooled.buffer(64);
                params.add(cur);
            }
            cur.writeBytes(one);
        }
        int plain = 0;
        for (ByteBuf p : params) plain += 2 + p.readableBytes();
        if (plain <= 255) {
            out.writeByte(plain);
            for (ByteBuf p : params) out.writeByte(PARAM_CAPABILITIES).writeByte(p.readableBytes()).writeBytes(p);
        } else {
            // RFC 9072 2: parameters too long for one octet of length.
            int ext = 0;
            for (ByteBuf p : params) ext += 3 + p.readableBytes();
            out.writeByte(255).writeByte(PARAM_EXTENDED_LENGTH).writeShort(ext);
            for (ByteBuf p : params) out.writeByte(PARAM_CAPABILITIES).writeShort(p.readableBytes()).writeBytes(p);
        }
    }

    static void encodeCapability(Capability c, ByteBuf out) {
        out.writeByte(c.code());
        int lenAt = out.writerIndex();
        out.writeByte(0);
        switch (c) {
            case MultiprotocolCapability m -> out.writeShort(m.afi()).writeByte(0).writeByte(m.safi());
            case RouteRefreshCapability r -> { }
            case EnhancedRouteRefreshCapability r -> { }
            case ExtendedMessageCapability e -> { }
            case FourOctetAsCapability f -> out.writeInt((int) f.asn());
            case GracefulRestartCapability g -> {
                out.writeShort((g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | g.restartTime());
                for (GracefulRestartCapability.FamilyForwarding f : g.families()) {
                    out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.forwardingPreserved() ? 0x80 : 0);
                }
            }
            case AddPathCapability a -> {
                for (AddPathCapability.Family f : a.families()) {
                    out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.mode().code());
                }
            }
            case UnknownCapability u -> out.writeBytes(u.value());
        }
        int len = out.writerIndex() - lenAt - 1;
        if (len > 255) throw new IllegalArgumentException("capability " + c.label() + " is " + len + " octets, more than 255 (RFC 5492 4)");
        out.setByte(lenAt, len);
    }
}
