package dev.bgplab.lab.interop;

import java.util.List;
import java.util.Optional;

/**
 * One route as a daemon shows it in its RIB. The same shape for every daemon so interop tests
 * compare like with like.
 *
 * @param prefix such as {@code 10.1.0.0/24} or {@code 2001:db8:1::/48}
 * @param nextHop the BGP next hop (NEXT_HOP or MP_REACH_NLRI), empty if none
 * @param asPath AS_PATH flattened left to right (AS_SET members in order, braces dropped)
 * @param origin "igp", "egp", "incomplete", or empty for a route without ORIGIN (static)
 * @param med MULTI_EXIT_DISC, or null if absent
 * @param localPref LOCAL_PREF, or null if absent
 * @param communities RFC 1997 communities as "asn:value"
 * @param largeCommunities RFC 8092 large communities as "global:local1:local2"
 * @param extCommunities RFC 4360 extended communities as "rt:asn:value", "ro:asn:value" or the
 *     daemon's own words for other kinds
 * @param unknownAttributes attributes the daemon kept but does not know
 * @param fromPeer the neighbour address or protocol the route came from, empty if local
 * @param best whether the daemon marks it as its best path
 */
public record ObservedRoute(
        String prefix,
        String nextHop,
        List<Long> asPath,
        String origin,
        Long med,
        Long localPref,
        List<String> communities,
        List<String> largeCommunities,
        List<String> extCommunities,
        List<DaemonUnknownAttribute> unknownAttributes,
        String fromPeer,
        boolean best) {

    public ObservedRoute {
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        extCommunities = List.copyOf(extCommunities);
        unknownAttributes = List.copyOf(unknownAttributes);
    }

    /** The unknown attribute with this type code, if the daemon kept one. */
    public Optional<DaemonUnknownAttribute> unknownAttribute(int code) {
        return unknownAttributes.stream().filter(a -> a.code() == code).findFirst();
    }
}
