package dev.bgplab.wire.attribute;

import java.util.List;
import java.util.stream.Collectors;

/** EXTENDED_COMMUNITIES (RFC 4360). */
public record ExtendedCommunities(List<ExtendedCommunity> values) implements PathAttribute {
    public ExtendedCommunities { values = List.copyOf(values); }
    @Override public int typeCode() { return EXTENDED_COMMUNITIES; }
    @Override public String toString() { return values.stream().map(ExtendedCommunity::toString).collect(Collectors.joining(" ")); }
}
