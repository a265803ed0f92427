package dev.bgplab.wire.codec;

import static dev.bgplab.wire.message.NotificationMessage.INVALID_NETWORK_FIELD;
import static dev.bgplab.wire.message.NotificationMessage.MALFORMED_ATTRIBUTE_LIST;
import static dev.bgplab.wire.message.NotificationMessage.OPTIONAL_ATTRIBUTE_ERROR;
import static dev.bgplab.wire.message.NotificationMessage.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.AtomicAggregate;
import dev.bgplab.wire.attribute.AttributeType;
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
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.AttributeError.Action;
import dev.bgplab.wire.message.UpdateMessage;
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
 * Decodes one UPDATE (RFC 4271 4.3) with the error handling of RFC 4271 6.3 as revised by RFC
 * 7606: errors that leave the NLRI locatable become {@link AttributeError}s (treat-as-withdraw
 * or attribute-discard) and the faulty attribute is left out; errors that do not end the session
 * with a {@link BgpProtocolException}. One instance per message, used by one thread.
 */
final class UpdateDecoder {

    private final ByteBuf b;
    private final CodecContext ctx;
    private final int asSize;
    private final List<PathAttribute> attrs = new ArrayList<>(10);
    private List<AttributeError> errors;
    /** Attribute type codes seen so far, a 256-bit set (RFC 7606 3 g: duplicates). */
    private long seen0, seen1, seen2, seen3;
    private AsPath as4Path;
    private Aggregator as4Aggregator;

    private UpdateDecoder(ByteBuf b, CodecContext ctx) {
        this.b = b;
        this.ctx = ctx;
        this.asSize = ctx.fourOctetAs() ? 4 : 2;
    }

    static UpdateMessage decode(ByteBuf b, int p, int end, CodecContext ctx) throws BgpProtocolException {
        return new UpdateDecoder(b, ctx).run(p, end);
    }

    private UpdateMessage run(int p, int end) throws BgpProtocolException {
        // RFC 4271 6.3, kept by RFC 7606 3 a: lengths that overrun the message leave nothing to trust.
        int wLen = b.getUnsignedShort(p);
        p += 2;
        if (wLen > end - p - 2) {
            throw BgpCodec.updateError(MALFORMED_ATTRIBUTE_LIST, null, "withdrawn routes length " + wLen + " overruns the UPDATE");
        }
        int wEnd = p + wLen;
        int aLen = b.getUnsignedShort(wEnd);
        int aStart = wEnd + 2;
        if (aLen > end - aStart) {
            throw BgpCodec.updateError(MALFORMED_ATTRIBUTE_LIST, null, "total path attribute length " + aLen + " overruns the UPDATE");
        }
        int aEnd = aStart + aLen;

        AddressFamily v4 = AddressFamily.IPV4_UNICAST;
        boolean v4PathId = ctx.receivesPathId(v4);
        List<NlriEntry> withdrawn = wLen == 0 ? List.of() : new ArrayList<>(wLen / 3);
        // RFC 7606 5.3: a Withdrawn Routes field that cannot be parsed means session reset.
        if (!NlriCodec.read(b, p, wEnd, v4, v4PathId, withdrawn)) {
            throw BgpCodec.updateError(INVALID_NETWORK_FIELD, null, "malformed withdrawn routes");
        }

        parseAttributes(aStart, aEnd);

        List<NlriEntry> nlri = aEnd == end ? List.of() : new ArrayList<>((end - aEnd) / 3);
        // RFC 4271 6.3 / RFC 7606 5.3: an NLRI field that cannot be parsed means session reset.
        if (!NlriCodec.read(b, aEnd, end, v4, v4PathId, nlri)) {
            throw BgpCodec.updateError(INVALID_NETWORK_FIELD, null, "malformed NLRI field");
        }

        if (!ctx.fourOctetAs()) mergeAs4();
        checkMandatory(nlri);
        return new UpdateMessage(withdrawn, PathAttributes.of(attrs), nlri, errors == null ? List.of() : errors);
    }

