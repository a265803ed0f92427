package dev.bgplab.lab.runtime;

import java.util.List;

/**
 * One path to a prefix at a node, the same shape for FRR (vtysh JSON), bgplab (API JSON) and a
 * kernel table ({@code ip -j route}): next hops, AS path ("" when local or kernel), communities,
 * the peer it came from (address, or name for bgplab when no address is known), and whether the
 * node selected it (best or multipath; every kernel route is selected).
 */
public record RoutePath(List<String> nextHops, String asPath, List<String> communities, String peer, boolean best,
        boolean selected) {

    public RoutePath {
        nextHops = List.copyOf(nextHops);
        communities = List.copyOf(communities);
        asPath = asPath == null ? "" : asPath;
        peer = peer == null ? "" : peer;
    }

    /** One line as reports show it. */
    public String line() {
        return (best ? "*>" : selected ? "*=" : "  ") + " via " + String.join(",", nextHops)
                + (asPath.isEmpty() ? "" : " as-path " + asPath)
                + (communities.isEmpty() ? "" : " communities " + String.join(" ", communities))
                + (peer.isEmpty() ? "" : " from " + peer);
    }
}
