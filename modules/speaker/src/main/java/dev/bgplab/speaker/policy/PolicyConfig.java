package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.nlri.AddressFamily;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every list, route-map and neighbor option by name: an immutable value. To change policy at run
 * time the integrator builds a new one, swaps it in and soft-resets the sessions it affects.
 * Neighbors are keyed by address as FRR writes them ("10.0.0.1"), or by peer name.
 */
public record PolicyConfig(
        Map<String, PrefixList> ipv4PrefixLists,
        Map<String, PrefixList> ipv6PrefixLists,
        Map<String, AsPathAccessList> asPathLists,
        Map<String, CommunityList<Community>> communityLists,
        Map<String, CommunityList<ExtendedCommunity>> extCommunityLists,
        Map<String, CommunityList<LargeCommunity>> largeCommunityLists,
        Map<String, RouteMap> routeMaps,
        Map<String, NeighborPolicy> neighbors,
        boolean ebgpRequiresPolicy,
        long defaultLocalPref) {

    public static final PolicyConfig EMPTY = builder().build();

    public PolicyConfig {
        ipv4PrefixLists = Map.copyOf(ipv4PrefixLists);
        ipv6PrefixLists = Map.copyOf(ipv6PrefixLists);
        asPathLists = Map.copyOf(asPathLists);
        communityLists = Map.copyOf(communityLists);
        extCommunityLists = Map.copyOf(extCommunityLists);
        largeCommunityLists = Map.copyOf(largeCommunityLists);
        routeMaps = Map.copyOf(routeMaps);
        neighbors = Map.copyOf(neighbors);
    }

    public PrefixList prefixList(AddressFamily family, String name) {
        return (family == AddressFamily.IPV4_UNICAST ? ipv4PrefixLists : ipv6PrefixLists).get(name);
    }

    /** The options for a peer: by address first, then by name; FRR defaults when not configured. */
    public NeighborPolicy neighbor(PeerInfo peer) {
        NeighborPolicy n = null;
        if (peer.address() != null) n = neighbors.get(peer.address().getHostAddress());
        if (n == null) n = neighbors.get(peer.name());
        return n != null ? n : NeighborPolicy.DEFAULTS;
    }

    /**
     * Names used but not defined: FRR accepts them (a missing route-map or neighbor list then denies,
     * a missing list in a match clause never matches), so they are warnings, not errors.
     */
    public java.util.List<String> undefinedReferences() {
        java.util.List<String> out = new java.util.ArrayList<>();
        routeMaps.values().forEach(m -> m.entries().forEach(e -> {
            String where = "route-map " + m.name() + " entry " + e.seq() + ": ";
            for (Match x : e.matches()) {
                boolean ok = switch (x) {
                    case Match.AddressPrefixList p -> prefixList(p.family(), p.name()) != null;
                    case Match.NextHopPrefixList p -> prefixList(p.family(), p.name()) != null;
                    case Match.AsPathList a -> asPathLists.containsKey(a.name());
                    case Match.CommunityListMatch c -> communityLists.containsKey(c.name());
                    case Match.ExtCommunityListMatch c -> extCommunityLists.containsKey(c.name());
                    case Match.LargeCommunityListMatch c -> largeCommunityLists.containsKey(c.name());
                    default -> true;
                };
                if (!ok) out.add(where + "'" + x.text() + "' names a list that is not defined, so it never matches");
            }
            for (SetAction x : e.sets()) {
                boolean ok = switch (x) {
                    case SetAction.CommListDelete d -> communityLists.containsKey(d.name());
                    case SetAction.LargeCommListDelete d -> largeCommunityLists.containsKey(d.name());
                    case SetAction.AsPathExcludeList l -> asPathLists.containsKey(l.name());
                    case SetAction.AsPathReplace r -> r.listName() == null || asPathLists.containsKey(r.listName());
                    default -> true;
                };
                if (!ok) out.add(where + "'" + x.text() + "' names a list that is not defined, so it changes nothing");
            }
            if (e.call() != null && !routeMaps.containsKey(e.call())) out.add(where + "'call " + e.call() + "' names a route-map that is not defined; the call is skipped");
        }));
        neighbors.forEach((who, n) -> {
            for (String[] ref : new String[][] {{"route-map", n.routeMapIn(), "in"}, {"route-map", n.routeMapOut(), "out"}}) {
                if (ref[1] != null && !routeMaps.containsKey(ref[1])) {
                    out.add("neighbor " + who + " route-map " + ref[1] + " " + ref[2] + ": not defined, so every route is denied " + ref[2]);
                }
            }
            for (String[] ref : new String[][] {{n.prefixListIn(), "in"}, {n.prefixListOut(), "out"}}) {
                if (ref[0] != null && !ipv4PrefixLists.containsKey(ref[0]) && !ipv6PrefixLists.containsKey(ref[0])) {
                    out.add("neighbor " + who + " prefix-list " + ref[0] + " " + ref[1] + ": not defined, so every route is denied " + ref[1]);
                }
            }
            for (String[] ref : new String[][] {{n.filterListIn(), "in"}, {n.filterListOut(), "out"}}) {
                if (ref[0] != null && !asPathLists.containsKey(ref[0])) {
                    out.add("neighbor " + who + " filter-list " + ref[0] + " " + ref[1] + ": not defined, so every route is denied " + ref[1]);
                }
            }
        });
        return out;
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ipv4.putAll(ipv4PrefixLists); b.ipv6.putAll(ipv6PrefixLists); b.asPath.putAll(asPathLists);
        b.comm.putAll(communityLists); b.ext.putAll(extCommunityLists); b.large.putAll(largeCommunityLists);
        b.maps.putAll(routeMaps); b.neighbors.putAll(neighbors);
        b.ebgpRequiresPolicy = ebgpRequiresPolicy; b.defaultLocalPref = defaultLocalPref;
        return b;
    }

    public static final class Builder {
        final Map<String, PrefixList> ipv4 = new LinkedHashMap<>(), ipv6 = new LinkedHashMap<>();
        final Map<String, AsPathAccessList> asPath = new LinkedHashMap<>();
        final Map<String, CommunityList<Community>> comm = new LinkedHashMap<>();
        final Map<String, CommunityList<ExtendedCommunity>> ext = new LinkedHashMap<>();
        final Map<String, CommunityList<LargeCommunity>> large = new LinkedHashMap<>();
        final Map<String, RouteMap> maps = new LinkedHashMap<>();
        final Map<String, NeighborPolicy> neighbors = new LinkedHashMap<>();
        boolean ebgpRequiresPolicy = true;
        long defaultLocalPref = 100;

        public Builder prefixList(PrefixList l) {
            (l.family() == AddressFamily.IPV4_UNICAST ? ipv4 : ipv6).put(l.name(), l);
            return this;
        }
        public Builder asPathList(AsPathAccessList l) { asPath.put(l.name(), l); return this; }
        public Builder communityList(CommunityList<Community> l) { comm.put(l.name(), l); return this; }
        public Builder extCommunityList(CommunityList<ExtendedCommunity> l) { ext.put(l.name(), l); return this; }
        public Builder largeCommunityList(CommunityList<LargeCommunity> l) { large.put(l.name(), l); return this; }
        public Builder routeMap(RouteMap m) { maps.put(m.name(), m); return this; }
        public Builder neighbor(String addressOrName, NeighborPolicy n) { neighbors.put(addressOrName, n); return this; }
        public NeighborPolicy neighbor(String addressOrName) { return neighbors.getOrDefault(addressOrName, NeighborPolicy.DEFAULTS); }
        /** {@code [no] bgp ebgp-requires-policy}; on by default (RFC 8212). */
        public Builder ebgpRequiresPolicy(boolean v) { ebgpRequiresPolicy = v; return this; }
        /** {@code bgp default local-preference N}. */
        public Builder defaultLocalPref(long v) { defaultLocalPref = v; return this; }

        public PolicyConfig build() {
            return new PolicyConfig(ipv4, ipv6, asPath, comm, ext, large, maps, neighbors, ebgpRequiresPolicy, defaultLocalPref);
        }
    }
}
