package dev.bgplab.wire.attribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of path attributes, at most one per type code, ordered by type code (the
 * order RFC 4271 5 recommends on the wire). Equal sets are equal values with a cached hash, so a
 * RIB can intern them and a million routes share a few thousand sets.
 */
public final class PathAttributes {

    public static final PathAttributes EMPTY = new PathAttributes(new PathAttribute[0]);

    private final PathAttribute[] attributes;
    private final int hash;
    /**
     * Bit t set when the set holds type code t (t < 64). The array is sorted by type code, so the
     * attribute of such a type sits at the count of lower bits set: {@link #get} reads one long and
     * one array slot instead of calling typeCode() on every attribute (the decision process and
     * export ask for NEXT_HOP, MED and AS_PATH once per route).
     */
    private final long low;

    private PathAttributes(PathAttribute[] sorted) {
        this.attributes = sorted;
        this.hash = Arrays.hashCode(sorted);
        long bits = 0;
        for (PathAttribute a : sorted) if (a.typeCode() < 64) bits |= 1L << a.typeCode();
        this.low = bits;
    }

    /** Builds a set; a later attribute of the same type replaces an earlier one. */
    public static PathAttributes of(List<? extends PathAttribute> attrs) {
        List<PathAttribute> out = new ArrayList<>();
        for (PathAttribute a : attrs) {
            out.removeIf(x -> x.typeCode() == a.typeCode());
            out.add(a);
        }
        PathAttribute[] arr = out.toArray(new PathAttribute[0]);
        Arrays.sort(arr, Comparator.comparingInt(PathAttribute::typeCode));
        return new PathAttributes(arr);
    }

    public static PathAttributes of(PathAttribute... attrs) {
        return of(Arrays.asList(attrs));
    }

    public List<PathAttribute> asList() { return List.of(attributes); }

    public int size() { return attributes.length; }

    public PathAttribute get(int typeCode) {
        if (typeCode >= 0 && typeCode < 64) {
            if ((low >>> typeCode & 1) == 0) return null;
            return attributes[Long.bitCount(low & ((1L << typeCode) - 1))];
        }
        for (int i = attributes.length - 1; i >= 0; i--) {
            PathAttribute a = attributes[i];
            if (a.typeCode() == typeCode) return a;
            if (a.typeCode() < typeCode) break;
        }
        return null;
    }

    public boolean has(int typeCode) { return get(typeCode) != null; }

    /** A copy with {@code attr} added or replacing the one of its type. */
    public PathAttributes with(PathAttribute attr) {
        List<PathAttribute> l = new ArrayList<>(Arrays.asList(attributes));
        l.add(attr);
        return of(l);
    }

    /** A copy without the attribute of that type. */
    public PathAttributes without(int typeCode) {
        if (!has(typeCode)) return this;
        List<PathAttribute> l = new ArrayList<>();
        for (PathAttribute a : attributes) if (a.typeCode() != typeCode) l.add(a);
        return new PathAttributes(l.toArray(new PathAttribute[0]));
    }

    public Origin origin() { return (Origin) get(PathAttribute.ORIGIN); }
    public AsPath asPath() {
        AsPath p = (AsPath) get(PathAttribute.AS_PATH);
        return p == null ? AsPath.EMPTY : p;
    }
    public NextHop nextHop() { return (NextHop) get(PathAttribute.NEXT_HOP); }
    /** MED, or null when absent (the decision process then treats it as 0, RFC 4271 9.1.2.2 c). */
    public Long med() {
        MultiExitDisc m = (MultiExitDisc) get(PathAttribute.MULTI_EXIT_DISC);
        return m == null ? null : m.value();
    }
    public Long localPref() {
        LocalPref l = (LocalPref) get(PathAttribute.LOCAL_PREF);
        return l == null ? null : l.value();
    }
    public List<Community> communities() {
        Communities c = (Communities) get(PathAttribute.COMMUNITIES);
        return c == null ? List.of() : c.values();
    }
    public List<ExtendedCommunity> extendedCommunities() {
        ExtendedCommunities c = (ExtendedCommunities) get(PathAttribute.EXTENDED_COMMUNITIES);
        return c == null ? List.of() : c.values();
    }
    public List<LargeCommunity> largeCommunities() {
        LargeCommunities c = (LargeCommunities) get(PathAttribute.LARGE_COMMUNITY);
        return c == null ? List.of() : c.values();
    }
    public MpReachNlri mpReach() { return (MpReachNlri) get(PathAttribute.MP_REACH_NLRI); }
    public MpUnreachNlri mpUnreach() { return (MpUnreachNlri) get(PathAttribute.MP_UNREACH_NLRI); }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof PathAttributes p && p.hash == hash && Arrays.equals(p.attributes, attributes));
    }

    @Override public int hashCode() { return hash; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (PathAttribute a : attributes) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(a.typeName()).append('=').append(a);
        }
        return sb.append('}').toString();
    }
}
