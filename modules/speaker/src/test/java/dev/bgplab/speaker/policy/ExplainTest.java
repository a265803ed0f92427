package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import org.junit.jupiter.api.Test;

import static dev.bgplab.speaker.policy.Fixtures.ctx;
import static dev.bgplab.speaker.policy.Fixtures.open;
import static dev.bgplab.speaker.policy.Fixtures.path;
import static dev.bgplab.speaker.policy.Fixtures.peer;
import static dev.bgplab.speaker.policy.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

class ExplainTest {

    @Test
    void loopDropReadsAsASentence() {
        assertThat(Explain.reason(new RejectReason.Loop(65515, 1, 0, false), path("65001 65515")))
                .isEqualTo("Dropped: AS path 65001 65515 holds our own AS 65515 (loop prevention, RFC 4271 9.1.2); allowas-in is not set.");
    }

    @Test
    void loopDropWithAllowasInSaysHowManyAreTolerated() {
        assertThat(Explain.reason(new RejectReason.Loop(65515, 3, 2, false), path("65001 65515 65515 65515")))
                .isEqualTo("Dropped: AS path 65001 65515 65515 65515 holds our own AS 65515 3 times (loop prevention, RFC 4271 9.1.2); "
                        + "allowas-in tolerates only 2.");
    }

    @Test
    void resultOfARejectedImportEndsWithTheReason() {
        PeerInfo nva = peer("10.0.1.4", 65001, 65515);
        PolicyResult r = ImportPolicy.apply(route("10.2.0.0/16", "65001 65515", nva), ctx(nva, 65515, open("")));
        assertThat(Explain.result(r)).last().isEqualTo(
                "Dropped: AS path 65001 65515 holds our own AS 65515 (loop prevention, RFC 4271 9.1.2); allowas-in is not set.");
    }

    @Test
    void routeMapEntryThatChangedThePathNamesTheClause() {
        PeerInfo rs = peer("10.0.0.4", 65515, 65001);
        PolicyResult r = ImportPolicy.apply(route("10.2.0.0/16", "65515 65520 65520 65002", rs), ctx(rs, 65001,
                open("neighbor 10.0.0.4 route-map SDWAN-IN in\nroute-map SDWAN-IN permit 10\n set as-path exclude 65520 65515\n")));
        assertThat(Explain.result(r)).containsExactly(
                "route-map SDWAN-IN entry 10 permitted it and changed the AS path from '65515 65520 65520 65002' to '65002' (set as-path exclude 65520 65515).",
                "Accepted with AS path '65002'.");
    }

    @Test
    void everyReasonHasASentence() {
        assertThat(Explain.reason(new RejectReason.RouteMapDeny("RM", -1, true), null)).contains("does not exist");
        assertThat(Explain.reason(new RejectReason.RouteMapDeny("RM", 20, false), null)).isEqualTo("Dropped: route-map RM entry 20 denied it.");
        assertThat(Explain.reason(new RejectReason.RouteMapDeny("RM", -1, false), null)).contains("implicit deny");
        assertThat(Explain.reason(new RejectReason.Rfc8212NoPolicy(Direction.IN), null)).contains("no bgp ebgp-requires-policy");
        assertThat(Explain.reason(new RejectReason.EnforceFirstAs(65002, 65003), path("65003"))).contains("must start with the peer's AS 65002 but starts with 65003");
        assertThat(Explain.reason(new RejectReason.PrefixListDeny("PL", 5, false), null)).isEqualTo("Dropped: prefix-list PL seq 5 denied it.");
        assertThat(Explain.reason(new RejectReason.FilterListDeny("F", -1, false), path(""))).contains("(empty)");
        assertThat(Explain.reason(new RejectReason.MaxPrefix(1000, 1001), null)).contains("Maximum Number of Prefixes");
        assertThat(Explain.reason(new RejectReason.WellKnownCommunity(dev.bgplab.wire.attribute.Community.NO_ADVERTISE), null)).contains("any peer");
        assertThat(Explain.reason(new RejectReason.SenderIsTarget(), null)).contains("back");
        assertThat(Explain.reason(new RejectReason.IbgpToIbgp(), null)).contains("iBGP");
        assertThat(Explain.reason(new RejectReason.DefaultOriginateReplacesTableDefault(), null)).contains("default-originate");
    }

    @Test
    void permittingListsAppearInTheExplanation() {
        PeerInfo nva = peer("10.0.1.4", 65002, 65001);
        PolicyResult r = ImportPolicy.apply(route("10.2.0.0/16", "65002", nva), ctx(nva, 65001,
                open("ip prefix-list PL seq 5 permit 10.0.0.0/8 le 16\nneighbor 10.0.1.4 prefix-list PL in\n")));
        assertThat(Explain.result(r)).containsExactly("Prefix-list PL in seq 5 permitted it.", "Accepted with AS path '65002'.");
    }
}
