package dev.bgplab.lab.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * A route for a daemon to originate. Each runner turns it into its own syntax and refuses the
 * parts it cannot express, naming them.
 *
 * @param prefix IPv4 or IPv6 prefix
 * @param nextHop next hop to announce, or null for the runner's default
 * @param asPath ASNs the route carries before the originating speaker adds its own on eBGP
 *     (BIRD: {@code bgp_path.prepend}, GoBGP: {@code aspath}, ExaBGP: {@code as-path [own ...]})
 * @param origin "igp", "egp", "incomplete", or null for the daemon's default
 * @param med MULTI_EXIT_DISC or null
 * @param communities "asn:value"
 * @param largeCommunities "global:local1:local2"
 * @param extCommunities route targets as "rt:asn:value" (and "ro:asn:value" where supported)
 * @param rawAttributes attributes sent as given bytes (ExaBGP only)
 */
public record RouteSpec(
        String prefix,
        String nextHop,
        List<Long> asPath,
        String origin,
        Long med,
        List<String> communities,
        List<String> largeCommunities,
        List<String> extCommunities,
        List<RawAttribute> rawAttributes) {

    public RouteSpec {
        if (prefix == null || !prefix.contains("/")) {
            throw new IllegalArgumentException("route prefix must be address/length, got '" + prefix + "'");
        }
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        extCommunities = List.copyOf(extCommunities);
        rawAttributes = List.copyOf(rawAttributes);
        if (origin != null && !List.of("igp", "egp", "incomplete").contains(origin)) {
            throw new IllegalArgumentException("origin must be igp, egp or incomplete, got '" + origin + "'");
        }
    }

    public static RouteSpec of(String prefix) {
        return new RouteSpec(prefix, null, List.of(), null, null, List.of(), List.of(), List.of(), List.of());
    }

    public boolean ipv6() {
        return prefix.contains(":");
    }

    public RouteSpec nextHop(String address) {
        return new RouteSpec(prefix, address, asPath, origin, med, communities, largeCommunities,
                extCommunities, rawAttributes);
    }

    public RouteSpec asPath(long... asns) {
        List<Long> path = new ArrayList<>();
        for (long asn : asns) {
            path.add(asn);
        }
        return new RouteSpec(prefix, nextHop, path, origin, med, communities, largeCommunities,
                extCommunities, rawAttributes);
    }

    public RouteSpec origin(String value) {
        return new RouteSpec(prefix, nextHop, asPath, value, med, communities, largeCommunities,
                extCommunities, rawAttributes);
    }

    public RouteSpec med(long value) {
        return new RouteSpec(prefix, nextHop, asPath, origin, value, communities, largeCommunities,
                extCommunities, rawAttributes);
    }

    public RouteSpec community(long asn, long value) {
        return new RouteSpec(prefix, nextHop, asPath, origin, med, plus(communities, asn + ":" + value),
                largeCommunities, extCommunities, rawAttributes);
    }

    public RouteSpec largeCommunity(long global, long local1, long local2) {
        return new RouteSpec(prefix, nextHop, asPath, origin, med, communities,
                plus(largeCommunities, global + ":" + local1 + ":" + local2), extCommunities, rawAttributes);
    }

    public RouteSpec routeTarget(long asn, long value) {
        return new RouteSpec(prefix, nextHop, asPath, origin, med, communities, largeCommunities,
                plus(extCommunities, "rt:" + asn + ":" + value), rawAttributes);
    }

    public RouteSpec rawAttribute(RawAttribute attribute) {
        return new RouteSpec(prefix, nextHop, asPath, origin, med, communities, largeCommunities,
                extCommunities, plus(rawAttributes, attribute));
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