    private void parseAttributes(int p, int end) throws BgpProtocolException {
        while (p < end) {
            int rem = end - p;
            int flags = b.getUnsignedByte(p);
            int hdr = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (rem < hdr) {
                // RFC 7606 4: too few octets left for an attribute header. No value is hidden in
                // them, so every NLRI is still located: treat-as-withdraw.
                error(rem >= 2 ? b.getUnsignedByte(p + 1) : 0, Action.TREAT_AS_WITHDRAW, "truncated attribute header");
                return;
            }
            int type = b.getUnsignedByte(p + 1);
            int len = hdr == 4 ? b.getUnsignedShort(p + 2) : b.getUnsignedByte(p + 2);
            int v = p + hdr;
            if (len > end - v) {
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
                    // RFC 7606 4 + 7.11: a cut MP attribute hides NLRI, so treat-as-withdraw is unsafe.
                    throw BgpCodec.updateError(OPTIONAL_ATTRIBUTE_ERROR, ByteBufUtil.getBytes(b, p, rem),
                            "MP attribute length " + len + " overruns the path attributes");
                }
                // RFC 7606 4: attribute length overruns the attribute section; Total Attribute Length
                // still locates the NLRI field: treat-as-withdraw.
                error(type, Action.TREAT_AS_WITHDRAW, "attribute length " + len + " overruns the path attributes");
                return;
            }
            if (markSeen(type)) {
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
                    // RFC 7606 3 g: a repeated MP_REACH_NLRI / MP_UNREACH_NLRI is Malformed Attribute List.
                    throw BgpCodec.updateError(MALFORMED_ATTRIBUTE_LIST, null, "attribute " + type + " appears twice");
                }
                // RFC 7606 3 g: every other repeat is discarded, the first occurrence kept.
                error(type, Action.ATTRIBUTE_DISCARD, "repeated attribute");
            } else {
                attribute(flags, type, p, v, len);
            }
            p = v + len;
        }
    }

    /** True when the type was already seen; marks it seen. */
    private boolean markSeen(int type) {
        long bit = 1L << (type & 63);
        switch (type >>> 6) {
            case 0 -> { if ((seen0 & bit) != 0) return true; seen0 |= bit; }
            case 1 -> { if ((seen1 & bit) != 0) return true; seen1 |= bit; }
            case 2 -> { if ((seen2 & bit) != 0) return true; seen2 |= bit; }
            default -> { if ((seen3 & bit) != 0) return true; seen3 |= bit; }
        }
        return false;
    }

    private boolean wasSeen(int type) {
        return (seen0 & (1L << type)) != 0; // only asked for the well-known codes 1..3
    }

    private void error(int type, Action action, String reason) {
        if (errors == null) errors = new ArrayList<>(2);
        errors.add(new AttributeError(type, action, reason));
    }

    private boolean hasError(int type) {
        if (errors == null) return false;
        for (AttributeError e : errors) if (e.typeCode() == type) return true;
        return false;
    }

    private void withdraw(int type, String reason) { error(type, Action.TREAT_AS_WITHDRAW, reason); }

    private void attribute(int flags, int type, int p, int v, int len) throws BgpProtocolException {
        AttributeType at = AttributeType.of(type);
        if (at == AttributeType.UNKNOWN) {
            if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
                // RFC 4271 6.3: unrecognized well-known attribute; data = the attribute (type, length, value).
                throw BgpCodec.updateError(UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, ByteBufUtil.getBytes(b, p, v + len - p),
                        "unrecognized well-known attribute " + type);
            }
            if ((flags & PathAttribute.FLAG_TRANSITIVE) != 0) {
                // RFC 4271 5: unrecognized optional transitive attributes are passed on (the encoder sets Partial).
                attrs.add(new UnknownAttribute(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, type, ByteBufUtil.getBytes(b, v, len)));
            }
            // RFC 4271 5: unrecognized optional non-transitive attributes are quietly ignored.
            return;
        }
        // RFC 6793 4.1: a NEW speaker receiving AS4_PATH / AS4_AGGREGATOR from a NEW speaker ignores them.
        if ((type == PathAttribute.AS4_PATH || type == PathAttribute.AS4_AGGREGATOR) && ctx.fourOctetAs()) return;
        // The descriptor table: RFC 7606 3 c flags and the type's exact length, and the action for either.
        String bad = at.shapeError(flags, len, asSize);
        if (bad != null) {
            if (at.onMalformed() != AttributeType.Malformed.SESSION_RESET) {
                malformed(at, bad);
                return;
            }
            // MP_REACH/MP_UNREACH (length: any here; their inner lengths are checked while decoding
            // them): left out per RFC 7606 3 c they would lose their NLRI, so they are decoded anyway
            // and the UPDATE treated as withdrawn.
            withdraw(type, bad);
        }
        switch (type) {
            case PathAttribute.ORIGIN -> {
                Origin o = Origin.of(b.getUnsignedByte(v));
                if (o == null) { malformed(at, "undefined ORIGIN value"); return; } // RFC 7606 7.1
                attrs.add(o);
            }
            case PathAttribute.AS_PATH -> {
                AsPath path = asPath(v, v + len, asSize, false);
                if (path == null) { malformed(at, "malformed AS_PATH"); return; } // RFC 7606 7.2
                attrs.add(path);
            }
            case PathAttribute.NEXT_HOP -> {
                int a = b.getInt(v);
                // RFC 4271 6.3: a next hop that is no unicast host address (0/8, class D/E) makes the
                // route ignored, which RFC 7606 2 calls treat-as-withdraw.
                if ((a >>> 24) == 0 || (a >>> 24) >= 224) { withdraw(type, "NEXT_HOP is not a unicast address"); return; }
                attrs.add(NextHop.of(OpenCodec.ipv4(a)));
            }
            case PathAttribute.MULTI_EXIT_DISC -> attrs.add(new MultiExitDisc(b.getUnsignedInt(v)));
            // RFC 7606 7.5: from an external peer it is discarded whatever its shape; the speaker's
            // inbound normalisation step knows the peer and turns a malformed one into attribute-discard.
            case PathAttribute.LOCAL_PREF -> attrs.add(new LocalPref(b.getUnsignedInt(v)));
            case PathAttribute.ATOMIC_AGGREGATE -> attrs.add(AtomicAggregate.INSTANCE);
            case PathAttribute.AGGREGATOR -> {
                long asn = asSize == 4 ? b.getUnsignedInt(v) : b.getUnsignedShort(v);
                attrs.add(new Aggregator(asn, OpenCodec.ipv4(b.getInt(v + asSize))));
            }
            case PathAttribute.COMMUNITIES -> {
                List<Community> cs = new ArrayList<>(len / 4);
                for (int q = v; q < v + len; q += 4) cs.add(new Community(b.getInt(q)));
                attrs.add(new Communities(cs));
            }
            case PathAttribute.ORIGINATOR_ID -> attrs.add(new OriginatorId(OpenCodec.ipv4(b.getInt(v))));
            case PathAttribute.CLUSTER_LIST -> {
                List<Inet4Address> ids = new ArrayList<>(len / 4);
                for (int q = v; q < v + len; q += 4) ids.add(OpenCodec.ipv4(b.getInt(q)));
                attrs.add(new ClusterList(ids));
            }
            case PathAttribute.MP_REACH_NLRI -> mpReach(p, v, len);
            case PathAttribute.MP_UNREACH_NLRI -> mpUnreach(p, v, len);
            case PathAttribute.EXTENDED_COMMUNITIES -> {
                List<ExtendedCommunity> cs = new ArrayList<>(len / 8);
                for (int q = v; q < v + len; q += 8) cs.add(new ExtendedCommunity(b.getLong(q)));
                attrs.add(new ExtendedCommunities(cs));
            }
            case PathAttribute.LARGE_COMMUNITY -> {
                List<LargeCommunity> cs = new ArrayList<>(len / 12);
                for (int q = v; q < v + len; q += 12) {
                    cs.add(new LargeCommunity(b.getUnsignedInt(q), b.getUnsignedInt(q + 4), b.getUnsignedInt(q + 8)));
                }
                attrs.add(new LargeCommunities(cs));
            }
            case PathAttribute.AS4_PATH -> {
                // RFC 6793 6: a malformed AS4_PATH is discarded, AS_PATH alone used.
                AsPath path = asPath(v, v + len, 4, true);
                if (path == null) { malformed(at, "malformed AS4_PATH"); return; }
                // RFC 7607 2: AS 0 in AS4_PATH is a malformed AS4_PATH, handled as RFC 6793 says (discarded).
                if (path.contains(0)) { malformed(at, "AS4_PATH holds AS 0 (RFC 7607)"); return; }
                as4Path = path;
            }
            case PathAttribute.AS4_AGGREGATOR -> {
                // RFC 7607 2: AS 0 in AS4_AGGREGATOR: attribute-discard.
                if (b.getUnsignedInt(v) == 0) { malformed(at, "AS4_AGGREGATOR holds AS 0 (RFC 7607)"); return; }
                as4Aggregator = new Aggregator(b.getUnsignedInt(v), OpenCodec.ipv4(b.getInt(v + 4)));
            }
            default -> throw new IllegalStateException("attribute type " + type + " in AttributeType but not decoded");
        }
    }

    /** The table's RFC 7606 action for a malformed attribute of this type (session resets are thrown, not listed). */
    private void malformed(AttributeType at, String reason) {
        error(at.code(), at.onMalformed() == AttributeType.Malformed.TREAT_AS_WITHDRAW ? Action.TREAT_AS_WITHDRAW
                : Action.ATTRIBUTE_DISCARD, reason);
    }

    /**
     * RFC 4271 4.3 AS_PATH segments; null when malformed (RFC 7606 7.2: unknown segment type,
     * a segment overrunning the attribute, a single octet left over, or a zero-length segment).
     * For AS4_PATH, confederation segments are dropped (RFC 6793 6).
     */
    private AsPath asPath(int p, int end, int size, boolean as4) {
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

    private void mpReach(int p, int v, int len) throws BgpProtocolException {
        int end = v + len;
        // RFC 4760 3: AFI (2), SAFI (1), next hop length (1), next hop, reserved (1), NLRI.
        if (len < 5) throw mpError(p, end, "MP_REACH_NLRI length " + len);
        int afi = b.getUnsignedShort(v);
        int safi = b.getUnsignedByte(v + 2);
        int nhLen = b.getUnsignedByte(v + 3);
        if (5 + nhLen > len) throw mpError(p, end, "MP_REACH_NLRI next hop length " + nhLen + " overruns the attribute");
        AddressFamily f = AddressFamily.of(afi, safi);
        if (f == null) {
            // A family this speaker does not carry: kept by AFI/SAFI only, never misread.
            attrs.add(new MpReachNlri(afi, safi, null, List.of()));
            return;
        }
        int nh = v + 4;
        NextHop nextHop;
        if (f == AddressFamily.IPV4_UNICAST) {
            // RFC 7606 7.11: a next hop length the family does not allow is a malformed MP_REACH_NLRI.
            if (nhLen != 4) throw mpError(p, end, "IPv4 next hop length " + nhLen);
            nextHop = NextHop.of(OpenCodec.ipv4(b.getInt(nh)));
        } else {
            // RFC 2545 3: a global address, optionally followed by a link-local one.
            if (nhLen != 16 && nhLen != 32) throw mpError(p, end, "IPv6 next hop length " + nhLen);
            nextHop = new NextHop(ipv6(nh), nhLen == 32 ? ipv6(nh + 16) : null);
        }
        int q = nh + nhLen + 1; // RFC 4760 3: the reserved octet is ignored on receipt
        List<NlriEntry> nlri = new ArrayList<>((end - q) / 3 + 1);
        // RFC 7606 5.3 / 7.11, RFC 4760 7: NLRI that cannot be parsed: session reset.
        if (!NlriCodec.read(b, q, end, f, ctx.receivesPathId(f), nlri)) throw mpError(p, end, "malformed MP_REACH_NLRI NLRI");
        attrs.add(new MpReachNlri(afi, safi, nextHop, nlri));
    }

    private void mpUnreach(int p, int v, int len) throws BgpProtocolException {
        int end = v + len;
        // RFC 4760 4: AFI (2), SAFI (1), withdrawn routes.
        if (len < 3) throw mpError(p, end, "MP_UNREACH_NLRI length " + len);
        int afi = b.getUnsignedShort(v);
        int safi = b.getUnsignedByte(v + 2);
        AddressFamily f = AddressFamily.of(afi, safi);
        if (f == null) {
            attrs.add(new MpUnreachNlri(afi, safi, List.of()));
            return;
        }
        List<NlriEntry> w = len == 3 ? List.of() : new ArrayList<>((len - 3) / 3);
        // RFC 7606 5.3 / 7.11, RFC 4760 7
        if (!NlriCodec.read(b, v + 3, end, f, ctx.receivesPathId(f), w)) throw mpError(p, end, "malformed MP_UNREACH_NLRI withdrawn routes");
        attrs.add(new MpUnreachNlri(afi, safi, w));
    }

    /** RFC 4760 7 / RFC 7606 7.11: Optional Attribute Error, data = the attribute (RFC 4271 6.3). */
    private BgpProtocolException mpError(int p, int end, String detail) {
        return BgpCodec.updateError(OPTIONAL_ATTRIBUTE_ERROR, ByteBufUtil.getBytes(b, p, end - p), detail);
    }

    private Inet6Address ipv6(int p) {
        byte[] a = ByteBufUtil.getBytes(b, p, 16);
        try {
            return Inet6Address.getByAddress(null, a, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 6793 4.2.3: rebuild the real path from AS_PATH and AS4_PATH, and the real aggregator
     * from AGGREGATOR and AS4_AGGREGATOR, so the model only ever holds 4-octet values.
     */
    private void mergeAs4() {
        int pathAt = -1, aggAt = -1;
        for (int i = 0; i < attrs.size(); i++) {
            int t = attrs.get(i).typeCode();
            if (t == PathAttribute.AS_PATH) pathAt = i;
            else if (t == PathAttribute.AGGREGATOR) aggAt = i;
        }
        if (aggAt >= 0) {
            Aggregator agg = (Aggregator) attrs.get(aggAt);
            // RFC 6793 4.2.3: an AGGREGATOR other than AS_TRANS means AS4_AGGREGATOR and AS4_PATH are ignored.
            if (agg.asn() != AsPath.AS_TRANS) return;
            if (as4Aggregator != null) attrs.set(aggAt, as4Aggregator);
        }
        if (as4Path != null && pathAt >= 0) attrs.set(pathAt, mergeAsPath((AsPath) attrs.get(pathAt), as4Path));
    }

    static AsPath mergeAsPath(AsPath asPath, AsPath as4Path) {
        int n = asPath.length();
        int n4 = as4Path.length();
        // RFC 6793 4.2.3: fewer ASNs in AS_PATH than in AS4_PATH: AS4_PATH is ignored.
        if (n < n4) return asPath;
        // Otherwise the leading ASNs of AS_PATH that AS4_PATH lacks, then AS4_PATH. Confederation
        // segments count zero and are kept when leading or next to a kept segment.
        int need = n - n4;
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : asPath.segments()) {
            if (s.type().isConfed()) { out.add(s); continue; }
            if (need == 0) break;
            if (s.type() == AsPathSegment.Type.AS_SET) {
                out.add(s);
                need--;
            } else {
                int take = Math.min(need, s.asns().size());
                out.add(take == s.asns().size() ? s : new AsPathSegment(s.type(), s.asns().subList(0, take)));
                need -= take;
                if (need == 0) break;
            }
        }
        // Join the cut sequence and AS4_PATH's first sequence, as the path was before AS_TRANS.
        List<AsPathSegment> tail = as4Path.segments();
        if (!out.isEmpty() && !tail.isEmpty()) {
            AsPathSegment last = out.get(out.size() - 1), first = tail.get(0);
            if (last.type() == AsPathSegment.Type.AS_SEQUENCE && first.type() == AsPathSegment.Type.AS_SEQUENCE
                    && last.asns().size() + first.asns().size() <= 255) {
                List<Long> joined = new ArrayList<>(last.asns());
                joined.addAll(first.asns());
                out.set(out.size() - 1, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, joined));
                tail = tail.subList(1, tail.size());
            }
        }
        out.addAll(tail);
        return new AsPath(out);
    }

    /**
     * RFC 4271 5 / RFC 7606 3 d: ORIGIN and AS_PATH must come with any reachable NLRI, NEXT_HOP
     * with NLRI in the UPDATE body (RFC 4760 3 makes it unneeded for MP_REACH_NLRI). Missing
     * ones mean treat-as-withdraw. With no NLRI (withdrawals, End-of-RIB) nothing is required.
     */
    private void checkMandatory(List<NlriEntry> nlri) {
        boolean mpReach = false;
        for (PathAttribute a : attrs) if (a instanceof MpReachNlri r && !r.nlri().isEmpty()) mpReach = true;
        if (nlri.isEmpty() && !mpReach) return;
        if (!wasSeen(PathAttribute.ORIGIN)) withdraw(PathAttribute.ORIGIN, "missing well-known ORIGIN");
        if (!wasSeen(PathAttribute.AS_PATH)) withdraw(PathAttribute.AS_PATH, "missing well-known AS_PATH");
        if (!nlri.isEmpty() && !wasSeen(PathAttribute.NEXT_HOP) && !hasError(PathAttribute.NEXT_HOP)) {
            withdraw(PathAttribute.NEXT_HOP, "missing well-known NEXT_HOP");
        }
    }
}
