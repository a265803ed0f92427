package dev.bgplab.wire.attribute;

import java.util.List;
import java.util.stream.Collectors;

/** LARGE_COMMUNITY (RFC 8092). */
public record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
    public LargeCommunities { values = List.copyOf(values); }
    @Override public int typeCode() { return LARGE_COMMUNITY; }
    @Override public String toString() { return values.stream().map(LargeCommunity::toString).collect(Collectors.joining(" ")); }
}
