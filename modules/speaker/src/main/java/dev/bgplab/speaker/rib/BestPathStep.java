package dev.bgplab.speaker.rib;

/**
 * The steps of the decision process (RFC 4271 9.1.2) in the order FRR applies them
 * (bgp_path_info_cmp), each a named thing so a comparison can say which step decided it.
 * A constant table; any thread.
 */
public enum BestPathStep {
    /** Higher weight wins; a local value that never goes on the wire (FRR, Cisco). */
    WEIGHT("weight", "higher weight"),
    /** RFC 4271 9.1.1: higher LOCAL_PREF wins; absent counts as the default (100). */
    LOCAL_PREF("local preference", "higher local preference"),
    /** Routes this speaker originates (network, redistribute, aggregate) win over learned ones (FRR). */
    LOCAL_ORIGIN("local origin", "locally originated"),
    /** RFC 4271 9.1.2.2 (a): shorter AS_PATH wins; an AS_SET counts 1, confederation segments 0 (RFC 5065 5.3). */
    AS_PATH_LENGTH("AS path length", "shorter AS path"),
    /**
     * Not BGP's: an Azure role's preference between sources at equal AS-path length (a Virtual WAN
     * hub with AS Path routing preference takes a remote hub's route before an ExpressRoute one).
     * Decides nothing on a speaker without such a role.
     */
    SOURCE_PREFERENCE("source preference", "preferred source (role)"),
    /** RFC 4271 9.1.2.2 (b): IGP before EGP before INCOMPLETE. */
    ORIGIN("origin", "lower origin"),
    /** RFC 4271 9.1.2.2 (c): lower MED, only between routes from the same neighbouring AS unless always-compare-med. */
    MED("MED", "lower MED"),
    /** RFC 4271 9.1.2.2 (d): a route learned over eBGP wins over one learned over iBGP. */
    EBGP_OVER_IBGP("peer type", "eBGP over iBGP"),
    /**
     * RFC 4271 9.1.2.2 (e): lower interior cost to the next hop. A placeholder until a resolver
     * knows IGP metrics: {@link NextHopResolver#igpMetric} returns 0 by default, so this step
     * decides nothing today.
     */
    IGP_METRIC("IGP metric", "lower IGP metric to the next hop"),
    /**
     * Not a tie-break: the point where FRR notes that two routes are equal enough to share
     * forwarding (ECMP). A comparison never ends here; {@link Comparison#multipathEqual()} records it.
     */
    MULTIPATH_CHECK("multipath", "equal for multipath"),
    /**
     * Off by default (on when {@link DecisionOptions#compareRouterId()} is false, which is FRR's
     * own default): between two eBGP routes the one currently selected stays, to avoid flapping
     * (RFC 5004).
     */
    OLDER_EBGP("older eBGP path", "currently selected eBGP path"),
    /** RFC 4271 9.1.2.2 (f): lower BGP identifier, ORIGINATOR_ID instead when present (RFC 4456 9). */
    ROUTER_ID("router ID", "lower router ID"),
    /** RFC 4456 9: shorter CLUSTER_LIST wins. */
    CLUSTER_LIST_LENGTH("cluster list length", "shorter cluster list"),
    /** RFC 4271 9.1.2.2 (g): lower peer address wins. */
    PEER_ADDRESS("peer address", "lower peer address"),
    /**
     * Ours, so the order is total: two paths from one peer over ADD-PATH (RFC 7911) that tie on
     * everything else; the lower received path id wins.
     */
    PATH_ID("path id", "lower path id");

    private final String label;
    private final String rule;

    BestPathStep(String label, String rule) {
        this.label = label;
        this.rule = rule;
    }

    /** What is compared, as FRR words it in "show bgp ... bestpath" reasons ("local preference"). */
    public String label() { return label; }

    /** The rule, as a phrase ("higher local preference"), for explanations. */
    public String rule() { return rule; }
}
