package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import org.junit.jupiter.api.Test;

import static dev.bgplab.speaker.policy.Fixtures.config;
import static dev.bgplab.speaker.policy.Fixtures.ctx;
import static dev.bgplab.speaker.policy.Fixtures.open;
import static dev.bgplab.speaker.policy.Fixtures.path;
import static dev.bgplab.speaker.policy.Fixtures.peer;
import static dev.bgplab.speaker.policy.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

class ImportPolicyTest {

    /** We are an SD-WAN NVA in AS 65001; the Route Server (65515) peers with us. */
    private static final PeerInfo RS = peer("10.0.0.4", 65515, 65001);
    private static final PeerInfo NVA = peer("10.0.1.4", 65002, 65515);

    private static PolicyResult in(PeerInfo from, long routerAsn, String policy, String asPath) {
        Route r = route("10.2.0.0/16", asPath, from);
        return ImportPolicy.apply(r, ctx(from, routerAsn, open(policy)));
    }

    @Test
    void rfc4271Section9_1_2DropsRouteWhoseAsPathHoldsOwnAsn() {
        PolicyResult res = in(NVA, 65515, "", "65002 65515");
        assertThat(res.reason()).isEqualTo(new RejectReason.Loop(65515, 1, 0, false));
    }

    @Test
    void acceptsRouteWithoutOwnAsn() {
        assertThat(in(NVA, 65515, "", "65002 65003").isAccepted()).isTrue();
    }

    @Test
    void allowasInToleratesUpToNOccurrences() {
        assertThat(in(NVA, 65515, "neighbor 10.0.1.4 allowas-in 2", "65002 65515 65515").isAccepted()).isTrue();
        assertThat(in(NVA, 65515, "neighbor 10.0.1.4 allowas-in 2", "65002 65515 65515 65515").reason())
                .isEqualTo(new RejectReason.Loop(65515, 3, 2, false));
    }

    @Test
    void bareAllowasInMeansThree() {
        assertThat(config("neighbor 10.0.1.4 allowas-in").neighbors().get("10.0.1.4").allowasIn()).isEqualTo(3);
    }

    @Test
    void allowasInOriginAcceptsOnlyWhenWeAreTheOrigin() {
        assertThat(in(NVA, 65515, "neighbor 10.0.1.4 allowas-in origin", "65002 65515").isAccepted()).isTrue();
        assertThat(in(NVA, 65515, "neighbor 10.0.1.4 allowas-in origin", "65002 65515 65003").reason())
                .isEqualTo(new RejectReason.Loop(65515, 1, 0, false));
    }

    @Test
    void loopCheckCountsOccurrencesInsideAsSets() {
        assertThat(in(NVA, 65515, "", "65002 {65003 65515}").reason()).isInstanceOf(RejectReason.Loop.class);
    }

    @Test
    void sdwanInboundRouteMapExcludesTheAzureAsns() {
        // The NVA (65001) receives the remote hub's route from its Route Server peer; 65515 is the peer, not us.
        String policy = "neighbor 10.0.0.4 route-map SDWAN-IN in\nroute-map SDWAN-IN permit 10\n set as-path exclude 65520 65515\n";
        PolicyResult res = in(RS, 65001, policy, "65515 65520 65520 65002");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002"));
        assertThat(Explain.trace(res.trace())).contains(
                "route-map SDWAN-IN entry 10 permitted it and changed the AS path from '65515 65520 65520 65002' to '65002' (set as-path exclude 65520 65515).");
    }

    @Test
    void enforceFirstAsDropsRoutesNotLedByThePeer() {
        assertThat(in(NVA, 65515, "", "65003 65002").reason()).isEqualTo(new RejectReason.EnforceFirstAs(65002, 65003));
        assertThat(in(NVA, 65515, "", "").reason()).isEqualTo(new RejectReason.EnforceFirstAs(65002, -1));
        assertThat(in(NVA, 65515, "", "{65002 65003}").reason()).isEqualTo(new RejectReason.EnforceFirstAs(65002, -1));
    }

    @Test
    void enforceFirstAsCanBeTurnedOff() {
        assertThat(in(NVA, 65515, "no neighbor 10.0.1.4 enforce-first-as", "65003 65002").isAccepted()).isTrue();
    }

    @Test
    void enforceFirstAsDoesNotApplyToIbgp() {
        PeerInfo ibgp = peer("10.0.0.9", 65001, 65001);
        assertThat(in(ibgp, 65001, "", "65003").isAccepted()).isTrue();
    }

