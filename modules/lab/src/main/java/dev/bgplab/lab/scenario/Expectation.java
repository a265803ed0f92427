package dev.bgplab.lab.scenario;

import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.lab.runtime.RouteEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a node's table should show for one prefix. Only the selected paths (best and multipath)
 * count, except for {@code from}, which looks for a selected path learned from that peer.
 *
 * @param table     {@code bgp} (default: FRR or bgplab Loc-RIB; a {@code vm} node's kernel table), {@code kernel}, or {@code received} (a bgplab node's pre-policy Adj-RIB-In of every peer)
 * @param present   false: the prefix must be absent (or have no selected path)
 * @param nextHops  when set: exactly these next hops, order-free
 * @param asPath    when set: a selected path has exactly this AS path ("" for local)
 * @param asPathRegex when set: a selected path's AS path matches (find) this regex
 * @param community when set: a selected path carries it
 * @param from      when set: a selected path came from this peer (address or name)
 * @param dropped   when set: the prefix is absent because the node dropped it for this reason (see {@link #DROP_REASONS}),
 *                  checked against the bgplab node's explain
 * @param sessionsDownOk an absent prefix passes even while a session of the node is down
 * @param notVia    when set: the prefix is present and no selected next hop is an address of this node
 *                  ({@code next-hops-without: nva1}, or {@code ${carrier}}: the node that carried a traffic
 *                  measure's stream, resolved when the step runs)
 * @param notNextHops the addresses {@code notVia} stands for, once resolved
 */
public record Expectation(String node, String prefix, String table, boolean present, Optional<Set<String>> nextHops,
        Optional<String> asPath, Optional<Pattern> asPathRegex, Optional<String> community, Optional<String> from,
        Optional<String> dropped, boolean sessionsDownOk, Optional<String> notVia, Set<String> notNextHops) {

    public Expectation(String node, String prefix, String table, boolean present, Optional<Set<String>> nextHops,
            Optional<String> asPath, Optional<Pattern> asPathRegex, Optional<String> community, Optional<String> from,
            Optional<String> dropped, boolean sessionsDownOk) {
        this(node, prefix, table, present, nextHops, asPath, asPathRegex, community, from, dropped, sessionsDownOk, Optional.empty(), Set.of());
    }

    /** This expectation with {@code notVia} resolved: the node it names (after {@code ${carrier}} is replaced) and its addresses. */
    public Expectation resolved(String viaNode, Set<String> addresses) {
        return new Expectation(node, prefix, table, present, nextHops, asPath, asPathRegex, community, from, dropped, sessionsDownOk,
                Optional.of(viaNode), Set.copyOf(addresses));
    }

    /** What {@code dropped:} may say, and the explain sentence that shows it. */
    public static final java.util.Map<String, String> DROP_REASONS = java.util.Map.of(
            "as-loop", "\\(loop prevention",
            "route-map", "Dropped: (no entry of )?route-map",
            "prefix-list", "Dropped: (no entry of )?(prefix-list|as-path access-list)|is denied by as-path access-list",
            "max-prefix", "maximum-prefix",
            "no-policy", "RFC 8212",
            "malformed", "treat-as-withdraw",
            "not-received", "");

    /**
     * What FRR 8.4 logs ({@code debug bgp updates in}) for each reason, where it states it: FRR
     * says "filter" for a prefix-list, a filter-list and a distribute-list alike; it does not log
     * which route it treated as withdrawn for a malformed attribute.
     */
    public static final java.util.Map<String, String> FRR_DROP_REASONS = java.util.Map.of(
            "as-loop", "DENIED due to: as-path contains our own AS",
            "route-map", "DENIED due to: route-map",
            "prefix-list", "DENIED due to: filter",
            "max-prefix", "\\(maximum-prefix\\)",
            "no-policy", "DENIED due to: (inbound policy missing|no policy)");

    /** {@link #checkDropped} on an FRR node, against the lines its explain gathered from FRR's log. */
    public Optional<String> checkDroppedByFrr(List<String> frr) {
        String reason = dropped.orElseThrow();
        if (reason.equals("malformed")) {
            return Optional.of("dropped: malformed cannot be checked on FRR node " + node + ": FRR 8.4 does not log which routes it treated as"
                    + " withdrawn (checkable on bgplab nodes)");
        }
        boolean received = frr.stream().anyMatch(l -> l.startsWith("FRR log:"));
        boolean holds = reason.equals("not-received") ? !received
                : frr.stream().anyMatch(l -> Pattern.compile(FRR_DROP_REASONS.get(reason)).matcher(l).find());
        return holds ? Optional.empty() : Optional.of(prefix + " at " + node + " is not dropped for " + reason + "; FRR says: "
                + (frr.isEmpty() ? "nothing about it in its log after a route refresh" : String.join(" | ", frr)));
    }

    /**
     * Empty when the explain sentences show the prefix dropped for {@link #dropped}, else why not.
     * {@code not-received}: no peer sent it (no "received" sentence at all).
     */
    public Optional<String> checkDropped(List<String> explain) {
        String reason = dropped.orElseThrow();
        boolean received = explain.stream().anyMatch(l -> l.contains(": received with AS path"));
        boolean holds = reason.equals("not-received") ? !received
                : explain.stream().anyMatch(l -> Pattern.compile(DROP_REASONS.get(reason)).matcher(l).find());
        return holds ? Optional.empty() : Optional.of(prefix + " at " + node + " is not dropped for " + reason + "; its explain says: "
                + String.join(" ", explain));
    }

    /** One line: what is expected. */
    public String describe() {
        StringBuilder sb = new StringBuilder(node + ("kernel".equals(table) ? " kernel" : "received".equals(table) ? " received (pre-policy)" : "") + ": " + prefix + (present ? " present" : " absent"));
        nextHops.ifPresent(n -> sb.append(", next hops ").append(n));
        asPath.ifPresent(a -> sb.append(", AS path '").append(a).append("'"));
        asPathRegex.ifPresent(a -> sb.append(", AS path ~ /").append(a).append("/"));
        community.ifPresent(c -> sb.append(", community ").append(c));
        from.ifPresent(f -> sb.append(", from ").append(f));
        dropped.ifPresent(d -> sb.append(", dropped: ").append(d));
        notVia.ifPresent(v -> sb.append(", no next hop of ").append(v).append(notNextHops.isEmpty() ? "" : " " + new java.util.TreeSet<>(notNextHops)));
        return sb.toString();
    }

    /** Empty when the table meets the expectation, else why not. */
    public Optional<String> check(List<RouteEntry> table) {
        Optional<RouteEntry> entry = table.stream().filter(e -> samePrefix(e.prefix(), prefix)).findFirst();
        List<ObservedRoute> selected = entry.map(RouteEntry::selectedPaths).orElse(List.of());
        if (!present) {
            return selected.isEmpty() ? Optional.empty()
                    : Optional.of(prefix + " is present at " + node + ": " + entry.get().summary());
        }
        if (selected.isEmpty()) {
            return Optional.of(prefix + " is not in " + node + "'s " + ("kernel".equals(this.table) ? "kernel" : "received".equals(this.table) ? "received (pre-policy)" : "routing") + " table"
                    + (entry.isPresent() ? " (paths exist but none is selected)" : ""));
        }
        List<String> problems = new ArrayList<>();
        if (nextHops.isPresent()) {
            Set<String> actual = new LinkedHashSet<>(entry.get().selectedNextHops());
            if (!actual.equals(nextHops.get())) {
                problems.add("next hops are " + actual + ", expected " + nextHops.get());
            }
        }
        if (notVia.isPresent()) {
            List<String> bad = entry.get().selectedNextHops().stream().filter(notNextHops::contains).toList();
            if (!bad.isEmpty()) {
                problems.add("next hops " + entry.get().selectedNextHops() + " still include " + notVia.get() + " (" + String.join(", ", bad) + ")");
            }
        }
        if (asPath.isPresent() && selected.stream().noneMatch(p -> p.asPath().equals(asPath.get()))) {
            problems.add("AS path " + selected.stream().map(p -> "'" + p.asPath() + "'").toList() + ", expected '" + asPath.get() + "'");
        }
        if (asPathRegex.isPresent() && selected.stream().noneMatch(p -> asPathRegex.get().matcher(p.asPath()).find())) {
            problems.add("no AS path " + selected.stream().map(p -> "'" + p.asPath() + "'").toList() + " matches /" + asPathRegex.get() + "/");
        }
        if (community.isPresent() && selected.stream().noneMatch(p -> p.communities().contains(community.get()))) {
            problems.add("communities " + selected.stream().map(ObservedRoute::communities).toList() + " lack " + community.get());
        }
        if (from.isPresent() && selected.stream().noneMatch(p -> p.peer().equals(from.get()))) {
            problems.add("selected paths come from " + selected.stream().map(ObservedRoute::peer).toList() + ", not " + from.get());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(prefix + " at " + node + ": " + String.join("; ", problems));
    }

    /**
     * Whether the state a route event leaves behind meets this expectation, when presence and next
     * hops are all it asks about; empty when it asks more (AS path, communities...) than an event tells.
     */
    public Optional<Boolean> holdsAfter(dev.bgplab.lab.runtime.RouteEvent e) {
        if (asPath.isPresent() || asPathRegex.isPresent() || community.isPresent() || from.isPresent()) {
            return Optional.empty();
        }
        if (!present) {
            return Optional.of(e.nextHops().isEmpty());
        }
        return Optional.of(!e.nextHops().isEmpty() && nextHops.map(n -> new LinkedHashSet<>(e.nextHops()).equals(n)).orElse(true)
                && e.nextHops().stream().noneMatch(notNextHops::contains));
    }

    static boolean samePrefix(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String p) {
        String s = p.trim();
        if (s.equals("default")) {
            return "0.0.0.0/0";
        }
        if (!s.contains("/")) {
            s = s + (s.contains(":") ? "/128" : "/32");
        }
        try {
            return dev.bgplab.lab.docker.Cidr.parse(s).toString();
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
