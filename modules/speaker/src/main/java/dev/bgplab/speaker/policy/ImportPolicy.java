package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.PathAttributes;

/**
 * Inbound policy for one received route, in FRR's order (bgp_attr_aspath_check, then bgp_update):
 * <ol>
 * <li>enforce-first-as (eBGP): the path must start with an AS_SEQUENCE led by the peer's ASN; FRR
 *     7.4+ treats a violation as withdraw, so the route is dropped and the session stays up;</li>
 * <li>local-as: the local-as ASN is prepended on receipt unless no-prepend;</li>
 * <li>loop check on the local-as: tolerated once when it was prepended (or allowas-in times);</li>
 * <li>loop check on our ASN: up to allowas-in occurrences; allowas-in origin skips the check when
 *     the origin AS is ours;</li>
 * <li>prefix-list in, filter-list in (a named list that does not exist denies);</li>
 * <li>RFC 8212: eBGP without any inbound policy accepts nothing unless ebgp-requires-policy is off;</li>
 * <li>neighbor weight, then route-map in (a named route-map that does not exist denies).</li>
 * </ol>
 * Pure: no state, safe from any thread.
 */
public final class ImportPolicy {

    private ImportPolicy() {}

    public static PolicyResult apply(Route received, PeerContext from) {
        return apply(received, from, true);
    }

    /**
     * The same decision without a trace (no strings built): what the speaker runs per route; explain
     * calls {@link #apply(Route, PeerContext)} to get the steps.
     */
    public static PolicyResult decide(Route received, PeerContext from) {
        return apply(received, from, false);
    }

    private static PolicyResult apply(Route received, PeerContext from, boolean traced) {
        PolicyConfig cfg = from.config();
        NeighborPolicy n = from.neighbor();
        PeerInfo peer = from.peer();
        PolicyTrace.Builder trace = new PolicyTrace.Builder(traced);
        RouteState st = new RouteState(received.attributes(), received.weight());
        AsPath path = st.attributes.asPath();

        if (peer.isEbgp() && n.enforceFirstAs()) {
            if (!AsPathOperations.firstAsIs(path, peer.peerAsn())) {
                trace.note(PolicyTrace.StepKind.REJECT, "enforce-first-as", st.attributes);
                return PolicyResult.rejected(new RejectReason.EnforceFirstAs(peer.peerAsn(), AsPathOperations.leftmostSequenceAs(path)), trace.build());
            }
            trace.note(PolicyTrace.StepKind.CHECK, "enforce-first-as", st.attributes);
        }

        if (n.localAs() != null) {
            long la = n.localAs();
            if (!n.localAsNoPrepend()) {
                PathAttributes before = st.attributes;
                st.attributes = st.attributes.with(AsPathOperations.prepend(st.attributes.asPath(), la, 1));
                trace.add(PolicyTrace.StepKind.NEIGHBOR, "local-as " + la + " (prepended on receipt)", before, st.weight, st.attributes, st.weight);
            }
            int allowed = n.allowasIn() > 0 ? n.allowasIn() : (n.localAsNoPrepend() ? 0 : 1);
            int count = AsPathOperations.loopCount(st.attributes.asPath(), la);
            if (count > allowed) {
                trace.note(PolicyTrace.StepKind.REJECT, "loop check for local-as " + la, st.attributes);
                return PolicyResult.rejected(new RejectReason.Loop(la, count, allowed, true), trace.build());
            }
        }

        boolean loopCheck = true;
        if (n.allowasInOrigin() && AsPathOperations.lastAs(st.attributes.asPath()) == from.routerAsn()) {
            loopCheck = false;
            trace.note(PolicyTrace.StepKind.NEIGHBOR, "allowas-in origin (our AS " + from.routerAsn() + " is the origin, loop check skipped)", st.attributes);
        }
        if (loopCheck) {
            int count = AsPathOperations.loopCount(st.attributes.asPath(), from.routerAsn());
            if (count > n.allowasIn()) {
                trace.note(PolicyTrace.StepKind.REJECT, "loop check for our AS " + from.routerAsn(), st.attributes);
                return PolicyResult.rejected(new RejectReason.Loop(from.routerAsn(), count, n.allowasIn(), false), trace.build());
            }
            trace.note(count > 0 ? PolicyTrace.StepKind.NEIGHBOR : PolicyTrace.StepKind.CHECK,
                    count > 0 ? "allowas-in " + n.allowasIn() + " (our AS " + from.routerAsn() + " occurs " + count + " time(s))"
                              : "loop check", st.attributes);
        }

        RejectReason filtered = Filters.prefixList(cfg, n.prefixListIn(), received.prefix(), Direction.IN, trace, st);
        if (filtered == null) filtered = Filters.filterList(cfg, n.filterListIn(), Direction.IN, trace, st);
        if (filtered != null) return PolicyResult.rejected(filtered, trace.build());

        if (peer.isEbgp() && cfg.ebgpRequiresPolicy() && !n.hasInboundPolicy()) {
            trace.note(PolicyTrace.StepKind.REJECT, "RFC 8212 (ebgp-requires-policy)", st.attributes);
            return PolicyResult.rejected(new RejectReason.Rfc8212NoPolicy(Direction.IN), trace.build());
        }

        if (n.weight() != null) {
            int wb = st.weight;
            st.weight = n.weight();
            trace.add(PolicyTrace.StepKind.NEIGHBOR, "neighbor weight " + n.weight(), st.attributes, wb, st.attributes, st.weight);
        }

        if (n.routeMapIn() != null) {
            RouteMapEvaluator.RouteMapOutcome o = RouteMapEvaluator.apply(n.routeMapIn(),
                    new PolicyEnv(cfg, from, Direction.IN, received.prefix(), received.source()), st, trace);
            if (!o.permit()) {
                trace.note(PolicyTrace.StepKind.REJECT, "route-map " + o.map() + (o.seq() >= 0 ? " entry " + o.seq() + " deny" : " deny"), st.attributes);
                return PolicyResult.rejected(new RejectReason.RouteMapDeny(o.map(), o.seq(), o.missing()), trace.build());
            }
        }
        return PolicyResult.accepted(received.withAttributes(st.attributes).withWeight(st.weight), trace.build());
    }
}
