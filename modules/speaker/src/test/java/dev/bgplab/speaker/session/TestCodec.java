package dev.bgplab.speaker.session;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal codec for transport tests only: OPEN with capabilities, KEEPALIVE, NOTIFICATION,
 * ROUTE-REFRESH, and UPDATE only when empty (End-of-RIB). Any other UPDATE body decodes to
 * UPDATE Message Error / Malformed Attribute List, which tests use as a "bad UPDATE".
 * Layouts from RFC 4271 4.1-4.5, RFC 5492 4, RFC 2918 3.
 */
final class TestCodec implements MessageCodec {

    static final TestCodec INSTANCE = new TestCodec();

    @Override
    public BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpProtocolException {
        int start = frame.readerIndex();
        int length = frame.getUnsignedShort(start + 16);
        int type = frame.getUnsignedByte(start + 18);
        ByteBuf body = frame.slice(start + 19, length - 19);
        frame.skipBytes(length);
        return switch (type) {
            case BgpMessage.TYPE_OPEN -> decodeOpen(body);
            case BgpMessage.TYPE_UPDATE -> {
                if (body.readableBytes() == 4 && body.getInt(0) == 0) yield UpdateMessage.endOfRib(dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST);
                throw new BgpProtocolException(NotificationMessage.UPDATE_MESSAGE_ERROR, NotificationMessage.MALFORMED_ATTRIBUTE_LIST,
                        new byte[0], "test codec only knows empty UPDATEs");
            }
            case BgpMessage.TYPE_NOTIFICATION -> new NotificationMessage(body.readUnsignedByte(), body.readUnsignedByte(),
                    ByteBufUtil.getBytes(body));
            case BgpMessage.TYPE_KEEPALIVE -> KeepaliveMessage.INSTANCE;
            case BgpMessage.TYPE_ROUTE_REFRESH -> {
                int afi = body.readUnsignedShort();
                int subtype = body.readUnsignedByte();
                yield new RouteRefreshMessage(afi, body.readUnsignedByte(), subtype);
            }
            default -> throw new BgpProtocolException(1, 3, new byte[] {(byte) type}, "type " + type);
        };
    }

    private static OpenMessage decodeOpen(ByteBuf b) throws BgpProtocolException {
        int version = b.readUnsignedByte();
        int myAs = b.readUnsignedShort();
        int hold = b.readUnsignedShort();
        byte[] id = new byte[4];
        b.readBytes(id);
        int paramsLen = b.readUnsignedByte();
        ByteBuf params = b.readSlice(paramsLen);
        List<Capability> caps = new ArrayList<>();
        while (params.isReadable()) {
            int ptype = params.readUnsignedByte();
            ByteBuf p = params.readSlice(params.readUnsignedByte());
            if (ptype != 2) throw new BgpProtocolException(2, 4, new byte[0], "parameter " + ptype);
            while (p.isReadable()) {
                int code = p.readUnsignedByte();
                ByteBuf v = p.readSlice(p.readUnsignedByte());
                caps.add(switch (code) {
                    case Capability.MULTIPROTOCOL -> {
                        int afi = v.readUnsignedShort();
                        v.skipBytes(1);
                        yield new MultiprotocolCapability(afi, v.readUnsignedByte());
                    }
                    case Capability.ROUTE_REFRESH -> new RouteRefreshCapability();
                    case Capability.EXTENDED_MESSAGE -> new ExtendedMessageCapability();
                    case Capability.ENHANCED_ROUTE_REFRESH -> new EnhancedRouteRefreshCapability();
                    case Capability.FOUR_OCTET_AS -> new FourOctetAsCapability(v.readUnsignedInt());
                    case Capability.ADD_PATH -> {
                        List<AddPathCapability.Family> fams = new ArrayList<>();
                        while (v.readableBytes() >= 4)
                            fams.add(new AddPathCapability.Family(v.readUnsignedShort(), v.readUnsignedByte(), AddPathCapability.Mode.of(v.readUnsignedByte())));
                        yield new AddPathCapability(fams);
                    }
                    case Capability.GRACEFUL_RESTART -> {
                        int flagsTime = v.readUnsignedShort();
                        List<GracefulRestartCapability.Family> fams = new ArrayList<>();
                        while (v.readableBytes() >= 4)
                            fams.add(new GracefulRestartCapability.Family(v.readUnsignedShort(), v.readUnsignedByte(), (v.readUnsignedByte() & 0x80) != 0));
                        yield new GracefulRestartCapability((flagsTime & 0x8000) != 0, (flagsTime & 0x4000) != 0, flagsTime & 0xFFF, fams);
                    }
                    default -> new UnknownCapability(code, ByteBufUtil.getBytes(v));
                });
            }
        }
        try {
            return new OpenMessage(version, myAs, hold, (Inet4Address) InetAddress.getByAddress(id), caps);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void encode(BgpMessage message, CodecContext ctx, ByteBuf out) {
        int start = out.writerIndex();
        for (int i = 0; i < 16; i++) out.writeByte(0xFF);
        out.writeShort(0);
        out.writeByte(message.type());
        switch (message) {
            case OpenMessage o -> encodeOpen(o, out);
            case UpdateMessage u -> {
                if (u.endOfRibFamily() != dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST)
                    throw new UnsupportedOperationException("test codec encodes only the IPv4 End-of-RIB UPDATE");
                out.writeInt(0);
            }
            case NotificationMessage n -> out.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data());
            case KeepaliveMessage k -> { }
            case RouteRefreshMessage r -> out.writeShort(r.afi()).writeByte(r.subtype()).writeByte(r.safi());
        }
        out.setShort(start + 16, out.writerIndex() - start);
    }

    private static void encodeOpen(OpenMessage o, ByteBuf out) {
        out.writeByte(o.version()).writeShort(o.myAs()).writeShort(o.holdTime()).writeBytes(o.bgpIdentifier().getAddress());
        ByteBuf caps = Unpooled.buffer();
        for (Capability c : o.capabilities()) {
            caps.writeByte(c.code());
            int lenAt = caps.writerIndex();
            caps.writeByte(0);
            switch (c) {
                case MultiprotocolCapability m -> caps.writeShort(m.afi()).writeByte(0).writeByte(m.safi());
                case FourOctetAsCapability f -> caps.writeInt((int) f.asn());
                case AddPathCapability a -> a.families().forEach(f -> caps.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.mode().code()));
                case GracefulRestartCapability g -> {
                    caps.writeShort((g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | g.restartTime());
                    g.families().forEach(f -> caps.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.forwardingPreserved() ? 0x80 : 0));
                }
                case UnknownCapability u -> caps.writeBytes(u.value());
                default -> { }
            }
            caps.setByte(lenAt, caps.writerIndex() - lenAt - 1);
        }
        if (caps.isReadable()) {
            out.writeByte(caps.readableBytes() + 2).writeByte(2).writeByte(caps.readableBytes()).writeBytes(caps);
        } else {
            out.writeByte(0);
        }
        caps.release();
    }

    static byte[] bytes(BgpMessage m) {
        ByteBuf b = Unpooled.buffer();
        INSTANCE.encode(m, CodecContext.DEFAULT, b);
        byte[] a = ByteBufUtil.getBytes(b);
        b.release();
        return a;
    }

    static BgpMessage parse(byte[] whole) throws BgpProtocolException {
        return INSTANCE.decode(Unpooled.wrappedBuffer(whole), CodecContext.DEFAULT);
    }

    static UpdateMessage emptyUpdate() { return new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of()); }
}
