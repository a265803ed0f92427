package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Outbound policy for the best route towards one peer, in FRR 9.1+'s order (subgroup_announce_check,
 * then bgp_packet_attribute). FRR 8.4 differs in one step: it runs remove-private-AS before the
 * outbound route-map, so a private ASN a route-map prepends survives there and is removed here
 * (a known difference, listed in the README):
 * <ol>
 * <li>not back to the peer it came from (what FRR does for a peer alone in its update group, and
 *     BIRD and GoBGP always; FRR's shared update groups do send routes back, which {@code solo}
 *     stops: here every peer behaves as its own group, so counts on both ends stay honest); not the
 *     table's default when default-originate is on;</li>
 * <li>well-known communities: NO_ADVERTISE to nobody, NO_EXPORT and NO_EXPORT_SUBCONFED not to eBGP
 *     (skipped between two route-server clients, which are transparent);</li>
 * <li>prefix-list out, filter-list out; sender-as-path-loop-detection; no iBGP-learned route to another iBGP peer;</li>
 * <li>LOCAL_PREF set to the default (100) towards iBGP when absent; MED dropped towards eBGP unless
 *     we originated the route or both ends are route-server clients;</li>
 * <li>route-map out (a named route-map that does not exist denies);</li>
 * <li>remove-private-AS (after route-map out, FRR 9.1+), as-override (eBGP); RFC 8212 (eBGP needs an
 *     outbound policy);</li>
 * <li>next hop: kept when a route-map set it, towards a transparent route-server client, with
 *     attribute-unchanged next-hop; else self with next-hop-self, self towards eBGP unless the next
 *     hop lies in the subnet shared with the peer (RFC 4271 5.1.3 third-party next hop), self for
 *     our own routes; then one the peer can use (ours for no, unspecified or wrong-family next hops,
 *     IPv4-mapped over IPv4 transport): the next hop decided here is the one sent;</li>
 * <li>AS path towards eBGP (not route-server clients, not with attribute-unchanged as-path on a
 *     non-empty path): our ASN prepended, or with local-as
 *     "local-as ours" (or only local-as with replace-as); LOCAL_PREF removed towards eBGP;</li>
 * <li>communities left out per send-community (FRR default: all kinds sent).</li>
 * </ol>
 * Prepending towards a 2-octet peer (AS_TRANS/AS4_PATH) is the codec's job. Pure; any thread.
 */
public final class ExportPolicy {

    private ExportPolicy() {}

    public static PolicyResult apply(Route best, PeerContext to) {
        return apply(best, to, true, true);
    }

    /**
     * The same decision without a trace (no strings built): what the speaker runs per route; explain
     * calls {@link #apply(Route, PeerContext)} to get the steps.
     */
    public static PolicyResult decide(Route best, PeerContext to) {
        return apply(best, to, false, true);
    }

    /**
     * {@link #decide} for an update group, whose context is one member's: every step but the
     * first (not back to the sender), which the group applies per member, since the same result
     * goes to every member but the route's own source.
     */
    public static PolicyResult decideForGroup(Route best, PeerContext anyMember) {
        return apply(best, anyMember, false, false);
    }

