package dev.bgplab.wire.attribute;

import java.net.Inet4Address;
import java.util.List;

/** CLUSTER_LIST (RFC 4456 8). */
public record ClusterList(List<Inet4Address> ids) implements PathAttribute {
    public ClusterList { ids = List.copyOf(ids); }
    @Override public int typeCode() { return CLUSTER_LIST; }
}
