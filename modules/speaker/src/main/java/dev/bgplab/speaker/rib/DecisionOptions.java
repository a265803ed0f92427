package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.LocalPref;

/**
 * Knobs of the decision process, named after FRR's "bgp bestpath ..." and "maximum-paths"
 * commands. An immutable value: a change means building a new one and re-running the decision
 * for every prefix ({@link Rib#setOptions}), which happens on the speaker's event loop.
 *
 * @param maximumPathsEbgp      ECMP width when the best route is eBGP ("maximum-paths"); 1 disables ECMP
 * @param maximumPathsIbgp      ECMP width when the best route is iBGP or local ("maximum-paths ibgp")
 * @param asPathMultipathRelax  "bgp bestpath as-path multipath-relax": ECMP across different neighbour ASes
 * @param compareRouterId       "bgp bestpath compare-routerid"; when false the currently selected eBGP
 *                              route wins before router-id (FRR's default). True here by default so the
 *                              result does not depend on arrival order.
 * @param alwaysCompareMed      "bgp always-compare-med": MED between routes from any neighbour AS
 * @param missingMedAsWorst     "bgp bestpath med missing-as-worst": absent MED is 4294967295, not 0
 * @param ignoreAsPathLength    "bgp bestpath as-path ignore"
 * @param defaultLocalPref      "bgp default local-preference": LOCAL_PREF assumed when absent
 */
public record DecisionOptions(int maximumPathsEbgp, int maximumPathsIbgp, boolean asPathMultipathRelax,
                              boolean compareRouterId, boolean alwaysCompareMed, boolean missingMedAsWorst,
                              boolean ignoreAsPathLength, long defaultLocalPref) {

    /**
     * FRR's defaults except for compare-routerid (see above). maximum-paths defaults to 64 like an
     * FRR built with MULTIPATH_NUM=64.
     */
    public static final DecisionOptions DEFAULT =
            new DecisionOptions(64, 64, false, true, false, false, false, LocalPref.DEFAULT);

    public DecisionOptions {
        if (maximumPathsEbgp < 1 || maximumPathsIbgp < 1) {
            throw new IllegalArgumentException("maximum-paths must be at least 1 (got ebgp " + maximumPathsEbgp
                    + ", ibgp " + maximumPathsIbgp + ")");
        }
        if (defaultLocalPref < 0 || defaultLocalPref > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("default local-preference must be 0..4294967295 (got " + defaultLocalPref + ")");
        }
    }

    public DecisionOptions withMaximumPaths(int ebgp, int ibgp) {
        return new DecisionOptions(ebgp, ibgp, asPathMultipathRelax, compareRouterId, alwaysCompareMed,
                missingMedAsWorst, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withAsPathMultipathRelax(boolean v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, v, compareRouterId, alwaysCompareMed,
                missingMedAsWorst, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withCompareRouterId(boolean v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, asPathMultipathRelax, v, alwaysCompareMed,
                missingMedAsWorst, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withAlwaysCompareMed(boolean v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, asPathMultipathRelax, compareRouterId, v,
                missingMedAsWorst, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withMissingMedAsWorst(boolean v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, asPathMultipathRelax, compareRouterId,
                alwaysCompareMed, v, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withIgnoreAsPathLength(boolean v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, asPathMultipathRelax, compareRouterId,
                alwaysCompareMed, missingMedAsWorst, v, defaultLocalPref);
    }

    public DecisionOptions withDefaultLocalPref(long v) {
        return new DecisionOptions(maximumPathsEbgp, maximumPathsIbgp, asPathMultipathRelax, compareRouterId,
                alwaysCompareMed, missingMedAsWorst, ignoreAsPathLength, v);
    }
}
