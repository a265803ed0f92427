package dev.bgplab.wire.attribute;

/**
 * One RFC 4360 extended community: 8 octets held in a long. Shown as FRR does for the common
 * route-target and site-of-origin forms ("RT:65000:100", "SoO:65000:1"), else as hex.
 */
public record ExtendedCommunity(long value) {
    public int type() { return (int) (value >>> 56) & 0xFF; }
    public int subType() { return (int) (value >>> 48) & 0xFF; }

    public static ExtendedCommunity routeTarget(int asn2, long local4) {
        return new ExtendedCommunity((0x0002L << 48) | ((asn2 & 0xFFFFL) << 32) | (local4 & 0xFFFF_FFFFL));
    }

    /** Parses "RT:ASN:N", "SoO:ASN:N" (2-octet ASN form) or "0x" + 16 hex digits. */
    public static ExtendedCommunity parse(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) return new ExtendedCommunity(Long.parseUnsignedLong(t.substring(2), 16));
            String[] p = t.split(":");
            if (p.length == 3) {
                int sub = switch (p[0].toLowerCase()) {
                    case "rt" -> 0x02;
                    case "soo" -> 0x03;
                    default -> throw new NumberFormatException();
                };
                long asn = Long.parseLong(p[1]);
                long local = Long.parseLong(p[2]);
                if (asn <= 0xFFFF && local <= 0xFFFF_FFFFL) {
                    return new ExtendedCommunity(((long) sub << 48) | (asn << 32) | local);
                }
                if (asn <= 0xFFFF_FFFFL && local <= 0xFFFF) {
                    return new ExtendedCommunity((0x02L << 56) | ((long) sub << 48) | (asn << 16) | local);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + text + "' is not an extended community (expected RT:ASN:N, SoO:ASN:N or 0x<16 hex digits>)");
    }

    @Override
    public String toString() {
        int t = type(), s = subType();
        String kind = s == 0x02 ? "RT" : s == 0x03 ? "SoO" : null;
        if (kind != null && t == 0x00) return kind + ":" + ((value >>> 32) & 0xFFFF) + ":" + (value & 0xFFFF_FFFFL);
        if (kind != null && t == 0x02) return kind + ":" + ((value >>> 16) & 0xFFFF_FFFFL) + ":" + (value & 0xFFFF);
        return String.format("0x%016x", value);
    }
}
