package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.AtomicAggregate;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.LargeCommunities;
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
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.util.List;

/**
 * Encoded sizes of path attributes and NLRI as RFC 4271 4.3 lays them out, for packing UPDATEs
 * without the codec (which lives on another branch; the integrator may swap in the codec's own
 * size function). Conservative: never smaller than the real encoding, so a packed message always
 * fits. It differs from the exact size only in two places:
 * <ul>
 *   <li>every attribute header is counted as 4 octets (flags, type, two-octet extended length),
 *       whether or not the encoder sets Extended Length;</li>
 *   <li>towards a 2-octet-AS peer (RFC 6793 4.2.2) AS4_PATH and AS4_AGGREGATOR are counted
 *       whenever an ASN does not fit 2 octets, confederation segments included.</li>
 * </ul>
 * Stateless; any thread.
 */
public final class AttributeSizeEstimator {

    /** Marker, type, length: RFC 4271 4.1. */
    public static final int MESSAGE_HEADER = 19;
    /** UPDATE: Withdrawn Routes Length and Total Path Attribute Length, two octets each (RFC 4271 4.3). */
    public static final int UPDATE_FIXED = MESSAGE_HEADER + 2 + 2;
    /** Flags, type code and a two-octet length: the largest attribute header. */
    public static final int ATTRIBUTE_HEADER = 4;
    /** MP_REACH_NLRI before the next hop: AFI, SAFI, next-hop length; after it one reserved octet (RFC 4760 3). */
    public static final int MP_REACH_FIXED = 2 + 1 + 1 + 1;
    /** MP_UNREACH_NLRI before its NLRI: AFI, SAFI (RFC 4760 4). */
    public static final int MP_UNREACH_FIXED = 2 + 1;

    private AttributeSizeEstimator() {}

    /** All attributes of a set, headers included. */
    public static int attributesLength(PathAttributes attrs, CodecContext ctx) {
        int n = 0;
        for (PathAttribute a : attrs.asList()) n += attributeLength(a, ctx);
        return n;
    }

    /** One attribute, header included; AS4_PATH / AS4_AGGREGATOR added when the peer needs them. */
    public static int attributeLength(PathAttribute a, CodecContext ctx) {
        int n = ATTRIBUTE_HEADER + valueLength(a, ctx);
        if (!ctx.fourOctetAs()) {
            if (a instanceof AsPath p && needsAs4(p)) n += ATTRIBUTE_HEADER + asPathValueLength(p, 4);
            if (a instanceof Aggregator g && g.asn() > 0xFFFF) n += ATTRIBUTE_HEADER + 8;
        }
        return n;
    }

    /** The attribute's value octets. */
    public static int valueLength(PathAttribute a, CodecContext ctx) {
        return switch (a) {
            case Origin o -> 1;
            case AsPath p -> asPathValueLength(p, ctx.fourOctetAs() ? 4 : 2);
            case NextHop h -> h.address().getAddress().length;
            case MultiExitDisc m -> 4;
            case LocalPref l -> 4;
            case AtomicAggregate x -> 0;
            case Aggregator g -> ctx.fourOctetAs() ? 8 : 6;
            case Communities c -> 4 * c.values().size();
            case OriginatorId o -> 4;
            case ClusterList c -> 4 * c.ids().size();
            case MpReachNlri r -> MP_REACH_FIXED + mpNextHopLength(r.nextHop(), AddressFamily.of(r.afi(), r.safi()))
                    + nlriLength(r.nlri(), ctx.sendsPathId(AddressFamily.of(r.afi(), r.safi())));
            case MpUnreachNlri u -> MP_UNREACH_FIXED
                    + nlriLength(u.withdrawn(), ctx.sendsPathId(AddressFamily.of(u.afi(), u.safi())));
            case ExtendedCommunities c -> 8 * c.values().size();
            case LargeCommunities c -> 12 * c.values().size();
            case UnknownAttribute u -> u.value().length;
        };
    }

    /** RFC 4271 4.3: each segment is type, count, ASNs; a segment holds at most 255 ASNs, so longer ones split. */
    static int asPathValueLength(AsPath p, int asnSize) {
        int n = 0;
        for (AsPathSegment s : p.segments()) {
            int count = s.asns().size();
            int segments = Math.max(1, (count + 254) / 255);
            n += 2 * segments + asnSize * count;
        }
        return n;
    }

    private static boolean needsAs4(AsPath p) {
        for (AsPathSegment s : p.segments()) for (long asn : s.asns()) if (asn > 0xFFFF) return true;
        return false;
    }

    /**
     * Next-hop octets in MP_REACH_NLRI: 16 for IPv6 (an IPv4 next hop travels IPv4-mapped,
     * RFC 4291 2.5.5.2), 32 with a link-local one (RFC 2545 3); 4 for IPv4.
     */
    public static int mpNextHopLength(NextHop nh, AddressFamily family) {
        if (family == AddressFamily.IPV4_UNICAST) return nh.address().getAddress().length;
        return nh.linkLocal() != null ? 32 : 16;
    }

    /** One NLRI: path id when ADD-PATH is sent (RFC 7911 3), length octet, then the significant octets. */
    public static int nlriLength(Prefix p, boolean addPath) {
        return (addPath ? 4 : 0) + 1 + (p.length() + 7) / 8;
    }

    public static int nlriLength(List<NlriEntry> entries, boolean addPath) {
        int n = 0;
        for (NlriEntry e : entries) n += nlriLength(e.prefix(), addPath);
        return n;
    }
}
