package dev.bgplab.lab.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route (one path to a prefix) as a node shows it, whichever daemon: FRR ({@code show bgp ...
 * json}), bgplab (its API), a kernel table ({@code ip -j route}), or an interop peer (BIRD, GoBGP,
 * ExaBGP's peer). Every reader fills the same fields so reports, convergence checks and tests compare
 * like with like; what a daemon does not show keeps its empty value.
 *
 * @param prefix such as {@code 10.1.0.0/24} or {@code 2001:db8:1::/48}
 * @param nextHops the next hops in the daemon's order: one BGP next hop for most paths, FRR's global
 *     and then link-local address for an IPv6 path over a shared link, every gateway of a kernel
 *     multipath route ({@code dev eth1} for a connected one); empty if none
 * @param asPath the AS path as text, left to right, as the daemon prints it: ASNs separated by
 *     spaces, sets in braces, FRR's and bgplab's confederation segments in their brackets; "" for a
 *     path without one (local, kernel). Text, not a list, because sets and confederation segments
 *     are kept and reports and expectations compare it as text; {@link #asPathAsns()} flattens it
 * @param origin "igp", "egp", "incomplete", or "" for a route without ORIGIN (static, kernel)
 * @param med MULTI_EXIT_DISC, if the route carries one
 * @param localPref LOCAL_PREF, if the route carries one
 * @param weight the node-local weight (FRR, bgplab); 0 where the daemon has none
 * @param communities RFC 1997 communities as "asn:value" or the daemon's word for a well-known one
 *     ({@code no-export})
 * @param largeCommunities RFC 8092 large communities as "global:local1:local2"
 * @param extCommunities RFC 4360 extended communities: "rt:asn:value" and "ro:asn:value" from BIRD
 *     and GoBGP, FRR's own words ({@code RT:65002:7}), or the daemon's words for other kinds
 * @param unknownAttributes attributes the daemon kept but does not know
 * @param peer where the node learned it: the neighbour's address (bgplab: the peer's name when it
 *     knows no address), "local" for a path FRR or bgplab originated, BIRD's protocol name for a
 *     non-BGP route, the kernel's protocol for a kernel route; "" when the daemon names none
 *     (GoBGP's own routes)
 * @param best whether the node marks it as its best path (every kernel route is)
 * @param selected whether the node uses it: best or multipath (every kernel route and every
 *     received, pre-policy path counts as selected)
 * @param valid whether the daemon holds it valid (FRR: next hop reachable); true where it does not say
 * @param selectionReason FRR only: why FRR chose it, on the best path
 * @param raw FRR only: FRR's JSON for this path, for fields not mapped here
 */
public record ObservedRoute(
        String prefix,
        List<String> nextHops,
        String asPath,
        String origin,
        OptionalLong med,
        OptionalLong localPref,
        long weight,
        List<String> communities,
        List<String> largeCommunities,
        List<String> extCommunities,
        List<DaemonUnknownAttribute> unknownAttributes,
        String peer,
        boolean best,
        boolean selected,
        boolean valid,
        Optional<String> selectionReason,
        Optional<JsonNode> raw) {

    private static final Pattern ASN = Pattern.compile("\\d+");

    public ObservedRoute {
        nextHops = List.copyOf(nextHops);
        asPath = asPath == null ? "" : asPath;
        origin = origin == null ? "" : origin;
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        extCommunities = List.copyOf(extCommunities);
        unknownAttributes = List.copyOf(unknownAttributes);
        peer = peer == null ? "" : peer;
    }

    /** A builder with every field at its empty value; {@code selected} follows {@code best} unless set. */
    public static Builder builder(String prefix) {
        return new Builder(prefix);
    }

    /** The first next hop, or "" if none: the BGP next hop of a path that has one. */
    public String nextHop() {
        return nextHops.isEmpty() ? "" : nextHops.get(0);
    }

    /**
     * The next hops without IPv6 link-local ones, unless a link-local address is the only next hop:
     * FRR lists the link-local address of an IPv6 path beside the global one, and reports show the
     * global one.
     */
    public List<String> nextHopsWithoutLinkLocal() {
        return nextHops.stream().filter(nh -> !nh.startsWith("fe80") || nextHops.size() == 1).toList();
    }

    /** The AS path flattened to its ASNs, left to right (set and confederation members in order). */
    public List<Long> asPathAsns() {
        List<Long> out = new ArrayList<>();
        Matcher m = ASN.matcher(asPath);
        while (m.find()) {
            out.add(Long.parseLong(m.group()));
        }
        return List.copyOf(out);
    }

    /** The unknown attribute with this type code, if the daemon kept one. */
    public Optional<DaemonUnknownAttribute> unknownAttribute(int code) {
        return unknownAttributes.stream().filter(a -> a.code() == code).findFirst();
    }

    /** The same route with other next hops (a report's view of them). */
    public ObservedRoute withNextHops(List<String> hops) {
        return new ObservedRoute(prefix, hops, asPath, origin, med, localPref, weight, communities, largeCommunities,
                extCommunities, unknownAttributes, peer, best, selected, valid, selectionReason, raw);
    }

    /** One line as reports show it. */
    public String line() {
        return (best ? "*>" : selected ? "*=" : "  ") + " via " + String.join(",", nextHops)
                + (asPath.isEmpty() ? "" : " as-path " + asPath)
                + (communities.isEmpty() ? "" : " communities " + String.join(" ", communities))
                + (peer.isEmpty() ? "" : " from " + peer);
    }

    /** Collects a route field by field, as the readers meet them. */
    public static final class Builder {
        private final String prefix;
        private List<String> nextHops = List.of();
        private String asPath = "";
        private String origin = "";
        private OptionalLong med = OptionalLong.empty();
        private OptionalLong localPref = OptionalLong.empty();
        private long weight;
        private List<String> communities = List.of();
        private List<String> largeCommunities = List.of();
        private List<String> extCommunities = List.of();
        private List<DaemonUnknownAttribute> unknownAttributes = List.of();
        private String peer = "";
        private boolean best;
        private Boolean selected;
        private boolean valid = true;
        private Optional<String> selectionReason = Optional.empty();
        private Optional<JsonNode> raw = Optional.empty();

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        public Builder nextHops(List<String> v) { nextHops = v; return this; }

        /** One next hop, or none when empty. */
        public Builder nextHop(String v) { nextHops = v == null || v.isEmpty() ? List.of() : List.of(v); return this; }

        public Builder asPath(String v) { asPath = v; return this; }

        public Builder origin(String v) { origin = v; return this; }

        public Builder med(OptionalLong v) { med = v; return this; }

        public Builder med(long v) { med = OptionalLong.of(v); return this; }

        public Builder localPref(OptionalLong v) { localPref = v; return this; }

        public Builder localPref(long v) { localPref = OptionalLong.of(v); return this; }

        public Builder weight(long v) { weight = v; return this; }

        public Builder communities(List<String> v) { communities = v; return this; }

        public Builder largeCommunities(List<String> v) { largeCommunities = v; return this; }

        public Builder extCommunities(List<String> v) { extCommunities = v; return this; }

        public Builder unknownAttributes(List<DaemonUnknownAttribute> v) { unknownAttributes = v; return this; }

        public Builder peer(String v) { peer = v; return this; }

        public Builder best(boolean v) { best = v; return this; }

        public Builder selected(boolean v) { selected = v; return this; }

        public Builder valid(boolean v) { valid = v; return this; }

        public Builder selectionReason(Optional<String> v) { selectionReason = v; return this; }

        public Builder raw(JsonNode v) { raw = Optional.ofNullable(v); return this; }

        public ObservedRoute build() {
            return new ObservedRoute(prefix, nextHops, asPath, origin, med, localPref, weight, communities,
                    largeCommunities, extCommunities, unknownAttributes, peer, best, selected == null ? best : selected,
                    valid, selectionReason, raw);
        }
    }
}
