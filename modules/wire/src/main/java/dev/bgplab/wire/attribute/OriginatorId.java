package dev.bgplab.wire.attribute;

import java.net.Inet4Address;

/** ORIGINATOR_ID (RFC 4456 8). */
public record OriginatorId(Inet4Address id) implements PathAttribute {
    @Override public int typeCode() { return ORIGINATOR_ID; }
    @Override public String toString() { return id.getHostAddress(); }
}
