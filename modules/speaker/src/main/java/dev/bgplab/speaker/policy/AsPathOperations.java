package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * AS_PATH manipulations as pure functions, each doing what the FRR command of the same name does
 * (bgpd/bgp_aspath.c). Sets and sequences are both walked; segments emptied by a removal are
 * dropped, neighbouring segments are not merged (FRR keeps them apart too).
 */
public final class AsPathOperations {

    /**
     * RFC 6996 private ranges: 64512-65534 and 4200000000-4294967294. 65535 is reserved (RFC 7300),
     * not private, so remove-private-AS keeps it; FRR 8.4 counts it as private and strips it (FRR
     * 9.1+ follows the RFCs, as here). A known difference from FRR 8.4, listed in the README.
     */
    public static final long PRIVATE_MIN = 64512, PRIVATE_MAX = 65534;
    public static final long PRIVATE4_MIN = 4_200_000_000L, PRIVATE4_MAX = 4_294_967_294L;

    private AsPathOperations() {}

    public static boolean isPrivate(long asn) {
        return (asn >= PRIVATE_MIN && asn <= PRIVATE_MAX) || (asn >= PRIVATE4_MIN && asn <= PRIVATE4_MAX);
    }

    /** {@code set as-path exclude ASN...}: every occurrence leaves, in sequences and sets; all removed gives the empty path. */
    public static AsPath exclude(AsPath path, Collection<Long> asns) {
        Set<Long> drop = new HashSet<>(asns);
        return keep(path, a -> !drop.contains(a));
    }

    /** {@code set as-path exclude all} (FRR 9.1): the empty path. */
    public static AsPath excludeAll(AsPath path) {
        return AsPath.EMPTY;
    }

    /**
     * {@code set as-path exclude as-path-access-list NAME} (FRR 9.1): an ASN leaves when any entry's
     * regular expression matches the ASN on its own ("65515"). FRR applies every entry's expression
     * whatever its permit/deny word, so we do too.
     */
    public static AsPath excludeMatching(AsPath path, AsPathAccessList list) {
        return keep(path, a -> a == 0 || !list.anyEntryMatchesAsn(a));
    }

    /** {@code set as-path replace ASN [WITH]}: each occurrence becomes {@code with}, inside sets too. */
    public static AsPath replace(AsPath path, long target, long with) {
        return map(path, a -> a == target ? with : a);
    }

    /** {@code set as-path replace any [WITH]}: every ASN becomes {@code with}. */
    public static AsPath replaceAny(AsPath path, long with) {
        return map(path, a -> with);
    }

    /** {@code set as-path replace as-path-access-list NAME [WITH]}: ASNs matched by any entry's expression. */
    public static AsPath replaceMatching(AsPath path, AsPathAccessList list, long with) {
        return map(path, a -> list.anyEntryMatchesAsn(a) ? with : a);
    }

    /**
     * {@code set as-path prepend ASN...}: the ASNs go in front in the order written ("prepend 1 2" on
     * "3" gives "1 2 3"), joining a leading AS_SEQUENCE or starting a new one before an AS_SET.
     */
    public static AsPath prepend(AsPath path, List<Long> asns) {
        AsPath out = path;
        for (int i = asns.size() - 1; i >= 0; i--) out = out.prepend(asns.get(i), 1);
        return out;
    }

    /** Prepends one ASN {@code times} times (the eBGP prepend and local-as use this). */
    public static AsPath prepend(AsPath path, long asn, int times) {
        return path.prepend(asn, times);
    }

    /**
     * {@code set as-path prepend last-as N} (1..10): repeats the leftmost ASN N times. FRR takes the
     * leftmost ASN only from a leading AS_SEQUENCE; an empty path, or one starting with a set, is
     * left unchanged (bgp_routemap.c since FRR 8.x; older releases used the peer's ASN).
     */
    public static AsPath prependLastAs(AsPath path, int n) {
        if (n < 1 || n > 10) throw new IllegalArgumentException("last-as count " + n + " out of range 1..10");
        long leftmost = leftmostSequenceAs(path);
        return leftmost <= 0 ? path : path.prepend(leftmost, n);
    }

    /** The first ASN when the path starts with an AS_SEQUENCE (FRR aspath_leftmost), else -1. */
    public static long leftmostSequenceAs(AsPath path) {
        if (path.isEmpty()) return -1;
        AsPathSegment first = path.segments().get(0);
        return first.type() == AsPathSegment.Type.AS_SEQUENCE && !first.asns().isEmpty() ? first.asns().get(0) : -1;
    }

