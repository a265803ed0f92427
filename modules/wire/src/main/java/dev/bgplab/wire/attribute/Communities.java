package dev.bgplab.wire.attribute;

import java.util.List;
import java.util.stream.Collectors;

/** COMMUNITIES (RFC 1997), in received order. */
public record Communities(List<Community> values) implements PathAttribute {
    public Communities { values = List.copyOf(values); }
    @Override public int typeCode() { return COMMUNITIES; }
    public boolean contains(Community c) { return values.contains(c); }
    @Override public String toString() { return values.stream().map(Community::toString).collect(Collectors.joining(" ")); }
}
