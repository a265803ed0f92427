package dev.bgplab.lab.topology;

import java.util.List;

/** A point-to-point link between two node interfaces ({@code endpoints: ["r1:eth1", "r2:eth1"]}). */
public record LinkSpec(Endpoint a, Endpoint b, List<String> ipv4, List<String> ipv6) {

    public LinkSpec {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    /** One end of a link: a node and the interface name inside it. */
    public record Endpoint(String node, String iface) {
        @Override
        public String toString() {
            return node + ":" + iface;
        }
    }

    /** The end on {@code node}, or null. */
    public Endpoint end(String node) {
        return a.node().equals(node) ? a : b.node().equals(node) ? b : null;
    }
}
