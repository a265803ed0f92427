package dev.bgplab.lab.frr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One path to a prefix in FRR's BGP table (from {@code show bgp <afi> <safi> <prefix> json}).
 *
 * @param asPath           AS_PATH as FRR prints it ({@code "65002 65001"}); empty for a locally originated path
 * @param origin           {@code IGP}, {@code EGP} or {@code incomplete}
 * @param med              MULTI_EXIT_DISC when the path carries one
 * @param localPref        LOCAL_PREF when the path carries one (iBGP, or set by a route-map)
 * @param communities      as in FRR's CLI: {@code 65002:100}, {@code no-export}
 * @param extCommunities   as in FRR's CLI: {@code RT:65002:7}
 * @param peer             address of the neighbor it came from; {@code 0.0.0.0} for a local path
 * @param selectionReason  why FRR chose it, on the best path only
 * @param raw              FRR's JSON for this path, for fields not mapped here
 */
public record BgpPath(String prefix, List<FrrNextHop> nextHops, String asPath, String origin, OptionalLong med,
        OptionalLong localPref, long weight, List<String> communities, List<String> largeCommunities,
        List<String> extCommunities, boolean valid, boolean best, boolean multipath, boolean local, String peer,
        Optional<String> selectionReason, JsonNode raw) {

    /** Next-hop addresses only, in FRR's order. */
    public List<String> nextHopAddresses() {
        return nextHops.stream().map(FrrNextHop::ip).toList();
    }
}
