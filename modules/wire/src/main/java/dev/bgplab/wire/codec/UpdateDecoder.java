package dev.bgplab.wire.codec;

import static dev.bgplab.wire.message.NotificationMessage.INVALID_NETWORK_FIELD;
import static dev.bgplab.wire.message.NotificationMessage.MALFORMED_ATTRIBUTE_LIST;
import static dev.bgplab.wire.message.NotificationMessage.OPTIONAL_ATTRIBUTE_ERROR;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.AttributeError.ErrorAction;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one UPDATE (RFC 4271 4.3) with the error handling of RFC 4271 6.3 as revised by RFC
 * 7606: errors that leave the NLRI locatable become {@link AttributeError}s (treat-as-withdraw
 * or attribute-discard) and the faulty attribute is left out; errors that do not end the session
 * with a {@link BgpProtocolException}. Each attribute's flags, length and value are judged by its
 * {@link AttributeType} row; this class walks the message and keeps what the rows hand back. One
 * instance per message, used by one thread.
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
    /** The attribute being decoded: flags, type code, first octet of its header, end of its value. */
    private int flags, type, start, end;

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
                error(rem >= 2 ? b.getUnsignedByte(p + 1) : 0, ErrorAction.TREAT_AS_WITHDRAW, "truncated attribute header");
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
                error(type, ErrorAction.TREAT_AS_WITHDRAW, "attribute length " + len + " overruns the path attributes");
                return;
            }
            if (markSeen(type)) {
                if (type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI) {
                    // RFC 7606 3 g: a repeated MP_REACH_NLRI / MP_UNREACH_NLRI is Malformed Attribute List.
                    throw BgpCodec.updateError(MALFORMED_ATTRIBUTE_LIST, null, "attribute " + type + " appears twice");
                }
                // RFC 7606 3 g: every other repeat is discarded, the first occurrence kept.
                error(type, ErrorAction.ATTRIBUTE_DISCARD, "repeated attribute");
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

    private void error(int type, ErrorAction action, String reason) {
        if (errors == null) errors = new ArrayList<>(2);
        errors.add(new AttributeError(type, action, reason));
    }

    private boolean hasError(int type) {
        if (errors == null) return false;
        for (AttributeError e : errors) if (e.typeCode() == type) return true;
        return false;
    }

    private void withdraw(int type, String reason) { error(type, ErrorAction.TREAT_AS_WITHDRAW, reason); }

    /**
     * One attribute whose value lies within the attribute section: the descriptor table says whether
     * its flags and length fit the type and reads its value.
     */
    private void attribute(int flags, int type, int p, int v, int len) throws BgpProtocolException {
        AttributeType at = AttributeType.of(type);
        this.flags = flags;
        this.type = type;
        this.start = p;
        this.end = v + len;
        if (at == AttributeType.UNKNOWN) {
            at.decode(b, v, len, this);
            return;
        }
        // RFC 6793 4.1: a NEW speaker receiving AS4_PATH / AS4_AGGREGATOR from a NEW speaker ignores them.
        if ((at == AttributeType.AS4_PATH || at == AttributeType.AS4_AGGREGATOR) && ctx.fourOctetAs()) return;
        // RFC 7606 3 c flags and the type's exact length, and the action for either.
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
        at.decode(b, v, len, this);
    }

    // ------------------------------------------------------------------ what descriptors call back

    CodecContext ctx() { return ctx; }
    int asSize() { return asSize; }
    /** Flags and type code of the attribute being decoded. */
    int flags() { return flags; }
    int type() { return type; }
    /** The attribute being decoded, header included (NOTIFICATION data, RFC 4271 6.3). */
    byte[] attributeBytes() { return ByteBufUtil.getBytes(b, start, end - start); }

    void add(PathAttribute a) { attrs.add(a); }
    void as4Path(AsPath p) { as4Path = p; }
    void as4Aggregator(Aggregator g) { as4Aggregator = g; }

    /** The table's RFC 7606 action for a malformed attribute of this type (session resets are thrown, not listed). */
    void malformed(AttributeType at, String reason) {
        error(at.code(), at.onMalformed() == AttributeType.Malformed.TREAT_AS_WITHDRAW ? ErrorAction.TREAT_AS_WITHDRAW
                : ErrorAction.ATTRIBUTE_DISCARD, reason);
    }

    /** RFC 4760 7 / RFC 7606 7.11: Optional Attribute Error, data = the attribute (RFC 4271 6.3). */
    BgpProtocolException mpError(String detail) {
        return BgpCodec.updateError(OPTIONAL_ATTRIBUTE_ERROR, attributeBytes(), detail);
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