    @Test
    void localAsIsPrependedOnReceiptAndToleratedOnce() {
        PeerInfo p = peer("10.0.1.4", 65002, 64999);
        PolicyResult res = in(p, 65001, "neighbor 10.0.1.4 local-as 64999", "65002");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("64999 65002"));
        assertThat(in(p, 65001, "neighbor 10.0.1.4 local-as 64999", "65002 64999").reason())
                .isEqualTo(new RejectReason.Loop(64999, 2, 1, true));
    }

    @Test
    void localAsNoPrependLeavesThePathAndToleratesNone() {
        PeerInfo p = peer("10.0.1.4", 65002, 64999);
        assertThat(in(p, 65001, "neighbor 10.0.1.4 local-as 64999 no-prepend", "65002").route().attributes().asPath()).isEqualTo(path("65002"));
        assertThat(in(p, 65001, "neighbor 10.0.1.4 local-as 64999 no-prepend", "65002 64999").reason())
                .isEqualTo(new RejectReason.Loop(64999, 1, 0, true));
    }

    @Test
    void localAsLoopCheckUsesAllowasInWhenSet() {
        PeerInfo p = peer("10.0.1.4", 65002, 64999);
        assertThat(in(p, 65001, "neighbor 10.0.1.4 local-as 64999 no-prepend\nneighbor 10.0.1.4 allowas-in 1", "65002 64999").isAccepted()).isTrue();
    }

    @Test
    void loopCheckAlsoAppliesToTheRoutersRealAsnWithLocalAs() {
        PeerInfo p = peer("10.0.1.4", 65002, 64999);
        assertThat(in(p, 65001, "neighbor 10.0.1.4 local-as 64999", "65002 65001").reason()).isEqualTo(new RejectReason.Loop(65001, 1, 0, false));
    }

    @Test
    void rfc8212EbgpWithoutInboundPolicyAcceptsNothingByDefault() {
        Route r = route("10.2.0.0/16", "65002", NVA);
        PolicyResult res = ImportPolicy.apply(r, ctx(NVA, 65515, PolicyConfig.EMPTY));
        assertThat(res.reason()).isEqualTo(new RejectReason.Rfc8212NoPolicy(Direction.IN));
    }

    @Test
    void rfc8212EbgpRequiresPolicyIsSatisfiedByAnyInboundPolicy() {
        Route r = route("10.2.0.0/16", "65002", NVA);
        PolicyConfig cfg = config("ip prefix-list ALL permit 0.0.0.0/0 le 32\nneighbor 10.0.1.4 prefix-list ALL in");
        assertThat(ImportPolicy.apply(r, ctx(NVA, 65515, cfg)).isAccepted()).isTrue();
    }

    @Test
    void rfc8212DoesNotApplyToIbgp() {
        PeerInfo ibgp = peer("10.0.0.9", 65001, 65001);
        assertThat(ImportPolicy.apply(route("10.2.0.0/16", "", ibgp), ctx(ibgp, 65001, PolicyConfig.EMPTY)).isAccepted()).isTrue();
    }

    @Test
    void prefixListInFiltersAndAMissingListDenies() {
        assertThat(in(NVA, 65515, "ip prefix-list PL seq 5 deny 10.2.0.0/16\nneighbor 10.0.1.4 prefix-list PL in", "65002").reason())
                .isEqualTo(new RejectReason.PrefixListDeny("PL", 5, false));
        assertThat(in(NVA, 65515, "neighbor 10.0.1.4 prefix-list GHOST in", "65002").reason())
                .isEqualTo(new RejectReason.PrefixListDeny("GHOST", -1, true));
    }

    @Test
    void filterListInUsesTheAsPathAccessList() {
        String policy = "bgp as-path access-list NO-AZ deny _65515_\nbgp as-path access-list NO-AZ permit .*\nneighbor 10.0.1.4 filter-list NO-AZ in";
        assertThat(in(NVA, 65010, policy, "65002 65515").reason()).isEqualTo(new RejectReason.FilterListDeny("NO-AZ", 5, false));
        assertThat(in(NVA, 65010, policy, "65002").isAccepted()).isTrue();
    }

    @Test
    void neighborWeightIsAppliedBeforeTheRouteMap() {
        PolicyResult res = in(NVA, 65010, "neighbor 10.0.1.4 weight 100", "65002");
        assertThat(res.route().weight()).isEqualTo(100);
        PolicyResult overridden = in(NVA, 65010, "neighbor 10.0.1.4 weight 100\nneighbor 10.0.1.4 route-map W in\nroute-map W permit 10\n set weight 7\n", "65002");
        assertThat(overridden.route().weight()).isEqualTo(7);
    }

    @Test
    void loopIsCheckedBeforeTheInboundRouteMapCanExcludeOurAsn() {
        // FRR order: the loop check runs before route-map in, so excluding our own ASN inbound cannot save the route.
        String policy = "neighbor 10.0.1.4 route-map X in\nroute-map X permit 10\n set as-path exclude 65515\n";
        assertThat(in(NVA, 65515, policy, "65002 65515").reason()).isInstanceOf(RejectReason.Loop.class);
    }
}
