package dev.bgplab.wire.nlri;

/** The address families this speaker carries (RFC 4760 AFI/SAFI pairs). */
public enum AddressFamily {
    IPV4_UNICAST(1, 1, 4),
    IPV6_UNICAST(2, 1, 16);

    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int SAFI_UNICAST = 1;

    private final int afi;
    private final int safi;
    private final int addressBytes;

    AddressFamily(int afi, int safi, int addressBytes) {
        this.afi = afi;
        this.safi = safi;
        this.addressBytes = addressBytes;
    }

    public int afi() { return afi; }
    public int safi() { return safi; }
    public int addressBytes() { return addressBytes; }
    public int maxPrefixLength() { return addressBytes * 8; }

    /** The family for an AFI/SAFI pair, or null when this speaker does not carry it. */
    public static AddressFamily of(int afi, int safi) {
        for (AddressFamily f : values()) {
            if (f.afi == afi && f.safi == safi) return f;
        }
        return null;
    }

    /** Short name as FRR writes it: ipv4-unicast, ipv6-unicast. */
    public String label() {
        return this == IPV4_UNICAST ? "ipv4-unicast" : "ipv6-unicast";
    }

    public static AddressFamily fromLabel(String label) {
        for (AddressFamily f : values()) {
            if (f.label().equalsIgnoreCase(label) || f.name().equalsIgnoreCase(label)) return f;
        }
        throw new IllegalArgumentException("unknown address family '" + label + "' (valid: ipv4-unicast, ipv6-unicast)");
    }
}
