package dev.bgplab.wire.codec;

import static dev.bgplab.wire.attribute.PathAttribute.FLAG_OPTIONAL;
import static dev.bgplab.wire.attribute.PathAttribute.FLAG_PARTIAL;
import static dev.bgplab.wire.attribute.PathAttribute.FLAG_TRANSITIVE;

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
import dev.bgplab.wire.attribute.UnknownAttribute;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One descriptor per path attribute type, as BIRD's attribute table: code, name, the
 * Optional/Transitive flags the RFCs give it, its exact length rule, what RFC 7606 does with a
 * malformed one, and the functions that read and write its value. {@link UpdateDecoder} checks flags
 * and length against the row ({@link #shapeError}) and calls {@link #decode}; {@link UpdateEncoder}
 * and the packer's exact sizes ({@link BgpCodec#attributesLength}) call {@link #valueLength} and
 * {@link #encode}; names in logs, metrics and explain come from {@link #label}. Adding a type is
 * adding a row here and its value record in {@code dev.bgplab.wire.attribute}.
 *
 * <p>Decode functions read the value at {@code [v, v + len)} (flags and length already fit the
 * row) and hand the result to the decoder ({@link UpdateDecoder#add}) or report a malformed value
 * ({@link UpdateDecoder#malformed}), which gets this row's RFC 7606 action.
 */
public enum AttributeType {

    // RFC 4271 5.1.1, RFC 7606 7.1
    ORIGIN(PathAttribute.ORIGIN, "ORIGIN", FLAG_TRANSITIVE, Length.exactly(1), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            Origin o = Origin.of(b.getUnsignedByte(v));
            if (o == null) d.malformed(this, "undefined ORIGIN value");
            else d.add(o);
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 1; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeByte(((Origin) a).code()); }
    },
    // RFC 4271 5.1.2, RFC 7606 7.2
    AS_PATH(PathAttribute.AS_PATH, "AS_PATH", FLAG_TRANSITIVE, Length.ANY, Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            AsPath path = readAsPath(b, v, v + len, d.asSize(), false);
            if (path == null) d.malformed(this, "malformed AS_PATH");
            else d.add(path);
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return asPathLength((AsPath) a, asSize(ctx)); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { writeAsPath((AsPath) a, asSize(ctx), out); }
    },
    // RFC 4271 5.1.3, RFC 7606 7.3
    NEXT_HOP(PathAttribute.NEXT_HOP, "NEXT_HOP", FLAG_TRANSITIVE, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            int a = b.getInt(v);
            // RFC 4271 6.3: a next hop that is no unicast host address (0/8, class D/E) makes the
            // route ignored, which RFC 7606 2 calls treat-as-withdraw.
            if ((a >>> 24) == 0 || (a >>> 24) >= 224) d.malformed(this, "NEXT_HOP is not a unicast address");
            else d.add(NextHop.of(OpenCodec.ipv4(a)));
        }
        /** An IPv6 next hop travels inside MP_REACH_NLRI (RFC 4760 3), never as NEXT_HOP. */
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return ((NextHop) a).isIpv4() ? 4 : -1; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeBytes(((NextHop) a).address().getAddress()); }
    },
    // RFC 4271 5.1.4, RFC 7606 7.4
    MULTI_EXIT_DISC(PathAttribute.MULTI_EXIT_DISC, "MULTI_EXIT_DISC", FLAG_OPTIONAL, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) { d.add(new MultiExitDisc(b.getUnsignedInt(v))); }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 4; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeInt((int) ((MultiExitDisc) a).value()); }
    },
    // RFC 4271 5.1.5, RFC 7606 7.5. From an external peer it is discarded whatever its shape; the
    // speaker's inbound normalisation knows the peer and turns a malformed one into attribute-discard.
    LOCAL_PREF(PathAttribute.LOCAL_PREF, "LOCAL_PREF", FLAG_TRANSITIVE, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) { d.add(new LocalPref(b.getUnsignedInt(v))); }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 4; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeInt((int) ((LocalPref) a).value()); }
    },
    // RFC 4271 5.1.6, RFC 7606 7.6
    ATOMIC_AGGREGATE(PathAttribute.ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", FLAG_TRANSITIVE, Length.exactly(0), Malformed.ATTRIBUTE_DISCARD) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) { d.add(AtomicAggregate.INSTANCE); }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 0; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { }
    },
    // RFC 4271 5.1.7, RFC 7606 7.7; towards a 2-octet peer a 4-octet ASN becomes AS_TRANS (RFC 6793 4.2.2)
    AGGREGATOR(PathAttribute.AGGREGATOR, "AGGREGATOR", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.AS_SIZE_PLUS_4, Malformed.ATTRIBUTE_DISCARD) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            int size = d.asSize();
            long asn = size == 4 ? b.getUnsignedInt(v) : b.getUnsignedShort(v);
            d.add(new Aggregator(asn, OpenCodec.ipv4(b.getInt(v + size))));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return asSize(ctx) + 4; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            Aggregator g = (Aggregator) a;
            if (ctx.fourOctetAs()) out.writeInt((int) g.asn());
            else out.writeShort((int) (g.asn() > 0xFFFF ? AsPath.AS_TRANS : g.asn()));
            out.writeBytes(g.address().getAddress());
        }
    },
    // RFC 1997, RFC 7606 7.8
    COMMUNITIES(PathAttribute.COMMUNITIES, "COMMUNITIES", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.multipleOf(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            List<Community> cs = new ArrayList<>(len / 4);
            for (int q = v; q < v + len; q += 4) cs.add(new Community(b.getInt(q)));
            d.add(new Communities(cs));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 4 * ((Communities) a).values().size(); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            for (Community x : ((Communities) a).values()) out.writeInt(x.value());
        }
    },
    // RFC 4456 8, RFC 7606 7.9
    ORIGINATOR_ID(PathAttribute.ORIGINATOR_ID, "ORIGINATOR_ID", FLAG_OPTIONAL, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) { d.add(new OriginatorId(OpenCodec.ipv4(b.getInt(v)))); }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 4; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeBytes(((OriginatorId) a).id().getAddress()); }
    },
    // RFC 4456 8, RFC 7606 7.10
    CLUSTER_LIST(PathAttribute.CLUSTER_LIST, "CLUSTER_LIST", FLAG_OPTIONAL, Length.multipleOf(4), Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            List<Inet4Address> ids = new ArrayList<>(len / 4);
            for (int q = v; q < v + len; q += 4) ids.add(OpenCodec.ipv4(b.getInt(q)));
            d.add(new ClusterList(ids));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 4 * ((ClusterList) a).ids().size(); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            for (Inet4Address id : ((ClusterList) a).ids()) out.writeBytes(id.getAddress());
        }
    },
    // RFC 4760 3, RFC 7606 7.11: whatever is wrong inside it hides NLRI, so the session is reset.
    MP_REACH_NLRI(PathAttribute.MP_REACH_NLRI, "MP_REACH_NLRI", FLAG_OPTIONAL, Length.ANY, Malformed.SESSION_RESET) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) throws BgpProtocolException {
            int end = v + len;
            // RFC 4760 3: AFI (2), SAFI (1), next hop length (1), next hop, reserved (1), NLRI.
            if (len < BgpCodec.MP_REACH_FIXED) throw d.mpError("MP_REACH_NLRI length " + len);
            int afi = b.getUnsignedShort(v);
            int safi = b.getUnsignedByte(v + 2);
            int nhLen = b.getUnsignedByte(v + 3);
            if (BgpCodec.MP_REACH_FIXED + nhLen > len) throw d.mpError("MP_REACH_NLRI next hop length " + nhLen + " overruns the attribute");
            AddressFamily f = AddressFamily.of(afi, safi);
            if (f == null) {
                // A family this speaker does not carry: kept by AFI/SAFI only, never misread.
                d.add(new MpReachNlri(afi, safi, null, List.of()));
                return;
            }
            int nh = v + 4;
            NextHop nextHop;
            if (f == AddressFamily.IPV4_UNICAST) {
                // RFC 7606 7.11: a next hop length the family does not allow is a malformed MP_REACH_NLRI.
                if (nhLen != 4) throw d.mpError("IPv4 next hop length " + nhLen);
                nextHop = NextHop.of(OpenCodec.ipv4(b.getInt(nh)));
            } else {
                // RFC 2545 3: a global address, optionally followed by a link-local one.
                if (nhLen != 16 && nhLen != 32) throw d.mpError("IPv6 next hop length " + nhLen);
                nextHop = new NextHop(ipv6(b, nh), nhLen == 32 ? ipv6(b, nh + 16) : null);
            }
            int q = nh + nhLen + 1; // RFC 4760 3: the reserved octet is ignored on receipt
            List<NlriEntry> nlri = new ArrayList<>((end - q) / 3 + 1);
            // RFC 7606 5.3 / 7.11, RFC 4760 7: NLRI that cannot be parsed: session reset.
            if (!NlriCodec.read(b, q, end, f, d.ctx().receivesPathId(f), nlri)) throw d.mpError("malformed MP_REACH_NLRI NLRI");
            d.add(new MpReachNlri(afi, safi, nextHop, nlri));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) {
            MpReachNlri r = (MpReachNlri) a;
            return BgpCodec.MP_REACH_FIXED + mpNextHopLength(r) + NlriCodec.size(r.nlri(), ctx.sendsPathId(AddressFamily.of(r.afi(), r.safi())));
        }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            MpReachNlri r = (MpReachNlri) a;
            NextHop nh = r.nextHop();
            int nhLen = mpNextHopLength(r); // 0 only for a family this speaker does not carry, kept from decoding
            if (nhLen == 4 && !(nh.address() instanceof Inet4Address))
                throw new IllegalArgumentException("IPv4 unicast MP_REACH_NLRI with next hop " + nh);
            if (nhLen >= 16 && !(nh.address() instanceof Inet6Address))
                throw new IllegalArgumentException("IPv6 MP_REACH_NLRI with next hop " + nh);
            out.writeShort(r.afi()).writeByte(r.safi()).writeByte(nhLen);
            if (nh != null) {
                out.writeBytes(nh.address().getAddress());
                if (nh.linkLocal() != null) out.writeBytes(nh.linkLocal().getAddress());
            }
            out.writeByte(0); // reserved (RFC 4760 3)
            NlriCodec.write(r.nlri(), ctx.sendsPathId(AddressFamily.of(r.afi(), r.safi())), out);
        }
    },
    // RFC 4760 4, RFC 7606 7.11
    MP_UNREACH_NLRI(PathAttribute.MP_UNREACH_NLRI, "MP_UNREACH_NLRI", FLAG_OPTIONAL, Length.ANY, Malformed.SESSION_RESET) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) throws BgpProtocolException {
            // RFC 4760 4: AFI (2), SAFI (1), withdrawn routes.
            if (len < BgpCodec.MP_UNREACH_FIXED) throw d.mpError("MP_UNREACH_NLRI length " + len);
            int afi = b.getUnsignedShort(v);
            int safi = b.getUnsignedByte(v + 2);
            AddressFamily f = AddressFamily.of(afi, safi);
            if (f == null) {
                d.add(new MpUnreachNlri(afi, safi, List.of()));
                return;
            }
            List<NlriEntry> w = len == 3 ? List.of() : new ArrayList<>((len - 3) / 3);
            // RFC 7606 5.3 / 7.11, RFC 4760 7
            if (!NlriCodec.read(b, v + 3, v + len, f, d.ctx().receivesPathId(f), w)) throw d.mpError("malformed MP_UNREACH_NLRI withdrawn routes");
            d.add(new MpUnreachNlri(afi, safi, w));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) {
            MpUnreachNlri u = (MpUnreachNlri) a;
            return BgpCodec.MP_UNREACH_FIXED + NlriCodec.size(u.withdrawn(), ctx.sendsPathId(AddressFamily.of(u.afi(), u.safi())));
        }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            MpUnreachNlri u = (MpUnreachNlri) a;
            out.writeShort(u.afi()).writeByte(u.safi());
            NlriCodec.write(u.withdrawn(), ctx.sendsPathId(AddressFamily.of(u.afi(), u.safi())), out);
        }
    },
    // RFC 4360, RFC 7606 7.14
    EXTENDED_COMMUNITIES(PathAttribute.EXTENDED_COMMUNITIES, "EXTENDED_COMMUNITIES", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.multipleOf(8),
            Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            List<ExtendedCommunity> cs = new ArrayList<>(len / 8);
            for (int q = v; q < v + len; q += 8) cs.add(new ExtendedCommunity(b.getLong(q)));
            d.add(new ExtendedCommunities(cs));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 8 * ((ExtendedCommunities) a).values().size(); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            for (ExtendedCommunity x : ((ExtendedCommunities) a).values()) out.writeLong(x.value());
        }
    },
    // RFC 6793 6: only on the wire towards a 2-octet peer; merged into AS_PATH on receipt (RFC 6793 4.2.3).
    AS4_PATH(PathAttribute.AS4_PATH, "AS4_PATH", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.ANY, Malformed.ATTRIBUTE_DISCARD) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            AsPath path = readAsPath(b, v, v + len, 4, true);
            if (path == null) d.malformed(this, "malformed AS4_PATH");
            // RFC 7607 2: AS 0 in AS4_PATH is a malformed AS4_PATH, handled as RFC 6793 says (discarded).
            else if (path.contains(0)) d.malformed(this, "AS4_PATH holds AS 0 (RFC 7607)");
            else d.as4Path(path);
        }
        /** Given the AS_PATH it carries: confederation segments already left out (RFC 6793 3). */
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return asPathLength((AsPath) a, 4); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { writeAsPath((AsPath) a, 4, out); }
    },
    // RFC 6793 6: the 4-octet aggregator beside an AGGREGATOR of AS_TRANS.
    AS4_AGGREGATOR(PathAttribute.AS4_AGGREGATOR, "AS4_AGGREGATOR", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.exactly(8), Malformed.ATTRIBUTE_DISCARD) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            // RFC 7607 2: AS 0 in AS4_AGGREGATOR: attribute-discard.
            if (b.getUnsignedInt(v) == 0) d.malformed(this, "AS4_AGGREGATOR holds AS 0 (RFC 7607)");
            else d.as4Aggregator(new Aggregator(b.getUnsignedInt(v), OpenCodec.ipv4(b.getInt(v + 4))));
        }
        /** Given the AGGREGATOR it carries. */
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 8; }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            Aggregator g = (Aggregator) a;
            out.writeInt((int) g.asn()).writeBytes(g.address().getAddress());
        }
    },
    // RFC 8092 6
    LARGE_COMMUNITY(PathAttribute.LARGE_COMMUNITY, "LARGE_COMMUNITY", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.multipleOf(12),
            Malformed.TREAT_AS_WITHDRAW) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) {
            List<LargeCommunity> cs = new ArrayList<>(len / 12);
            for (int q = v; q < v + len; q += 12) {
                cs.add(new LargeCommunity(b.getUnsignedInt(q), b.getUnsignedInt(q + 4), b.getUnsignedInt(q + 8)));
            }
            d.add(new LargeCommunities(cs));
        }
        @Override int valueLength(PathAttribute a, CodecContext ctx) { return 12 * ((LargeCommunities) a).values().size(); }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) {
            for (LargeCommunity x : ((LargeCommunities) a).values()) out.writeInt((int) x.global()).writeInt((int) x.local1()).writeInt((int) x.local2());
        }
    },
    /**
     * Any other code. RFC 4271 5: an unrecognized optional transitive attribute is passed on with
     * Partial set, an optional non-transitive one quietly ignored; an unrecognized well-known one
     * ends the session (6.3). Its flags are its own, so the decoder checks no shape for it.
     */
    UNKNOWN(-1, "UNKNOWN", FLAG_OPTIONAL | FLAG_TRANSITIVE, Length.ANY, Malformed.ATTRIBUTE_DISCARD) {
        @Override void decode(ByteBuf b, int v, int len, UpdateDecoder d) throws BgpProtocolException {
            int flags = d.flags();
            if ((flags & FLAG_OPTIONAL) == 0) {
                // RFC 4271 6.3: unrecognized well-known attribute; data = the attribute (type, length, value).
                throw BgpCodec.updateError(NotificationMessage.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, d.attributeBytes(),
                        "unrecognized well-known attribute " + d.type());
            }
            if ((flags & FLAG_TRANSITIVE) != 0) {
                d.add(new UnknownAttribute(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, d.type(), ByteBufUtil.getBytes(b, v, len)));
            }
        }
        @Override int flags(PathAttribute a) { return ((UnknownAttribute) a).flags() | FLAG_PARTIAL; }
        @Override int valueLength(PathAttribute a, CodecContext ctx) {
            UnknownAttribute u = (UnknownAttribute) a;
            return u.isOptionalTransitive() ? u.value().length : -1;
        }
        @Override void encode(PathAttribute a, CodecContext ctx, ByteBuf out) { out.writeBytes(((UnknownAttribute) a).value()); }
    };

    /** What RFC 7606 2 does with an UPDATE holding a malformed attribute of this type. */
    public enum Malformed { TREAT_AS_WITHDRAW, ATTRIBUTE_DISCARD, SESSION_RESET }

    /** A value length rule: exactly N octets, a non-zero multiple of N, the AS size plus 4, or any. */
    public record Length(int exact, int unit, boolean asSizePlus4) {
        public static final Length ANY = new Length(-1, 0, false);
        public static final Length AS_SIZE_PLUS_4 = new Length(-1, 0, true);
        public static Length exactly(int n) { return new Length(n, 0, false); }
        public static Length multipleOf(int n) { return new Length(-1, n, false); }

        public boolean fits(int len, int asSize) {
            if (asSizePlus4) return len == asSize + 4;
            if (exact >= 0) return len == exact;
            if (unit > 0) return len > 0 && len % unit == 0;
            return true;
        }
    }

    private final int code;
    private final String label;
    private final int flags;
    private final Length length;
    private final Malformed onMalformed;

    AttributeType(int code, String label, int flags, Length length, Malformed onMalformed) {
        this.code = code;
        this.label = label;
        this.flags = flags;
        this.length = length;
        this.onMalformed = onMalformed;
    }

    public int code() { return code; }
    public String label() { return label; }
    /** Optional and transitive bits as the RFCs define them for this type. */
    public int wellKnownFlags() { return flags; }
    /** Well-known (RFC 4271 5): the Optional bit is clear. */
    public boolean isWellKnown() { return (flags & FLAG_OPTIONAL) == 0; }
    public Length length() { return length; }
    public Malformed onMalformed() { return onMalformed; }

    /**
     * Why an attribute of this type with these flags and value length is malformed (RFC 7606 3 c:
     * Optional/Transitive bits in conflict with the type; a length the type does not allow), or
     * null when flags and length fit. The value itself is {@link #decode}'s to judge.
     */
    public String shapeError(int wireFlags, int valueLength, int asSize) {
        if ((wireFlags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != flags) return label + " flags";
        if (!length.fits(valueLength, asSize)) return label + " length " + valueLength;
        return null;
    }

    // ------------------------------------------------------------------ the row's functions

    /** Reads one value whose flags and length fit this row, and hands the result to {@code d}. */
    abstract void decode(ByteBuf b, int v, int len, UpdateDecoder d) throws BgpProtocolException;

    /** The value octets {@link #encode} writes for {@code a} under {@code ctx}, or -1 when it writes no attribute. */
    abstract int valueLength(PathAttribute a, CodecContext ctx);

    /** Writes the value of {@code a} (the header is the encoder's). */
    abstract void encode(PathAttribute a, CodecContext ctx, ByteBuf out);

    /** The flags {@code a} goes out with (extended length aside, which is the encoder's choice). */
    int flags(PathAttribute a) { return flags; }

    // ------------------------------------------------------------------ lookup

    private static final AttributeType[] BY_CODE = new AttributeType[256];
    static {
        for (AttributeType t : values()) if (t.code >= 0) BY_CODE[t.code] = t;
    }

    public static AttributeType of(int code) {
        AttributeType t = code >= 0 && code < 256 ? BY_CODE[code] : null;
        return t == null ? UNKNOWN : t;
    }

    /** The row for an attribute value (an {@link UnknownAttribute} gets {@link #UNKNOWN}). */
    static AttributeType of(PathAttribute a) {
        return a instanceof UnknownAttribute ? UNKNOWN : of(a.typeCode());
    }

    // ------------------------------------------------------------------ shared by rows

    private static final int MAX_SEGMENT = 255;

    private static int asSize(CodecContext ctx) { return ctx.fourOctetAs() ? 4 : 2; }

    /**
     * RFC 4271 4.3 AS_PATH segments; null when malformed (RFC 7606 7.2: unknown segment type,
     * a segment overrunning the attribute, a single octet left over, or a zero-length segment).
     * For AS4_PATH, confederation segments are dropped (RFC 6793 6).
     */
    private static AsPath readAsPath(ByteBuf b, int p, int end, int size, boolean as4) {
        if (p == end) return AsPath.EMPTY;
        List<AsPathSegment> segs = new ArrayList<>(2);
        while (p < end) {
            if (end - p < 2) return null;
            AsPathSegment.Type t = AsPathSegment.Type.of(b.getUnsignedByte(p));
            int n = b.getUnsignedByte(p + 1);
            p += 2;
            if (t == null || n == 0 || n * size > end - p) return null;
            Long[] asns = new Long[n];
            for (int i = 0; i < n; i++, p += size) asns[i] = size == 4 ? b.getUnsignedInt(p) : (long) b.getUnsignedShort(p);
            if (as4 && t.isConfed()) continue;
            segs.add(new AsPathSegment(t, List.of(asns)));
        }
        return new AsPath(segs);
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
    private static void writeAsPath(AsPath p, int asSize, ByteBuf out) {
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

    /** RFC 4760 3 / RFC 2545 3: 4 for IPv4, 16 for IPv6, 32 with a link-local address, 0 when none. */
    static int mpNextHopLength(MpReachNlri r) {
        NextHop nh = r.nextHop();
        if (nh == null) return 0;
        AddressFamily fam = AddressFamily.of(r.afi(), r.safi());
        if (fam == AddressFamily.IPV4_UNICAST || (fam == null && nh.address() instanceof Inet4Address)) return 4;
        return nh.linkLocal() == null ? 16 : 32;
    }

    private static Inet6Address ipv6(ByteBuf b, int p) {
        byte[] a = ByteBufUtil.getBytes(b, p, 16);
        try {
            return Inet6Address.getByAddress(null, a, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
