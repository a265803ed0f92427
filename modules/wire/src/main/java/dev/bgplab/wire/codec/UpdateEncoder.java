package dev.bgplab.wire.codec;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.AtomicAggregate;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.attribute.UnknownAttribute;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an UPDATE (RFC 4271 4.3). Attributes go out in type-code order; towards a 2-octet peer
 * 4-octet ASNs become AS_TRANS with AS4_PATH / AS4_AGGREGATOR beside them (RFC 6793 4.2.2).
 * The extended-length flag is set only when a value exceeds 255 octets (RFC 4271 4.3).
 */
final class UpdateEncoder {

    private UpdateEncoder() {}

    private static final int MAX_SEGMENT = 255;

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
     * The octets {@link #attributes} writes for this set, headers included: the same length rules
     * as the encoder (extended length only past 255 octets, AS4_PATH / AS4_AGGREGATOR towards a
     * 2-octet peer, no NEXT_HOP for an IPv6 next hop, unknown attributes only when transitive).
     */
    static int attributesLength(PathAttributes attrs, CodecContext ctx) {
        int n = 0;
        for (PathAttribute a : attrs.asList()) {
            int v = valueLength(a, ctx);
            if (v >= 0) n += headerLength(v) + v;
        }
        if (!ctx.fourOctetAs()) {
            AsPath p = (AsPath) attrs.get(PathAttribute.AS_PATH);
            if (p != null && hasFourOctetAsn(p)) {
                int v = asPathLength(withoutConfederation(p), 4);
                n += headerLength(v) + v;
            }
            Aggregator g = (Aggregator) attrs.get(PathAttribute.AGGREGATOR);
            if (g != null && g.asn() > 0xFFFF) n += headerLength(8) + 8;
        }
        return n;
    }

    static int headerLength(int valueLength) { return valueLength > 255 ? 4 : 3; }

    /** The value octets the encoder writes for one attribute, or -1 when it writes none. */
    static int valueLength(PathAttribute a, CodecContext ctx) {
        int asSize = ctx.fourOctetAs() ? 4 : 2;
        return switch (a) {
            case Origin o -> 1;
            case AsPath p -> asPathLength(p, asSize);
            case NextHop n -> n.address() instanceof Inet4Address ? 4 : -1;
            case MultiExitDisc m -> 4;
            case LocalPref l -> 4;
            case AtomicAggregate x -> 0;
            case Aggregator g -> asSize + 4;
            case Communities c -> 4 * c.values().size();
            case OriginatorId o -> 4;
            case ClusterList c -> 4 * c.ids().size();
            case MpReachNlri r -> 5 + mpNextHopLength(r) + NlriCodec.size(r.nlri(), ctx.sendsPathId(AddressFamily.of(r.afi(), r.safi())));
            case MpUnreachNlri u -> 3 + NlriCodec.size(u.withdrawn(), ctx.sendsPathId(AddressFamily.of(u.afi(), u.safi())));
            case ExtendedCommunities c -> 8 * c.values().size();
            case LargeCommunities c -> 12 * c.values().size();
            case UnknownAttribute u -> u.isOptionalTransitive() ? u.value().length : -1;
        };
    }

    /** RFC 4760 3 / RFC 2545 3: 4 for IPv4, 16 for IPv6, 32 with a link-local address, 0 when none. */
    static int mpNextHopLength(MpReachNlri r) {
        NextHop nh = r.nextHop();
        if (nh == null) return 0;
        AddressFamily fam = AddressFamily.of(r.afi(), r.safi());
        if (fam == AddressFamily.IPV4_UNICAST || (fam == null && nh.address() instanceof Inet4Address)) return 4;
        return nh.linkLocal() == null ? 16 : 32;
    }

    private static void attributes(PathAttributes attrs, CodecContext ctx, ByteBuf out) {
        AsPath as4Path = null;
        Aggregator as4Aggregator = null;
        if (!ctx.fourOctetAs()) {
            // RFC 6793 4.2.2: AS4_PATH / AS4_AGGREGATOR only when a 4-octet ASN had to become AS_TRANS.
            AsPath p = (AsPath) attrs.get(PathAttribute.AS_PATH);
            if (p != null && hasFourOctetAsn(p)) as4Path = withoutConfederation(p);
            Aggregator g = (Aggregator) attrs.get(PathAttribute.AGGREGATOR);
            if (g != null && g.asn() > 0xFFFF) as4Aggregator = g;
        }
        boolean as4Pending = as4Path != null || as4Aggregator != null;
        for (PathAttribute a : attrs.asList()) {
            if (as4Pending && a.typeCode() > PathAttribute.AS4_AGGREGATOR) {
                as4(as4Path, as4Aggregator, out);
                as4Pending = false;
            }
            attribute(a, ctx, out);
        }
        if (as4Pending) as4(as4Path, as4Aggregator, out);
    }

    private static void as4(AsPath path, Aggregator agg, ByteBuf out) {
        int flags = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;
        if (path != null) {
            header(flags, PathAttribute.AS4_PATH, asPathLength(path, 4), out);
            asPath(path, 4, out);
        }
        if (agg != null) {
            header(flags, PathAttribute.AS4_AGGREGATOR, 8, out);
            out.writeInt((int) agg.asn()).writeBytes(agg.address().getAddress());
        }
    }

    private static boolean hasFourOctetAsn(AsPath p) {
        for (AsPathSegment s : p.segments()) for (long a : s.asns()) if (a > 0xFFFF) return true;
        return false;
    }

    /** RFC 6793 3: confederation segments never go into AS4_PATH. */
    private static AsPath withoutConfederation(AsPath p) {
        List<AsPathSegment> out = new ArrayList<>(p.segments().size());
        for (AsPathSegment s : p.segments()) if (!s.type().isConfed()) out.add(s);
        return new AsPath(out);
    }

    private static void header(int flags, int type, int len, ByteBuf out) {
        if (len > 0xFFFF) throw new IllegalArgumentException("attribute " + type + " value of " + len + " octets exceeds 65535");
        if (len > 255) {
            out.writeByte(flags | PathAttribute.FLAG_EXTENDED_LENGTH).writeByte(type).writeShort(len);
        } else {
            out.writeByte(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH).writeByte(type).writeByte(len);
        }
    }

    private static void attribute(PathAttribute a, CodecContext ctx, ByteBuf out) {
        int asSize = ctx.fourOctetAs() ? 4 : 2;
        int f = a.flags();
        int t = a.typeCode();
        switch (a) {
            case Origin o -> { header(f, t, 1, out); out.writeByte(o.code()); }
            case AsPath p -> { header(f, t, asPathLength(p, asSize), out); asPath(p, asSize, out); }
            case NextHop n -> {
                // An IPv6 next hop travels inside MP_REACH_NLRI (RFC 4760 3), never as NEXT_HOP.
                if (n.address() instanceof Inet4Address v4) { header(f, t, 4, out); out.writeBytes(v4.getAddress()); }
            }
            case MultiExitDisc m -> { header(f, t, 4, out); out.writeInt((int) m.value()); }
            case LocalPref l -> { header(f, t, 4, out); out.writeInt((int) l.value()); }
            case AtomicAggregate x -> header(f, t, 0, out);
            case Aggregator g -> {
                header(f, t, asSize + 4, out);
                if (asSize == 4) out.writeInt((int) g.asn());
                else out.writeShort((int) (g.asn() > 0xFFFF ? AsPath.AS_TRANS : g.asn()));
                out.writeBytes(g.address().getAddress());
            }
            case Communities c -> {
                header(f, t, 4 * c.values().size(), out);
                for (Community x : c.values()) out.writeInt(x.value());
            }
            case OriginatorId o -> { header(f, t, 4, out); out.writeBytes(o.id().getAddress()); }
            case ClusterList c -> {
                header(f, t, 4 * c.ids().size(), out);
                for (Inet4Address id : c.ids()) out.writeBytes(id.getAddress());
            }
            case MpReachNlri r -> mpReach(r, ctx, f, out);
            case MpUnreachNlri u -> {
                AddressFamily fam = AddressFamily.of(u.afi(), u.safi());
                boolean id = ctx.sendsPathId(fam);
                header(f, t, 3 + NlriCodec.size(u.withdrawn(), id), out);
                out.writeShort(u.afi()).writeByte(u.safi());
                NlriCodec.write(u.withdrawn(), id, out);
            }
            case ExtendedCommunities c -> {
                header(f, t, 8 * c.values().size(), out);
                for (ExtendedCommunity x : c.values()) out.writeLong(x.value());
            }
            case LargeCommunities c -> {
                header(f, t, 12 * c.values().size(), out);
                for (LargeCommunity x : c.values()) out.writeInt((int) x.global()).writeInt((int) x.local1()).writeInt((int) x.local2());
            }
            case UnknownAttribute u -> {
                // RFC 4271 5: only optional transitive ones are passed on, with Partial set.
                if (!u.isOptionalTransitive()) return;
                byte[] v = u.value();
                header(u.flags() | PathAttribute.FLAG_PARTIAL, t, v.length, out);
                out.writeBytes(v);
            }
        }
    }

    private static void mpReach(MpReachNlri r, CodecContext ctx, int flags, ByteBuf out) {
        AddressFamily fam = AddressFamily.of(r.afi(), r.safi());
        NextHop nh = r.nextHop();
        int nhLen = mpNextHopLength(r); // 0 only for a family this speaker does not carry, kept from decoding
        if (nhLen == 4 && !(nh.address() instanceof Inet4Address)) throw new IllegalArgumentException("IPv4 unicast MP_REACH_NLRI with next hop " + nh);
        if (nhLen >= 16 && !(nh.address() instanceof Inet6Address)) throw new IllegalArgumentException("IPv6 MP_REACH_NLRI with next hop " + nh);
        boolean id = ctx.sendsPathId(fam);
        header(flags, PathAttribute.MP_REACH_NLRI, 5 + nhLen + NlriCodec.size(r.nlri(), id), out);
        out.writeShort(r.afi()).writeByte(r.safi()).writeByte(nhLen);
        if (nh != null) {
            out.writeBytes(nh.address().getAddress());
            if (nh.linkLocal() != null) out.writeBytes(nh.linkLocal().getAddress());
        }
        out.writeByte(0); // reserved (RFC 4760 3)
        NlriCodec.write(r.nlri(), id, out);
    }

    static int asPathLength(AsPath p, int asSize) {
        int len = 0;
        for (AsPathSegment s : p.segments()) {
            int n = s.asns().size();
            len += 2 * ((n + MAX_SEGMENT - 1) / MAX_SEGMENT) + n * asSize;
        }
        return len;
    }

    /** RFC 4271 4.3: segments of at most 255 ASNs; longer ones are split, empty ones skipped. */
    static void asPath(AsPath p, int asSize, ByteBuf out) {
        for (AsPathSegment s : p.segments()) {
            List<Long> asns = s.asns();
            for (int from = 0; from < asns.size(); from += MAX_SEGMENT) {
                int to = Math.min(asns.size(), from + MAX_SEGMENT);
                out.writeByte(s.type().code()).writeByte(to - from);
                for (int i = from; i < to; i++) {
                    long a = asns.get(i);
                    // RFC 6793 4.2.2: towards a 2-octet peer a 4-octet ASN becomes AS_TRANS.
                    if (asSize == 4) out.writeInt((int) a);
                    else out.writeShort((int) (a > 0xFFFF ? AsPath.AS_TRANS : a));
                }
            }
        }
    }
}