    private static PolicyResult apply(Route best, PeerContext to, boolean traced, boolean splitHorizon) {
        PolicyConfig cfg = to.config();
        NeighborPolicy n = to.neighbor();
        PeerInfo target = to.peer();
        PeerInfo source = best.source();
        PolicyTrace.Builder trace = new PolicyTrace.Builder(traced);
        RouteState st = new RouteState(best.attributes(), best.weight());
        boolean fromLocal = source == null || source.isLocal();
        boolean transparent = to.routeServerClient() && !fromLocal
                && (source.routeServerClient() || cfg.neighbor(source).routeServerClient());

        if (splitHorizon && !fromLocal && samePeer(source, target)) {
            trace.note(PolicyTrace.StepKind.REJECT, "not sent back to the peer it came from", st.attributes);
            return PolicyResult.rejected(new RejectReason.SenderIsTarget(), trace.build());
        }
        if (n.defaultOriginate() && best.prefix().length() == 0) {
            trace.note(PolicyTrace.StepKind.REJECT, "default-originate", st.attributes);
            return PolicyResult.rejected(new RejectReason.DefaultOriginateReplacesTableDefault(), trace.build());
        }
        if (!transparent) {
            List<Community> comms = st.attributes.communities();
            Community blocking = null;
            if (comms.contains(Community.NO_ADVERTISE)) blocking = Community.NO_ADVERTISE;
            else if (target.isEbgp() && comms.contains(Community.NO_EXPORT)) blocking = Community.NO_EXPORT;
            else if (target.isEbgp() && comms.contains(Community.NO_EXPORT_SUBCONFED)) blocking = Community.NO_EXPORT_SUBCONFED;
            if (blocking != null) {
                trace.note(PolicyTrace.StepKind.REJECT, "community " + blocking, st.attributes);
                return PolicyResult.rejected(new RejectReason.WellKnownCommunity(blocking), trace.build());
            }
        }

        RejectReason filtered = Filters.prefixList(cfg, n.prefixListOut(), best.prefix(), Direction.OUT, trace, st);
        if (filtered == null) filtered = Filters.filterList(cfg, n.filterListOut(), Direction.OUT, trace, st);
        if (filtered != null) return PolicyResult.rejected(filtered, trace.build());

        if (n.senderAsPathLoopDetection() && st.attributes.asPath().contains(target.peerAsn())) {
            trace.note(PolicyTrace.StepKind.REJECT, "sender-as-path-loop-detection", st.attributes);
            return PolicyResult.rejected(new RejectReason.SenderAsPathLoop(target.peerAsn()), trace.build());
        }
        if (!fromLocal && source.isIbgp() && target.isIbgp()) {
            trace.note(PolicyTrace.StepKind.REJECT, "iBGP-learned route not sent to iBGP", st.attributes);
            return PolicyResult.rejected(new RejectReason.IbgpToIbgp(), trace.build());
        }

        if (target.isIbgp() && st.attributes.localPref() == null) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "iBGP: LOCAL_PREF " + cfg.defaultLocalPref() + " (default)",
                    st.attributes.with(new LocalPref(cfg.defaultLocalPref())));
        }
        if (target.isEbgp() && st.attributes.med() != null && !fromLocal && !transparent && !n.medUnchanged()) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "eBGP: MED not passed on to another AS",
                    st.attributes.without(PathAttribute.MULTI_EXIT_DISC));
        }

        if (n.routeMapOut() != null) {
            RouteMapEvaluator.RouteMapOutcome o = RouteMapEvaluator.apply(n.routeMapOut(),
                    new PolicyEnv(cfg, to, Direction.OUT, best.prefix(), source), st, trace);
            if (!o.permit()) {
                trace.note(PolicyTrace.StepKind.REJECT, "route-map " + o.map() + (o.seq() >= 0 ? " entry " + o.seq() + " deny" : " deny"), st.attributes);
                return PolicyResult.rejected(new RejectReason.RouteMapDeny(o.map(), o.seq(), o.missing()), trace.build());
            }
        }

        if (target.isEbgp()) {
            if (n.removePrivateAs() != RemovePrivateAs.NONE) {
                change(trace, st, PolicyTrace.StepKind.NEIGHBOR, n.removePrivateAs().command(), st.attributes.with(
                        AsPathOperations.removePrivateAs(st.attributes.asPath(), n.removePrivateAs(), to.routerAsn(), target.peerAsn())));
            }
            if (n.asOverride()) {
                change(trace, st, PolicyTrace.StepKind.NEIGHBOR, "as-override", st.attributes.with(
                        AsPathOperations.asOverride(st.attributes.asPath(), target.peerAsn(), to.routerAsn())));
            }
            if (cfg.ebgpRequiresPolicy() && !n.hasOutboundPolicy()) {
                trace.note(PolicyTrace.StepKind.REJECT, "RFC 8212 (ebgp-requires-policy)", st.attributes);
                return PolicyResult.rejected(new RejectReason.Rfc8212NoPolicy(Direction.OUT), trace.build());
            }
        }

        nextHop(best, to, n, st, trace, fromLocal, transparent);
        usableNextHop(best, to, n, st, trace, fromLocal);

        boolean keepPath = n.asPathUnchanged() && !st.attributes.asPath().isEmpty();
        if (target.isEbgp() && !to.routeServerClient() && !keepPath) {
            PathAttributes before = st.attributes;
            var path = st.attributes.asPath();
            String name;
            if (n.localAs() != null) {
                if (!n.localAsReplaceAs()) path = AsPathOperations.prepend(path, to.routerAsn(), 1);
                path = AsPathOperations.prepend(path, n.localAs(), 1);
                name = n.localAsReplaceAs() ? "eBGP prepend " + n.localAs() + " (local-as replace-as)"
                        : "eBGP prepend " + n.localAs() + " " + to.routerAsn() + " (local-as)";
            } else {
                path = AsPathOperations.prepend(path, to.routerAsn(), 1);
                name = "eBGP prepend " + to.routerAsn();
            }
            st.attributes = st.attributes.with(path);
            trace.add(PolicyTrace.StepKind.DEFAULT, name, before, st.weight, st.attributes, st.weight);
        } else if (target.isEbgp()) {
            trace.note(PolicyTrace.StepKind.DEFAULT, keepPath ? "attribute-unchanged as-path: our AS not prepended"
                    : "route-server-client: our AS not prepended (RFC 7947)", st.attributes);
        }
        if (target.isEbgp() && st.attributes.localPref() != null) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "eBGP: LOCAL_PREF not sent", st.attributes.without(PathAttribute.LOCAL_PREF));
        }
        if (!n.sendCommunity() && st.attributes.has(PathAttribute.COMMUNITIES)) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "no send-community standard", st.attributes.without(PathAttribute.COMMUNITIES));
        }
        if (!n.sendExtendedCommunity() && st.attributes.has(PathAttribute.EXTENDED_COMMUNITIES)) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "no send-community extended", st.attributes.without(PathAttribute.EXTENDED_COMMUNITIES));
        }
        if (!n.sendLargeCommunity() && st.attributes.has(PathAttribute.LARGE_COMMUNITY)) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "no send-community large", st.attributes.without(PathAttribute.LARGE_COMMUNITY));
        }
        return PolicyResult.accepted(best.withAttributes(st.attributes).withWeight(st.weight), trace.build());
    }

    /**
     * {@code neighbor X default-originate}: the 0.0.0.0/0 (or ::/0) we generate for this peer, ORIGIN
     * IGP, empty AS path and our address as next hop, then the same protocol defaults as any route
     * (eBGP prepend, LOCAL_PREF towards iBGP). Like FRR, the outbound route-map is not applied to it.
     * Rejected with RFC 8212's reason only when default-originate is not configured.
     */
    public static PolicyResult defaultOriginate(PeerContext to, dev.bgplab.wire.nlri.AddressFamily family) {
        NeighborPolicy n = to.neighbor();
        PolicyTrace.Builder trace = new PolicyTrace.Builder();
        if (!n.defaultOriginate()) {
            return PolicyResult.rejected(new RejectReason.DefaultOriginateReplacesTableDefault(), trace.build());
        }
        dev.bgplab.wire.nlri.Prefix dflt = dev.bgplab.wire.nlri.Prefix.parse(family == dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST ? "0.0.0.0/0" : "::/0");
        PathAttributes a = PathAttributes.of(dev.bgplab.wire.attribute.Origin.IGP, dev.bgplab.wire.attribute.AsPath.EMPTY, NextHop.of(to.localAddress()));
        RouteState st = new RouteState(a, 0);
        trace.note(PolicyTrace.StepKind.DEFAULT, "default-originate", a);
        if (to.peer().isIbgp()) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "iBGP: LOCAL_PREF " + to.config().defaultLocalPref() + " (default)",
                    st.attributes.with(new LocalPref(to.config().defaultLocalPref())));
        } else if (!to.routeServerClient()) {
            var path = st.attributes.asPath();
            if (n.localAs() != null) {
                if (!n.localAsReplaceAs()) path = AsPathOperations.prepend(path, to.routerAsn(), 1);
                path = AsPathOperations.prepend(path, n.localAs(), 1);
            } else {
                path = AsPathOperations.prepend(path, to.routerAsn(), 1);
            }
            change(trace, st, PolicyTrace.StepKind.DEFAULT, "eBGP prepend", st.attributes.with(path));
        }
        Route r = new Route(dflt, 0, st.attributes, PeerInfo.local(to.routerAsn(), to.localAddress()), 0, false);
        usableNextHop(r, to, n, st, trace, true);
        r = r.withAttributes(st.attributes);
        return PolicyResult.accepted(r, trace.build());
    }

    private static void nextHop(Route best, PeerContext to, NeighborPolicy n, RouteState st, PolicyTrace.Builder trace,
                                boolean fromLocal, boolean transparent) {
        if (st.nextHopSetByPolicy || transparent || n.nextHopUnchanged() || to.localAddress() == null) return;
        // our session address serves as next hop only for its own family; other families are the integrator's (RFC 8950 is not done here)
        if (to.localAddress().getAddress().length != best.prefix().family().addressBytes()) return;
        NextHop nh = st.attributes.nextHop();
        String why = null;
        if (n.nextHopSelf()) {
            why = "next-hop-self";
        } else if (to.peer().isEbgp()) {
            // the unspecified next hop of our own routes is never a third party's
            boolean thirdParty = nh != null && to.sharedSubnet() != null && !nh.address().isAnyLocalAddress()
                    && to.sharedSubnet().contains(nh.address());
            if (!thirdParty) why = "eBGP: next hop set to self";
        } else if (fromLocal && (nh == null || nh.address().isAnyLocalAddress())) {
            why = "own route: next hop set to self";
        }
        if (why != null && (nh == null || !nh.address().equals(to.localAddress()))) {
            change(trace, st, PolicyTrace.StepKind.DEFAULT, why, st.attributes.with(NextHop.of(to.localAddress())));
        }
    }

    /**
     * The last next-hop step: a next hop the peer can use. An IPv6 route learnt over IPv4 transport
     * towards an eBGP peer gets ours unless a route-map, route-server-client or attribute-unchanged
     * kept it (it names a router the peer cannot reach); a route with no next hop, the unspecified
     * one (originated here) or one of the wrong family gets ours: for IPv4 our session address (or
     * the router id over IPv6 transport), for IPv6 our session address (IPv4-mapped over IPv4
     * transport, as FRR sends it).
     */
    private static void usableNextHop(Route best, PeerContext to, NeighborPolicy n, RouteState st, PolicyTrace.Builder trace,
                                      boolean fromLocal) {
        InetAddress self = to.localAddress();
        dev.bgplab.wire.nlri.AddressFamily f = best.prefix().family();
        boolean v4 = f == dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST;
        NextHop nh = st.attributes.nextHop();
        if (!v4 && nh != null && to.peer().isEbgp() && !to.routeServerClient() && !n.nextHopUnchanged()
                && !(self instanceof Inet6Address) && nh.equals(best.attributes().nextHop()) && !fromLocal) {
            nh = null; // learnt elsewhere, unchanged by policy: the eBGP peer over IPv4 gets ours below
        }
        boolean wrongFamily = nh != null && v4 != (nh.address() instanceof Inet4Address);
        if (nh != null && !nh.address().isAnyLocalAddress() && !wrongFamily) return;
        if (self == null) self = to.routerId();
        if (self == null) return;
        InetAddress use;
        if (v4) {
            use = self instanceof Inet4Address ? self : to.routerId();
        } else {
            use = self instanceof Inet6Address ? self : mapped((Inet4Address) self);
        }
        if (use == null) return;
        change(trace, st, PolicyTrace.StepKind.DEFAULT, "next hop set to self (" + use.getHostAddress() + ")"
                + (!v4 && !(self instanceof Inet6Address) ? ": IPv4-mapped, the session has no IPv6 address" : ""),
                st.attributes.with(NextHop.of(use)));
    }

    /** {@code ::ffff:a.b.c.d}, how FRR sends an IPv6 next hop over an IPv4 session. */
    public static Inet6Address mapped(Inet4Address v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean samePeer(PeerInfo a, PeerInfo b) {
        return a.address() != null && a.address().equals(b.address()) && a.name().equals(b.name());
    }

    private static void change(PolicyTrace.Builder trace, RouteState st, PolicyTrace.StepKind kind, String name, PathAttributes after) {
        PathAttributes before = st.attributes;
        st.attributes = after;
        trace.add(kind, name, before, st.weight, after, st.weight);
    }
}
