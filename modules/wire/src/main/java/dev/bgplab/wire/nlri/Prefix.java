package dev.bgplab.wire.nlri;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 prefix held in two longs, so a million of them cost no arrays. IPv4 addresses
 * sit in the low 32 bits of {@code lo}; host bits beyond the length are always zero.
 */
public record Prefix(AddressFamily family, long hi, long lo, int length) implements Comparable<Prefix> {

    public Prefix {
        if (family == null) throw new IllegalArgumentException("family is null");
        if (length < 0 || length > family.maxPrefixLength()) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + family.maxPrefixLength());
        }
        if (family == AddressFamily.IPV4_UNICAST) {
            hi = 0;
            lo = length == 0 ? 0 : (lo & 0xFFFF_FFFFL) & (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
        } else {
            if (length <= 64) {
                hi = length == 0 ? 0 : hi & (-1L << (64 - length));
                lo = 0;
            } else {
                lo = length == 128 ? lo : lo & (-1L << (128 - length));
            }
        }
    }

    /**
     * Mixes every bit: the record's own hash multiplies the address by 31s, which keeps the zero
     * host bits of a table of /24s in the low bits and piles it into few buckets of a large HashMap.
     */
    @Override
    public int hashCode() {
        long h = hi * 0x9E37_79B9_7F4A_7C15L;
        h ^= lo * 0xC2B2_AE3D_27D4_EB4FL;
        h ^= (length + 1L + ((long) family.ordinal() << 8)) * 0x1656_67B1_9E37_79F9L;
        h ^= h >>> 29;
        h *= 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 32;
        return (int) h;
    }

    /**
     * Written out rather than left to the record: the RIB's hash tables call it on every probe
     * that meets an equal hash, and the generated one goes through a method handle (5 % of a
     * full-table load's samples).
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Prefix p && lo == p.lo && hi == p.hi && length == p.length && family == p.family;
    }

    /** Builds a prefix from address bytes (4 or 16, or fewer: missing bytes are zero). */
    public static Prefix of(AddressFamily family, byte[] addr, int length) {
        long hi = 0, lo = 0;
        int n = family.addressBytes();
        for (int i = 0; i < n; i++) {
            long b = i < addr.length ? addr[i] & 0xFF : 0;
            if (family == AddressFamily.IPV4_UNICAST) {
                lo = (lo << 8) | b;
            } else if (i < 8) {
                hi = (hi << 8) | b;
            } else {
                lo = (lo << 8) | b;
            }
        }
        return new Prefix(family, hi, lo, length);
    }

    public static Prefix of(InetAddress address, int length) {
        AddressFamily f = address instanceof Inet4Address ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
        return of(f, address.getAddress(), length);
    }

    /** Parses "10.0.0.0/8" or "2001:db8::/32"; a bare address is a host prefix. */
    public static Prefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP prefix (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP prefix (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
        }
        int max = a instanceof Inet4Address ? 32 : 128;
        int len;
        try {
            len = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
        }
        if (len < 0 || len > max) throw new IllegalArgumentException("'" + text + "' has prefix length out of range 0.." + max);
        return of(a, len);
    }

    public byte[] addressBytes() {
        int n = family.addressBytes();
        byte[] out = new byte[n];
        if (family == AddressFamily.IPV4_UNICAST) {
            for (int i = 0; i < 4; i++) out[i] = (byte) (lo >>> (24 - 8 * i));
        } else {
            for (int i = 0; i < 8; i++) out[i] = (byte) (hi >>> (56 - 8 * i));
            for (int i = 0; i < 8; i++) out[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return out;
    }

    public InetAddress address() {
        try {
            return InetAddress.getByAddress(addressBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isIpv4() { return family == AddressFamily.IPV4_UNICAST; }

    /** True when {@code other} lies inside this prefix (equal included). */
    public boolean contains(Prefix other) {
        if (other.family != family || other.length < length) return false;
        return new Prefix(family, other.hi, other.lo, length).equals(this);
    }

    /** True when the address lies inside this prefix. */
    public boolean contains(InetAddress address) {
        return contains(Prefix.of(address, address instanceof Inet4Address ? 32 : 128));
    }

    @Override
    public int compareTo(Prefix o) {
        int c = family.compareTo(o.family);
        if (c != 0) return c;
        c = Long.compareUnsigned(hi, o.hi);
        if (c != 0) return c;
        c = Long.compareUnsigned(lo, o.lo);
        if (c != 0) return c;
        return Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        InetAddress a = address();
        String host = a instanceof Inet6Address ? compressV6(a.getHostAddress()) : a.getHostAddress();
        return host + "/" + length;
    }

    /** RFC 5952 style: the longest run of zero groups becomes "::". */
    static String compressV6(String full) {
        String[] groups = full.split(":");
        for (int i = 0; i < groups.length; i++) groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) j++;
                if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) return String.join(":", groups);
        String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return left + "::" + right;
    }
}