    /** True when the path is not empty and every ASN in it is private (FRR aspath_private_as_check). */
    public static boolean allPrivate(AsPath path) {
        if (path.isEmpty()) return false;
        for (AsPathSegment s : path.segments()) for (long a : s.asns()) if (!isPrivate(a)) return false;
        return true;
    }

    /** Removes private ASNs, keeping the peer's own ASN so the peer can still detect a loop. */
    public static AsPath removePrivate(AsPath path, long peerAsn) {
        return keep(path, a -> !isPrivate(a) || a == peerAsn);
    }

    /** Replaces private ASNs by {@code ourAsn}, keeping the peer's own ASN. */
    public static AsPath replacePrivate(AsPath path, long ourAsn, long peerAsn) {
        return map(path, a -> isPrivate(a) && a != peerAsn ? ourAsn : a);
    }

    /** The neighbor remove-private-AS variants, in FRR's order of checks (bgp_peer_remove_private_as). */
    public static AsPath removePrivateAs(AsPath path, RemovePrivateAs mode, long ourAsn, long peerAsn) {
        return switch (mode) {
            case NONE -> path;
            case ALL -> removePrivate(path, peerAsn);
            case ALL_REPLACE_AS -> replacePrivate(path, ourAsn, peerAsn);
            case PLAIN -> allPrivate(path) ? removePrivate(path, peerAsn) : path;
            case REPLACE_AS -> allPrivate(path) ? replacePrivate(path, ourAsn, peerAsn) : path;
        };
    }

    /** {@code neighbor as-override}: the peer's ASN becomes ours wherever it occurs. */
    public static AsPath asOverride(AsPath path, long peerAsn, long ourAsn) {
        return replace(path, peerAsn, ourAsn);
    }

    /** How many times {@code asn} occurs anywhere in the path (FRR aspath_loop_check). */
    public static int loopCount(AsPath path, long asn) {
        return path.count(asn);
    }

    /** The last ASN of the last (confederation) sequence, as FRR aspath_get_last_as; -1 when none. */
    public static long lastAs(AsPath path) {
        long last = -1;
        for (AsPathSegment s : path.segments()) {
            if (s.type() == AsPathSegment.Type.AS_SEQUENCE || s.type() == AsPathSegment.Type.AS_CONFED_SEQUENCE) {
                for (long a : s.asns()) last = a;
            }
        }
        return last;
    }

    /** FRR aspath_firstas_check: the path starts with an AS_SEQUENCE whose first ASN is {@code asn}. */
    public static boolean firstAsIs(AsPath path, long asn) {
        return leftmostSequenceAs(path) == asn;
    }

    /**
     * The path as FRR prints it and as its AS-path regular expressions see it: sequences separated by
     * spaces, sets in braces with commas ("65001 {64512,64513}"), confederation segments in () and [].
     */
    public static String frrString(AsPath path) {
        StringBuilder sb = new StringBuilder();
        for (AsPathSegment s : path.segments()) {
            if (sb.length() > 0) sb.append(' ');
            String sep = s.type().isSet() ? "," : " ";
            String open = switch (s.type()) {
                case AS_SET -> "{";
                case AS_CONFED_SET -> "[";
                case AS_CONFED_SEQUENCE -> "(";
                case AS_SEQUENCE -> "";
            };
            String close = switch (s.type()) {
                case AS_SET -> "}";
                case AS_CONFED_SET -> "]";
                case AS_CONFED_SEQUENCE -> ")";
                case AS_SEQUENCE -> "";
            };
            sb.append(open);
            for (int i = 0; i < s.asns().size(); i++) {
                if (i > 0) sb.append(sep);
                sb.append(s.asns().get(i));
            }
            sb.append(close);
        }
        return sb.toString();
    }

    private static AsPath keep(AsPath path, LongPredicate keep) {
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : path.segments()) {
            List<Long> kept = new ArrayList<>();
            for (long a : s.asns()) if (keep.test(a)) kept.add(a);
            if (!kept.isEmpty()) out.add(new AsPathSegment(s.type(), kept));
        }
        return out.isEmpty() ? AsPath.EMPTY : new AsPath(out);
    }

    private static AsPath map(AsPath path, LongUnaryOperator f) {
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : path.segments()) {
            List<Long> mapped = new ArrayList<>();
            for (long a : s.asns()) mapped.add(f.applyAsLong(a));
            out.add(new AsPathSegment(s.type(), mapped));
        }
        return out.isEmpty() ? AsPath.EMPTY : new AsPath(out);
    }
}
