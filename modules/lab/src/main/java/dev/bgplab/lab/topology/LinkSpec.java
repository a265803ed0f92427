package dev.bgplab.lab.topology;

import java.util.List;

/**
 * A point-to-point link between two interfaces, made as a veth pair ({@code endpoints: ["r1:eth1",
 * "r2:eth1"]}, or containerlab's extended form {@code type: veth} / {@code type: host}). An end's
 * node is a container node, a {@code kind: bridge} node (the end is plugged into that host bridge)
 * or {@link #HOST} (the end stays in the host's namespace under that name).
 *
 * @param mtu  the MTU of both ends (containerlab's default 9500)
 * @param macA MAC address of end a, or null for a random one; macB likewise
 */
public record LinkSpec(Endpoint a, Endpoint b, List<String> ipv4, List<String> ipv6, int mtu, String macA, String macB) {

    /** The node name containerlab uses for the host's own namespace. */
    public static final String HOST = "host";
    /** containerlab's default link MTU. */
    public static final int DEFAULT_MTU = 9500;

    public LinkSpec {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    public LinkSpec(Endpoint a, Endpoint b, List<String> ipv4, List<String> ipv6) {
        this(a, b, ipv4, ipv6, DEFAULT_MTU, null, null);
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

    /** The other end than {@code e}. */
    public Endpoint other(Endpoint e) {
        return e.equals(a) ? b : a;
    }

    /** The MAC address wanted for end {@code e}, or null. */
    public String mac(Endpoint e) {
        return e.equals(a) ? macA : macB;
    }
}
