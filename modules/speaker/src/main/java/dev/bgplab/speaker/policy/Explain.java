package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Community;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentences a trainee understands, from a {@link RejectReason} or a {@link PolicyTrace}. The AS path
 * is quoted as FRR shows it; an empty path reads as "(empty)".
 */
public final class Explain {

    private Explain() {}

    /** One sentence for a dropped route; {@code path} is the AS path the check looked at (may be null). */
    public static String reason(RejectReason r, AsPath path) {
        String p = path == null ? "" : " " + (path.isEmpty() ? "(empty)" : AsPathOperations.frrString(path));
        return switch (r) {
            case RejectReason.Loop l -> "Dropped: AS path" + p + " holds our own AS " + l.asn()
                    + (l.count() > 1 ? " " + l.count() + " times" : "")
                    + (l.localAs() ? " (our local-as on this session)" : "")
                    + " (loop prevention, RFC 4271 9.1.2); "
                    + (l.allowed() == 0 ? "allowas-in is not set." : "allowas-in tolerates only " + l.allowed() + ".");
            case RejectReason.RouteMapDeny d -> d.missing()
                    ? "Dropped: route-map " + d.map() + " is applied but does not exist, and a missing route-map denies everything."
                    : d.seq() >= 0 ? "Dropped: route-map " + d.map() + " entry " + d.seq() + " denied it."
                    : "Dropped: no entry of route-map " + d.map() + " permitted it (implicit deny at the end of a route-map).";
            case RejectReason.PrefixListDeny d -> d.missing()
                    ? "Dropped: prefix-list " + d.list() + " is applied but does not exist, which denies everything."
                    : d.seq() >= 0 ? "Dropped: prefix-list " + d.list() + " seq " + d.seq() + " denied it."
                    : "Dropped: no entry of prefix-list " + d.list() + " matched it (implicit deny).";
            case RejectReason.FilterListDeny d -> d.missing()
                    ? "Dropped: as-path access-list " + d.list() + " is applied as filter-list but does not exist, which denies everything."
                    : d.seq() >= 0 ? "Dropped: AS path" + p + " is denied by as-path access-list " + d.list() + " seq " + d.seq() + "."
                    : "Dropped: AS path" + p + " matched no entry of as-path access-list " + d.list() + " (implicit deny).";
            case RejectReason.Rfc8212NoPolicy d -> "Dropped: this eBGP session has no " + (d.direction() == Direction.IN ? "inbound" : "outbound")
                    + " policy (route-map, prefix-list or filter-list), and RFC 8212 says such a session "
                    + (d.direction() == Direction.IN ? "accepts" : "sends") + " nothing; add a policy or set 'no bgp ebgp-requires-policy'.";
            case RejectReason.EnforceFirstAs e -> "Dropped: the AS path" + p + " must start with the peer's AS " + e.expected()
                    + (e.got() < 0 ? " but it is empty or starts with a set" : " but starts with " + e.got())
                    + " (enforce-first-as; FRR treats this as a withdraw and keeps the session up).";
            case RejectReason.MaxPrefix m -> "Dropped: the peer sent " + m.count() + " prefixes, more than maximum-prefix " + m.limit()
                    + "; the session is closed with Cease / Maximum Number of Prefixes Reached.";
            case RejectReason.WellKnownCommunity c -> "Not advertised: the route carries community " + c.community() + ", which "
                    + (c.community().equals(Community.NO_ADVERTISE) ? "forbids advertising it to any peer." : "keeps it inside our AS (not to eBGP peers).");
            case RejectReason.SenderIsTarget s -> "Not advertised: it came from this peer, and a route is never sent back to the peer it came from.";
            case RejectReason.SenderAsPathLoop s -> "Not advertised: the AS path" + p + " already holds the peer's AS " + s.peerAsn()
                    + ", which would drop it as a loop (sender-as-path-loop-detection).";
            case RejectReason.IbgpToIbgp i -> "Not advertised: it was learned over iBGP and iBGP routes are not passed to other iBGP peers (RFC 4271 9.2).";
            case RejectReason.DefaultOriginateReplacesTableDefault d -> "Not advertised: default-originate sends our own 0.0.0.0/0 to this peer instead of the one in the table.";
        };
    }

    /** One sentence per step that changed something or decided something. */
    public static List<String> trace(PolicyTrace t) {
        List<String> out = new ArrayList<>();
        for (PolicyTrace.TraceStep s : t.steps()) {
            String line = step(s);
            if (line != null) out.add(line);
        }
        return out;
    }

    /** The whole run: the steps, then the verdict. */
    public static List<String> result(PolicyResult r) {
        List<String> out = trace(r.trace());
        if (r.isAccepted()) {
            out.add("Accepted with AS path " + quote(r.route().attributes().asPath()) + ".");
        } else {
            List<PolicyTrace.TraceStep> steps = r.trace().steps();
            AsPath last = steps.isEmpty() ? null : steps.get(steps.size() - 1).after();
            out.add(reason(r.reason(), last));
        }
        return out;
    }

    static String step(PolicyTrace.TraceStep s) {
        return switch (s.kind()) {
            case SET, REJECT -> null;
            case CHECK -> s.name().startsWith("prefix-list") || s.name().startsWith("filter-list")
                    ? capital(s.name().replaceFirst(" permit$", " permitted it").replace(" (empty list permits)", " is empty and permits everything")) + "."
                    : null;
            case ROUTE_MAP_ENTRY -> {
                String name = s.name().replaceFirst(" permit$", "");
                if (s.asPathChanged()) {
                    yield name + " permitted it and changed the AS path from " + quote(s.before()) + " to " + quote(s.after())
                            + (s.clauses().isEmpty() ? "" : " (" + String.join("; ", s.clauses()) + ")")
                            + others(s) + ".";
                }
                yield name + " permitted it" + (s.changes().isEmpty() ? "" : " and changed " + String.join(", ", s.changes())
                        + (s.clauses().isEmpty() ? "" : " (" + String.join("; ", s.clauses()) + ")")) + ".";
            }
            case NEIGHBOR, DEFAULT -> {
                if (s.asPathChanged()) {
                    yield capital(s.name()) + " changed the AS path from " + quote(s.before()) + " to " + quote(s.after()) + others(s) + ".";
                }
                if (!s.changes().isEmpty()) yield capital(s.name()) + ": " + String.join(", ", s.changes()) + ".";
                yield capital(s.name()) + ".";
            }
        };
    }

    private static String others(PolicyTrace.TraceStep s) {
        return s.changes().isEmpty() ? "" : ", and " + String.join(", ", s.changes());
    }

    static String quote(AsPath p) {
        return p.isEmpty() ? "(empty)" : "'" + AsPathOperations.frrString(p) + "'";
    }

    private static String capital(String s) {
        // "eBGP", "iBGP" keep their spelling
        if (s.length() < 2 || Character.isUpperCase(s.charAt(1))) return s;
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
