package dev.bgplab.wire.capability;

/** Support for 4-octet AS numbers (RFC 6793), carrying the speaker's real ASN. */
public record FourOctetAsCapability(long asn) implements Capability {
    public FourOctetAsCapability {
        if (asn < 0 || asn > 0xFFFF_FFFFL) throw new IllegalArgumentException("ASN out of range: " + asn);
    }
    @Override public int code() { return FOUR_OCTET_AS; }
    @Override public String label() { return "4-octet-as " + asn; }
}
