package dev.bgplab.wire.attribute;

import java.net.Inet4Address;

/** AGGREGATOR (RFC 4271 5.1.7) with a 4-octet ASN; AS4_AGGREGATOR is merged into it by the codec. */
public record Aggregator(long asn, Inet4Address address) implements PathAttribute {
    public Aggregator {
        if (asn < 0 || asn > 0xFFFF_FFFFL) throw new IllegalArgumentException("ASN out of range: " + asn);
        if (address == null) throw new IllegalArgumentException("aggregator address is null");
    }
    @Override public int typeCode() { return AGGREGATOR; }
    @Override public String toString() { return asn + " " + address.getHostAddress(); }
}
