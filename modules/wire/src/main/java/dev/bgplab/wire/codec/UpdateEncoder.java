package dev.bgplab.wire.codec;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an UPDATE (RFC 4271 4.3). Attributes go out in type-code order, each written by its
 * {@link AttributeType} row; towards a 2-octet peer 4-octet ASNs become AS_TRANS with AS4_PATH /
 * AS4_AGGREGATOR beside them (RFC 6793 4.2.2). The extended-length flag is set only when a value
 * exceeds 255 octets (RFC 4271 4.3).
 */
final class UpdateEncoder {

    private UpdateEncoder() {}

    static void encode(UpdateMessage u, CodecContext ctx, ByteBuf out) {
        boolean v4Id = ctx.sendsPathId(AddressFamily.IPV4_UNICAST);
        int wAt = out.writerIndex();
        out.writeShort(0);
        NlriCodec.write(u.withdrawn(), v4Id, out);
        out.setShort(wAt, out.writerIndex() - wAt - 2);
        int aAt = out.writerIndex();
        out.writeShort(0);
        attributes(u.attributes(), ctx, out);
        int aLen = out.writerIndex() - aAt - 2;
        if (aLen > 0xFFFF) throw new IllegalArgumentException("path attributes of " + aLen + " octets do not fit an UPDATE");
        out.setShort(aAt, aLen);
        NlriCodec.write(u.nlri(), v4Id, out);
    }

    /**
     * The octets {@link #attributes} writes for this set, headers included, from the same rows'
     * {@link AttributeType#valueLength}: extended length only past 255 octets, AS4_PATH /
     * AS4_AGGREGATOR towards a 2-octet peer, no NEXT_HOP for an IPv6 next hop, unknown attributes
     * only when transitive.
     */
    static int attributesLength(PathAttributes attrs, CodecContext ctx) {
        int n = 0;
        for (PathAttribute a : attrs.asList()) {
            int v = AttributeType.of(a).valueLength(a, ctx);
            if (v >= 0) n += headerLength(v) + v;
        }
        if (!ctx.fourOctetAs()) {
            AsPath p = as4Path(attrs);
            if (p != null) n += length(AttributeType.AS4_PATH, p, ctx);
            Aggregator g = as4Aggregator(attrs);
            if (g != null) n += length(AttributeType.AS4_AGGREGATOR, g, ctx);
        }
        return n;
    }

    static int headerLength(int valueLength) { return valueLength > 255 ? 4 : 3; }

    private static int length(AttributeType t, PathAttribute a, CodecContext ctx) {
        int v = t.valueLength(a, ctx);
        return headerLength(v) + v;
    }

    private static void attributes(PathAttributes attrs, CodecContext ctx, ByteBuf out) {
        AsPath as4Path = null;
        Aggregator as4Aggregator = null;
        if (!ctx.fourOctetAs()) {
            as4Path = as4Path(attrs);
            as4Aggregator = as4Aggregator(attrs);
        }
        boolean as4Pending = as4Path != null || as4Aggregator != null;
        for (PathAttribute a : attrs.asList()) {
            if (as4Pending && a.typeCode() > PathAttribute.AS4_AGGREGATOR) {
                as4(as4Path, as4Aggregator, ctx, out);
                as4Pending = false;
            }
            write(AttributeType.of(a), a, ctx, out);
        }
        if (as4Pending) as4(as4Path, as4Aggregator, ctx, out);
    }

    private static void as4(AsPath path, Aggregator agg, CodecContext ctx, ByteBuf out) {
        if (path != null) write(AttributeType.AS4_PATH, path, ctx, out);
        if (agg != null) write(AttributeType.AS4_AGGREGATOR, agg, ctx, out);
    }

    /** One attribute: header with the row's flags, then the row's value. */
    private static void write(AttributeType t, PathAttribute a, CodecContext ctx, ByteBuf out) {
        int len = t.valueLength(a, ctx);
        if (len < 0) return;
        int flags = t.flags(a);
        int type = t == AttributeType.UNKNOWN ? a.typeCode() : t.code(); // AS4_PATH carries an AsPath, etc.
        if (len > 0xFFFF) throw new IllegalArgumentException("attribute " + type + " value of " + len + " octets exceeds 65535");
        if (len > 255) {
            out.writeByte(flags | PathAttribute.FLAG_EXTENDED_LENGTH).writeByte(type).writeShort(len);
        } else {
            out.writeByte(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH).writeByte(type).writeByte(len);
        }
        t.encode(a, ctx, out);
    }

    /** RFC 6793 4.2.2: AS4_PATH only when a 4-octet ASN had to become AS_TRANS; never with confederation segments (3). */
    private static AsPath as4Path(PathAttributes attrs) {
        AsPath p = (AsPath) attrs.get(PathAttribute.AS_PATH);
        if (p == null || !hasFourOctetAsn(p)) return null;
        List<AsPathSegment> out = new ArrayList<>(p.segments().size());
        for (AsPathSegment s : p.segments()) if (!s.type().isConfed()) out.add(s);
        return new AsPath(out);
    }

    /** RFC 6793 4.2.2: AS4_AGGREGATOR only beside an AGGREGATOR whose ASN became AS_TRANS. */
    private static Aggregator as4Aggregator(PathAttributes attrs) {
        Aggregator g = (Aggregator) attrs.get(PathAttribute.AGGREGATOR);
        return g != null && g.asn() > 0xFFFF ? g : null;
    }

    private static boolean hasFourOctetAsn(AsPath p) {
        for (AsPathSegment s : p.segments()) for (long a : s.asns()) if (a > 0xFFFF) return true;
        return false;
    }
}
