package dev.bgplab.speaker.role;

/** ASNs Azure refuses for a peer: Microsoft's own and IANA's reserved ones. */
public final class ReservedAsns {
    private ReservedAsns() {}

    public static final String LIST = "8074, 8075, 12076, 65515, 65517-65520, 23456, 64496-64511, 65535-65551";

    /** True when Azure refuses this ASN for a peer. */
    public static boolean isReserved(long asn) {
        return asn == 8074 || asn == 8075 || asn == 12076 || asn == 65515
                || (asn >= 65517 && asn <= 65520)
                || asn == 23456 // RFC 6793 AS_TRANS
                || (asn >= 64496 && asn <= 64511) // RFC 5398 documentation
                || (asn >= 65535 && asn <= 65551); // RFC 7300 last 16-bit ASN, RFC 5398 documentation
    }
}
