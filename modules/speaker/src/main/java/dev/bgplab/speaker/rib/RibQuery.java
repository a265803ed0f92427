package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;

/**
 * Which Loc-RIB entries a caller wants, as FRR's "show bgp [family] [prefix [longer-prefixes]]
 * [neighbors X routes]" selects them. Null fields do not filter. An immutable value, built on any
 * thread; the query itself runs on the speaker's event loop ({@link Rib#entries}).
 *
 * @param family  only this family
 * @param prefix  only this prefix ({@link PrefixMatch#EXACT}) or it and every more specific one
 * @param match   how {@code prefix} matches
 * @param peer    only prefixes for which this peer (by name) supplied a candidate
 */
public record RibQuery(AddressFamily family, Prefix prefix, PrefixMatch match, String peer) {

    public enum PrefixMatch { EXACT, LONGER_PREFIXES }

    public RibQuery {
        if (match == null) match = PrefixMatch.EXACT;
        if (prefix != null && family != null && prefix.family() != family) {
            throw new IllegalArgumentException("prefix " + prefix + " is not in family " + family.label());
        }
    }

    public static RibQuery all() { return new RibQuery(null, null, PrefixMatch.EXACT, null); }

    public static RibQuery family(AddressFamily f) { return new RibQuery(f, null, PrefixMatch.EXACT, null); }

    public static RibQuery exact(Prefix p) { return new RibQuery(p.family(), p, PrefixMatch.EXACT, null); }

    public static RibQuery longerPrefixes(Prefix p) { return new RibQuery(p.family(), p, PrefixMatch.LONGER_PREFIXES, null); }

    public RibQuery fromPeer(PeerInfo p) { return new RibQuery(family, prefix, match, p.name()); }

    boolean matches(Prefix p) {
        if (family != null && p.family() != family) return false;
        if (prefix == null) return true;
        return match == PrefixMatch.EXACT ? prefix.equals(p) : prefix.contains(p);
    }
}
