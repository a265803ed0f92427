package dev.bgplab.speaker.policy;

import java.util.Objects;

/**
 * Per-neighbor policy options, FRR names in comments. Defaults follow FRR 10: enforce-first-as on,
 * send-community all, no allowas-in. Built with {@link #builder()}; immutable.
 */
public record NeighborPolicy(
        String routeMapIn, String routeMapOut,        // neighbor X route-map NAME in|out
        String prefixListIn, String prefixListOut,    // neighbor X prefix-list NAME in|out
        String filterListIn, String filterListOut,    // neighbor X filter-list NAME in|out (AS-path access list)
        RemovePrivateAs removePrivateAs,              // neighbor X remove-private-AS [all] [replace-AS]
        boolean asOverride,                           // neighbor X as-override
        int allowasIn,                                // neighbor X allowas-in [1-10] (0 = off; bare allowas-in = 3)
        boolean allowasInOrigin,                      // neighbor X allowas-in origin
        Long localAs,                                 // neighbor X local-as ASN
        boolean localAsNoPrepend,                     //   ... no-prepend
        boolean localAsReplaceAs,                     //   ... no-prepend replace-as
        boolean enforceFirstAs,                       // neighbor X enforce-first-as (default on since FRR 10.0)
        boolean routeServerClient,                    // neighbor X route-server-client
        boolean nextHopSelf,                          // neighbor X next-hop-self
        boolean nextHopUnchanged,                     // neighbor X attribute-unchanged next-hop
        boolean asPathUnchanged,                      // neighbor X attribute-unchanged as-path (no eBGP prepend)
        boolean medUnchanged,                         // neighbor X attribute-unchanged med
        boolean solo,                                 // neighbor X solo (never send a peer its own routes back)
        boolean senderAsPathLoopDetection,            // neighbor X sender-as-path-loop-detection
        boolean sendCommunity,                        // neighbor X send-community [standard]
        boolean sendExtendedCommunity,                // neighbor X send-community extended
        boolean sendLargeCommunity,                   // neighbor X send-community large
        boolean defaultOriginate,                     // neighbor X default-originate
        MaximumPrefix maximumPrefix,                  // neighbor X maximum-prefix ...
        Integer weight) {                             // neighbor X weight N

    public static final NeighborPolicy DEFAULTS = builder().build();

    public NeighborPolicy {
        if (removePrivateAs == null) removePrivateAs = RemovePrivateAs.NONE;
        if (allowasIn < 0 || allowasIn > 10) throw new IllegalArgumentException("allowas-in " + allowasIn + " out of range 1..10");
        if (allowasIn > 0 && allowasInOrigin) throw new IllegalArgumentException("allowas-in takes a count or origin, not both");
        if (localAsReplaceAs && !localAsNoPrepend) throw new IllegalArgumentException("local-as replace-as needs no-prepend (local-as ASN no-prepend replace-as)");
    }

    /** FRR bgp_inbound_policy_exists: any of route-map, prefix-list or filter-list in. */
    public boolean hasInboundPolicy() { return routeMapIn != null || prefixListIn != null || filterListIn != null; }

    public boolean hasOutboundPolicy() { return routeMapOut != null || prefixListOut != null || filterListOut != null; }

    /**
     * These options (the policy block's `neighbor X ...` lines) with another set laid over them (a
     * peer's YAML options): every option where {@code over} departs from {@link #DEFAULTS} wins;
     * where it equals the default, this one's value stays. A YAML peer that leaves enforce-first-as on
     * (the default) must not undo `no neighbor X enforce-first-as`, nor one without a route-map
     * clear the lines' route-map. Options set together by one command (local-as with its
     * no-prepend/replace-as, allowas-in with its origin form, the three send-community kinds) are
     * taken together, so the result keeps this record's invariants. Every component is listed here:
     * a new one must be added (NeighborPolicyOverlayTest checks each).
     */
    public NeighborPolicy overlaidWith(NeighborPolicy over) {
        NeighborPolicy d = DEFAULTS;
        Builder b = toBuilder();
        if (!Objects.equals(over.routeMapIn, d.routeMapIn)) b.routeMapIn(over.routeMapIn);
        if (!Objects.equals(over.routeMapOut, d.routeMapOut)) b.routeMapOut(over.routeMapOut);
        if (!Objects.equals(over.prefixListIn, d.prefixListIn)) b.prefixListIn(over.prefixListIn);
        if (!Objects.equals(over.prefixListOut, d.prefixListOut)) b.prefixListOut(over.prefixListOut);
        if (!Objects.equals(over.filterListIn, d.filterListIn)) b.filterListIn(over.filterListIn);
        if (!Objects.equals(over.filterListOut, d.filterListOut)) b.filterListOut(over.filterListOut);
        if (over.removePrivateAs != d.removePrivateAs) b.removePrivateAs(over.removePrivateAs);
        if (over.asOverride != d.asOverride) b.asOverride(over.asOverride);
        if (over.allowasInOrigin != d.allowasInOrigin || over.allowasIn != d.allowasIn) {
            if (over.allowasInOrigin) b.allowasInOrigin();
            else b.allowasIn(over.allowasIn);
        }
        if (!Objects.equals(over.localAs, d.localAs) || over.localAsNoPrepend != d.localAsNoPrepend
                || over.localAsReplaceAs != d.localAsReplaceAs) {
            if (over.localAs == null) b.noLocalAs();
            else b.localAs(over.localAs, over.localAsNoPrepend, over.localAsReplaceAs);
        }
        if (over.enforceFirstAs != d.enforceFirstAs) b.enforceFirstAs(over.enforceFirstAs);
        if (over.routeServerClient != d.routeServerClient) b.routeServerClient(over.routeServerClient);
        if (over.nextHopSelf != d.nextHopSelf) b.nextHopSelf(over.nextHopSelf);
        if (over.nextHopUnchanged != d.nextHopUnchanged) b.nextHopUnchanged(over.nextHopUnchanged);
        if (over.asPathUnchanged != d.asPathUnchanged) b.asPathUnchanged(over.asPathUnchanged);
        if (over.medUnchanged != d.medUnchanged) b.medUnchanged(over.medUnchanged);
        if (over.solo != d.solo) b.solo(over.solo);
        if (over.senderAsPathLoopDetection != d.senderAsPathLoopDetection) b.senderAsPathLoopDetection(over.senderAsPathLoopDetection);
        if (over.sendCommunity != d.sendCommunity || over.sendExtendedCommunity != d.sendExtendedCommunity
                || over.sendLargeCommunity != d.sendLargeCommunity) {
            b.sendCommunity(over.sendCommunity, over.sendExtendedCommunity, over.sendLargeCommunity);
        }
        if (over.defaultOriginate != d.defaultOriginate) b.defaultOriginate(over.defaultOriginate);
        if (!Objects.equals(over.maximumPrefix, d.maximumPrefix)) b.maximumPrefix(over.maximumPrefix);
        if (!Objects.equals(over.weight, d.weight)) b.weight(over.weight);
        return b.build();
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.routeMapIn = routeMapIn; b.routeMapOut = routeMapOut; b.prefixListIn = prefixListIn; b.prefixListOut = prefixListOut;
        b.filterListIn = filterListIn; b.filterListOut = filterListOut; b.removePrivateAs = removePrivateAs; b.asOverride = asOverride;
        b.allowasIn = allowasIn; b.allowasInOrigin = allowasInOrigin; b.localAs = localAs; b.localAsNoPrepend = localAsNoPrepend;
        b.localAsReplaceAs = localAsReplaceAs; b.enforceFirstAs = enforceFirstAs; b.routeServerClient = routeServerClient;
        b.nextHopSelf = nextHopSelf; b.nextHopUnchanged = nextHopUnchanged;
        b.asPathUnchanged = asPathUnchanged; b.medUnchanged = medUnchanged; b.solo = solo; b.senderAsPathLoopDetection = senderAsPathLoopDetection; b.sendCommunity = sendCommunity;
        b.sendExtendedCommunity = sendExtendedCommunity; b.sendLargeCommunity = sendLargeCommunity;
        b.defaultOriginate = defaultOriginate; b.maximumPrefix = maximumPrefix; b.weight = weight;
        return b;
    }

    public static final class Builder {
        private String routeMapIn, routeMapOut, prefixListIn, prefixListOut, filterListIn, filterListOut;
        private RemovePrivateAs removePrivateAs = RemovePrivateAs.NONE;
        private boolean asOverride;
        private int allowasIn;
        private boolean allowasInOrigin;
        private Long localAs;
        private boolean localAsNoPrepend, localAsReplaceAs;
        private boolean enforceFirstAs = true;
        private boolean routeServerClient, nextHopSelf, nextHopUnchanged, asPathUnchanged, medUnchanged, solo, senderAsPathLoopDetection;
        private boolean sendCommunity = true, sendExtendedCommunity = true, sendLargeCommunity = true;
        private boolean defaultOriginate;
        private MaximumPrefix maximumPrefix;
        private Integer weight;

        public Builder routeMapIn(String n) { routeMapIn = n; return this; }
        public Builder routeMapOut(String n) { routeMapOut = n; return this; }
        public Builder prefixListIn(String n) { prefixListIn = n; return this; }
        public Builder prefixListOut(String n) { prefixListOut = n; return this; }
        public Builder filterListIn(String n) { filterListIn = n; return this; }
        public Builder filterListOut(String n) { filterListOut = n; return this; }
        public Builder removePrivateAs(RemovePrivateAs m) { removePrivateAs = m; return this; }
        public Builder asOverride(boolean v) { asOverride = v; return this; }
        public Builder allowasIn(int n) { allowasIn = n; allowasInOrigin = false; return this; }
        public Builder allowasInOrigin() { allowasInOrigin = true; allowasIn = 0; return this; }
        public Builder localAs(long asn, boolean noPrepend, boolean replaceAs) {
            localAs = asn; localAsNoPrepend = noPrepend; localAsReplaceAs = replaceAs; return this;
        }
        public Builder noLocalAs() { localAs = null; localAsNoPrepend = false; localAsReplaceAs = false; return this; }
        public Builder enforceFirstAs(boolean v) { enforceFirstAs = v; return this; }
        public Builder routeServerClient(boolean v) { routeServerClient = v; return this; }
        public Builder nextHopSelf(boolean v) { nextHopSelf = v; return this; }
        public Builder nextHopUnchanged(boolean v) { nextHopUnchanged = v; return this; }
        public Builder asPathUnchanged(boolean v) { asPathUnchanged = v; return this; }
        public Builder medUnchanged(boolean v) { medUnchanged = v; return this; }
        public Builder solo(boolean v) { solo = v; return this; }
        public Builder senderAsPathLoopDetection(boolean v) { senderAsPathLoopDetection = v; return this; }
        public Builder sendCommunity(boolean standard, boolean extended, boolean large) {
            sendCommunity = standard; sendExtendedCommunity = extended; sendLargeCommunity = large; return this;
        }
        public Builder defaultOriginate(boolean v) { defaultOriginate = v; return this; }
        public Builder maximumPrefix(MaximumPrefix m) { maximumPrefix = m; return this; }
        public Builder weight(Integer w) { weight = w; return this; }

        public NeighborPolicy build() {
            return new NeighborPolicy(routeMapIn, routeMapOut, prefixListIn, prefixListOut, filterListIn, filterListOut,
                    removePrivateAs, asOverride, allowasIn, allowasInOrigin, localAs, localAsNoPrepend, localAsReplaceAs,
                    enforceFirstAs, routeServerClient, nextHopSelf, nextHopUnchanged, asPathUnchanged, medUnchanged, solo,
                    senderAsPathLoopDetection, sendCommunity, sendExtendedCommunity,
                    sendLargeCommunity, defaultOriginate, maximumPrefix, weight);
        }
    }
}
