package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttribute;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The BGP decision process (RFC 4271 9.1) with FRR's order of tie-breakers (see
 * {@link BestPathStep}), best-path selection and the multipath (ECMP) set.
 *
 * <p>Owned by the speaker's event loop together with the {@link LocRib} that calls it; it holds no
 * mutable state of its own, only the options and the next-hop resolver.
 *
 * <p>MED makes pairwise comparison non-transitive (RFC 4271 9.1.2.2 c compares it only between
 * routes from the same neighbouring AS), so {@link #select} groups candidates by neighbouring AS,
 * picks each group's best with MED, then the best of the group winners without it: FRR's
 * "bgp deterministic-med" (its default). The result therefore does not depend on the order in
 * which routes arrived.
 */
public final class DecisionProcess {

    /** The steps that decide a pair, in order; MULTIPATH_CHECK is noted between IGP_METRIC and OLDER_EBGP. */
    private static final BestPathStep[] ORDER = {
        BestPathStep.WEIGHT, BestPathStep.LOCAL_PREF, BestPathStep.LOCAL_ORIGIN, BestPathStep.AS_PATH_LENGTH,
        BestPathStep.SOURCE_PREFERENCE, BestPathStep.ORIGIN, BestPathStep.MED, BestPathStep.EBGP_OVER_IBGP, BestPathStep.IGP_METRIC,
        BestPathStep.OLDER_EBGP, BestPathStep.ROUTER_ID, BestPathStep.CLUSTER_LIST_LENGTH,
        BestPathStep.PEER_ADDRESS, BestPathStep.PATH_ID,
    };

    /** The transitive tie-breakers that order an ECMP set (OLDER_EBGP left out: it needs a selected route). */
    private static final BestPathStep[] AFTER_MULTIPATH_CHECK = {
        BestPathStep.ROUTER_ID, BestPathStep.CLUSTER_LIST_LENGTH, BestPathStep.PEER_ADDRESS, BestPathStep.PATH_ID,
    };

    /** RFC 4271 9.1.2.2 (c) with FRR's "med missing-as-worst": the largest MED. */
    private static final long MED_WORST = 0xFFFF_FFFFL;
    /** Group key for routes with an empty AS_PATH (ours and iBGP-internal): their MEDs compare (FRR aspath_cmp_left). */
    private static final long GROUP_INTERNAL = -2;

    /** The best route and its multipath set (best first); both empty when nothing is eligible. */
    public record Selection(Route best, List<Route> multipath) {
        public static final Selection NONE = new Selection(null, List.of());
    }

    private final DecisionOptions options;
    private final NextHopResolver resolver;
    /** A role's rank of a route's source for SOURCE_PREFERENCE (lower wins); 0 for all without a role. */
    private final java.util.function.ToIntFunction<PeerInfo> sourceRank;

    public DecisionProcess(DecisionOptions options, NextHopResolver resolver) {
        this(options, resolver, p -> 0);
    }

    public DecisionProcess(DecisionOptions options, NextHopResolver resolver, java.util.function.ToIntFunction<PeerInfo> sourceRank) {
        this.options = options;
        this.resolver = resolver;
        this.sourceRank = sourceRank;
    }

    public DecisionOptions options() { return options; }
    public NextHopResolver resolver() { return resolver; }

    /**
     * RFC 4271 9.1.2: a route is a candidate only when its next hop resolves. Locally originated
     * routes always are.
     */
    public boolean eligible(Route r) {
        if (r.source().isLocal()) return true;
        NextHop nh = r.attributes().nextHop();
        return nh != null && resolver.reachable(nh);
    }

    /** Compares two routes for the same prefix, without regard to which is currently selected. */
    public Comparison compare(Route a, Route b) { return compare(a, b, null); }

    /**
     * Compares two routes for the same prefix. {@code selected} is the current best (or null); only
     * the OLDER_EBGP step looks at it.
     */
    public Comparison compare(Route a, Route b, Route selected) {
        for (BestPathStep step : ORDER) {
            int c = compareAt(step, a, b, selected);
            if (c != 0) {
                Route w = c < 0 ? a : b;
                Route l = c < 0 ? b : a;
                boolean mp = step.ordinal() > BestPathStep.IGP_METRIC.ordinal() && multipathCompatible(w, l);
                return new Comparison(w, l, step, valueOf(step, w, l, selected), valueOf(step, l, w, selected), mp);
            }
        }
        // Only the same (peer, path id) ties everywhere: the same route twice.
        return new Comparison(a, b, BestPathStep.PATH_ID, String.valueOf(a.pathId()), String.valueOf(b.pathId()),
                multipathCompatible(a, b));
    }

    /** Negative when {@code a} is preferred, positive when {@code b} is, 0 only for the same route. */
    int preference(Route a, Route b, Route selected) {
        for (BestPathStep step : ORDER) {
            int c = compareAt(step, a, b, selected);
            if (c != 0) return c;
        }
        return 0;
    }

    /** The best eligible route and its ECMP set among {@code candidates}. */
    public Selection select(Collection<Route> candidates, Route selected) {
        List<Route> eligible = new ArrayList<>(candidates.size());
        for (Route r : candidates) if (eligible(r)) eligible.add(r);
        if (eligible.isEmpty()) return Selection.NONE;
        Route best = best(eligible, selected);
        return new Selection(best, multipath(best, eligible));
    }

    /**
     * Deterministic MED: the best of each neighbour-AS group (MED compared inside it), then the
     * best of the winners, between which MED never applies.
     */
    Route best(List<Route> eligible, Route selected) {
        if (eligible.size() == 1) return eligible.get(0);
        List<Route> winners = new ArrayList<>(4);
        List<Long> keys = new ArrayList<>(4);
        for (Route r : eligible) {
            Long key = medGroup(r);
            int i = key == null ? -1 : keys.indexOf(key);
            if (i < 0) {
                winners.add(r);
                keys.add(key);
            } else if (preference(r, winners.get(i), selected) < 0) {
                winners.set(i, r);
            }
        }
        Route best = winners.get(0);
        for (int i = 1; i < winners.size(); i++) {
            if (preference(winners.get(i), best, selected) < 0) best = winners.get(i);
        }
        return best;
    }

    /**
     * The ECMP set: the best, then every eligible route equal to it through the IGP metric step
     * that passes the multipath rules, ordered by the later tie-breakers, one per next hop, up to
     * maximum-paths (eBGP or iBGP after the best route's kind).
     */
    List<Route> multipath(Route best, List<Route> eligible) {
        int max = best.source().isEbgp() ? options.maximumPathsEbgp() : options.maximumPathsIbgp();
        if (max <= 1 || eligible.size() == 1) return List.of(best);
        List<Route> equal = new ArrayList<>();
        for (Route r : eligible) {
            if (r != best && multipathCompatible(best, r) && tiesThroughIgpMetric(best, r)) equal.add(r);
        }
        if (equal.isEmpty()) return List.of(best);
        // Only steps after IGP_METRIC order these: each is a total order, so the sort is consistent.
        equal.sort((x, y) -> {
            for (BestPathStep step : AFTER_MULTIPATH_CHECK) {
                int c = compareAt(step, x, y, null);
                if (c != 0) return c;
            }
            return 0;
        });
        List<Route> out = new ArrayList<>(Math.min(max, equal.size() + 1));
        out.add(best);
        for (Route r : equal) {
            if (out.size() >= max) break;
            NextHop nh = r.attributes().nextHop();
            boolean seen = false;
            for (Route m : out) if (m.attributes().nextHop() != null && m.attributes().nextHop().equals(nh)) seen = true;
            if (!seen) out.add(r); // FRR: a next hop already in the set is not counted twice
        }
        return List.copyOf(out);
    }

    /** All routes best first, each next one the best of those left: the order "show bgp" lists them in. */
    public List<Route> rank(Collection<Route> routes, Route selected) {
        List<Route> left = new ArrayList<>(routes);
        List<Route> out = new ArrayList<>(left.size());
        while (!left.isEmpty()) {
            Route b = best(left, selected);
            out.add(b);
            left.remove(b);
        }
        return out;
    }

    /**
     * Why the best route won: its comparison with every other candidate, in decision order, the
     * raw material of an "explain" view ("wins over 10.0.0.2 on local preference: 200 vs 100").
     * Candidates whose next hop does not resolve are left out (they never competed).
     */
    public List<Comparison> explain(Collection<Route> candidates, Route selected) {
        List<Route> eligible = new ArrayList<>();
        for (Route r : candidates) if (eligible(r)) eligible.add(r);
        if (eligible.isEmpty()) return List.of();
        List<Route> ranked = rank(eligible, selected);
        Route best = ranked.get(0);
        List<Comparison> out = new ArrayList<>(ranked.size() - 1);
        for (Route r : ranked.subList(1, ranked.size())) out.add(compare(best, r, selected));
        return out;
    }

    private boolean tiesThroughIgpMetric(Route a, Route b) {
        for (BestPathStep step : ORDER) {
            if (step.ordinal() > BestPathStep.IGP_METRIC.ordinal()) return true;
            if (compareAt(step, a, b, null) != 0) return false;
        }
        return true;
    }

    /**
     * FRR's multipath rules, applied once two routes tie through IGP_METRIC: same AS_PATH length
     * always (it may differ under as-path ignore); then with multipath-relax nothing more; else eBGP
     * routes need the same neighbour AS and iBGP (or local) routes an identical AS_PATH.
     */
    boolean multipathCompatible(Route a, Route b) {
        if (a.source().isEbgp() != b.source().isEbgp()) return false;
        AsPath pa = a.attributes().asPath(), pb = b.attributes().asPath();
        if (pa.length() != pb.length()) return false;
        if (options.asPathMultipathRelax()) return true;
        if (a.source().isEbgp()) return a.source().peerAsn() == b.source().peerAsn();
        return pa.equals(pb);
    }

    /** Negative when {@code a} wins this step, positive when {@code b} does, 0 on a tie. */
    private int compareAt(BestPathStep step, Route a, Route b, Route selected) {
        return switch (step) {
            case WEIGHT -> Integer.compare(b.weight(), a.weight());
            case LOCAL_PREF -> Long.compare(localPref(b), localPref(a));
            case LOCAL_ORIGIN -> Boolean.compare(b.source().isLocal(), a.source().isLocal());
            case AS_PATH_LENGTH -> options.ignoreAsPathLength() ? 0
                    : Integer.compare(a.attributes().asPath().length(), b.attributes().asPath().length());
            case SOURCE_PREFERENCE -> Integer.compare(sourceRank.applyAsInt(a.source()), sourceRank.applyAsInt(b.source()));
            case ORIGIN -> Integer.compare(origin(a).code(), origin(b).code());
            case MED -> medComparable(a, b) ? Long.compare(med(a), med(b)) : 0;
            case EBGP_OVER_IBGP -> Boolean.compare(b.source().isEbgp(), a.source().isEbgp());
            case IGP_METRIC -> Long.compare(igpMetric(a), igpMetric(b));
            case MULTIPATH_CHECK -> 0;
            case OLDER_EBGP -> {
                if (options.compareRouterId() || selected == null || !a.source().isEbgp() || !b.source().isEbgp()) yield 0;
                yield a == selected ? -1 : b == selected ? 1 : 0;
            }
            case ROUTER_ID -> compareAddresses(routerId(a), routerId(b));
            case CLUSTER_LIST_LENGTH -> Integer.compare(clusterListLength(a), clusterListLength(b));
            case PEER_ADDRESS -> compareAddresses(a.source().address(), b.source().address());
            case PATH_ID -> Long.compare(a.pathId(), b.pathId());
        };
    }

    private String valueOf(BestPathStep step, Route r, Route other, Route selected) {
        return switch (step) {
            case WEIGHT -> String.valueOf(r.weight());
            case LOCAL_PREF -> r.attributes().localPref() == null ? localPref(r) + " (default)" : String.valueOf(localPref(r));
            case LOCAL_ORIGIN -> r.source().isLocal() ? "locally originated" : "learned from " + r.source();
            case AS_PATH_LENGTH -> r.attributes().asPath().length() + " (" + r.attributes().asPath() + ")";
            case SOURCE_PREFERENCE -> "rank " + sourceRank.applyAsInt(r.source());
            case ORIGIN -> origin(r).name();
            case MED -> r.attributes().med() == null ? med(r) + " (missing)" : String.valueOf(med(r));
            case EBGP_OVER_IBGP -> r.source().isEbgp() ? "eBGP" : r.source().isLocal() ? "local" : "iBGP";
            case IGP_METRIC -> String.valueOf(igpMetric(r));
            case MULTIPATH_CHECK -> "";
            case OLDER_EBGP -> r == selected ? "currently selected" : "not selected";
            case ROUTER_ID -> {
                OriginatorId o = (OriginatorId) r.attributes().get(PathAttribute.ORIGINATOR_ID);
                yield o != null ? o.id().getHostAddress() + " (ORIGINATOR_ID)" : r.source().routerId().getHostAddress();
            }
            case CLUSTER_LIST_LENGTH -> String.valueOf(clusterListLength(r));
            case PEER_ADDRESS -> r.source().address().getHostAddress();
            case PATH_ID -> String.valueOf(r.pathId());
        };
    }

    private long localPref(Route r) {
        Long lp = r.attributes().localPref();
        return lp == null ? options.defaultLocalPref() : lp;
    }

    /** A route without ORIGIN would not have passed RFC 7606 checks; treat it as the worst. */
    private static Origin origin(Route r) {
        Origin o = r.attributes().origin();
        return o == null ? Origin.INCOMPLETE : o;
    }

    private long med(Route r) {
        Long m = r.attributes().med();
        return m != null ? m : options.missingMedAsWorst() ? MED_WORST : 0;
    }

    /** RFC 4271 9.1.2.2 (c): MED only between routes from the same neighbouring AS. */
    boolean medComparable(Route a, Route b) {
        Long ka = medGroup(a);
        return ka != null && ka.equals(medGroup(b));
    }

    /**
     * Which routes' MEDs compare: all when always-compare-med; else those with the same first AS
     * of a leading AS_SEQUENCE (confederation segments skipped), and those with an empty AS_PATH
     * among themselves; a path starting with an AS_SET is compared with none (FRR aspath_cmp_left).
     */
    private Long medGroup(Route r) {
        if (options.alwaysCompareMed()) return 0L;
        AsPath p = r.attributes().asPath();
        if (p.isEmpty()) return GROUP_INTERNAL;
        long first = p.firstAs();
        return first < 0 ? null : first;
    }

    private long igpMetric(Route r) {
        if (r.source().isLocal()) return 0;
        NextHop nh = r.attributes().nextHop();
        return nh == null ? 0 : resolver.igpMetric(nh);
    }

    /** RFC 4456 9: the ORIGINATOR_ID stands in for the BGP identifier of a reflected route. */
    private static InetAddress routerId(Route r) {
        OriginatorId o = (OriginatorId) r.attributes().get(PathAttribute.ORIGINATOR_ID);
        return o != null ? o.id() : r.source().routerId();
    }

    private static int clusterListLength(Route r) {
        ClusterList c = (ClusterList) r.attributes().get(PathAttribute.CLUSTER_LIST);
        return c == null ? 0 : c.ids().size();
    }

    /** IPv4 before IPv6, then unsigned bytes: the order FRR's sockunion_cmp gives. */
    static int compareAddresses(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress(), y = b.getAddress();
        if (x.length != y.length) return Integer.compare(x.length, y.length);
        return java.util.Arrays.compareUnsigned(x, y);
    }
}
