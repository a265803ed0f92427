package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Origin;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bgplab.speaker.policy.Fixtures.ctx;
import static dev.bgplab.speaker.policy.Fixtures.ip;
import static dev.bgplab.speaker.policy.Fixtures.open;
import static dev.bgplab.speaker.policy.Fixtures.path;
import static dev.bgplab.speaker.policy.Fixtures.peer;
import static dev.bgplab.speaker.policy.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

/** Route-map flow and set clauses, run through the import pipeline of an eBGP session from AS 65002 to us (AS 65001). */
class RouteMapTest {

    private static final PeerInfo PEER = peer("10.0.0.2", 65002, 65001);

    private static PolicyResult in(String policy, Route r) {
        return ImportPolicy.apply(r, ctx(PEER, 65001, open("neighbor 10.0.0.2 route-map RM in\n" + policy)));
    }

    private static Route r(String asPath, dev.bgplab.wire.attribute.PathAttribute... extra) {
        return route("10.1.0.0/16", asPath, PEER, extra);
    }

    @Test
    void routeMapWithoutMatchingEntryDeniesImplicitly() {
        PolicyResult res = in("ip prefix-list OTHER seq 5 permit 192.168.0.0/16\nroute-map RM permit 10\n match ip address prefix-list OTHER\n", r("65002"));
        assertThat(res.reason()).isEqualTo(new RejectReason.RouteMapDeny("RM", -1, false));
    }

    @Test
    void denyEntryThatMatchesDenies() {
        PolicyResult res = in("route-map RM deny 10\nroute-map RM permit 20\n", r("65002"));
        assertThat(res.reason()).isEqualTo(new RejectReason.RouteMapDeny("RM", 10, false));
    }

    @Test
    void entryWithoutMatchClausesMatchesEverything() {
        assertThat(in("route-map RM permit 10\n", r("65002")).isAccepted()).isTrue();
    }

    @Test
    void matchClausesAreAnded() {
        String policy = """
                bgp as-path access-list A permit ^65002$
                ip prefix-list P permit 10.1.0.0/16
                route-map RM permit 10
                 match as-path A
                 match ip address prefix-list P
                 match metric 5
                 set local-preference 300
                route-map RM permit 20
                """;
        assertThat(in(policy, r("65002", new MultiExitDisc(5))).route().attributes().localPref()).isEqualTo(300L);
        assertThat(in(policy, r("65002", new MultiExitDisc(6))).route().attributes().localPref()).isNull();
    }

    @Test
    void missingRouteMapDeniesEverything() {
        PolicyResult res = ImportPolicy.apply(r("65002"), ctx(PEER, 65001, open("neighbor 10.0.0.2 route-map NOPE in")));
        assertThat(res.reason()).isEqualTo(new RejectReason.RouteMapDeny("NOPE", -1, true));
    }

    @Test
    void onMatchNextRunsTheFollowingEntriesToo() {
        String policy = """
                route-map RM permit 10
                 set local-preference 200
                 on-match next
                route-map RM permit 20
                 set metric 50
                """;
        PolicyResult res = in(policy, r("65002"));
        assertThat(res.route().attributes().localPref()).isEqualTo(200L);
        assertThat(res.route().attributes().med()).isEqualTo(50L);
    }

    @Test
    void onMatchNextIntoEntriesThatDoNotMatchEndsInDenyAsInFrr() {
        String policy = """
                bgp as-path access-list NEVER permit ^1$
                route-map RM permit 10
                 set local-preference 200
                 on-match next
                route-map RM permit 20
                 match as-path NEVER
                """;
        assertThat(in(policy, r("65002")).reason()).isEqualTo(new RejectReason.RouteMapDeny("RM", -1, false));
    }

    @Test
    void onMatchGotoSkipsToTheFirstEntryAtOrAfterTheTarget() {
        String policy = """
                route-map RM permit 10
                 set local-preference 200
                 on-match goto 30
                route-map RM deny 20
                route-map RM permit 30
                 set metric 7
                """;
        PolicyResult res = in(policy, r("65002"));
        assertThat(res.isAccepted()).isTrue();
        assertThat(res.route().attributes().med()).isEqualTo(7L);
        // a target between entries lands on the next one
        PolicyResult between = in(policy.replace("goto 30", "goto 25"), r("65002"));
        assertThat(between.route().attributes().med()).isEqualTo(7L);
    }

    @Test
    void onMatchGotoPastTheLastEntryPermits() {
        String policy = "route-map RM permit 10\n set local-preference 250\n on-match goto 100\nroute-map RM deny 20\n";
        PolicyResult res = in(policy, r("65002"));
        assertThat(res.isAccepted()).isTrue();
        assertThat(res.route().attributes().localPref()).isEqualTo(250L);
    }

    @Test
    void continueIsOnMatchNext() {
        String policy = "route-map RM permit 10\n set weight 5\n continue\nroute-map RM permit 20\n set metric 9\n";
        PolicyResult res = in(policy, r("65002"));
        assertThat(res.route().weight()).isEqualTo(5);
        assertThat(res.route().attributes().med()).isEqualTo(9L);
    }

    @Test
    void calledMapDenyDeniesTheRoute() {
        String policy = "route-map SUB deny 10\nroute-map RM permit 10\n set local-preference 200\n call SUB\n";
        assertThat(in(policy, r("65002")).reason()).isEqualTo(new RejectReason.RouteMapDeny("SUB", 10, false));
    }

    @Test
    void calledMapPermitKeepsItsSetsAndTheCallerContinues() {
        String policy = "route-map SUB permit 10\n set metric 77\nroute-map RM permit 10\n set local-preference 200\n call SUB\n";
        PolicyResult res = in(policy, r("65002"));
        assertThat(res.route().attributes().localPref()).isEqualTo(200L);
        assertThat(res.route().attributes().med()).isEqualTo(77L);
    }

    @Test
    void callToAMissingMapIsSkipped() {
        assertThat(in("route-map RM permit 10\n call GHOST\n", r("65002")).isAccepted()).isTrue();
    }

    @Test
    void callLoopsStopAtTheRecursionLimitAndDeny() {
        String policy = "route-map RM permit 10\n call RM\n";
        assertThat(in(policy, r("65002")).isAccepted()).isFalse();
    }

    @Test
    void metricPlusAndMinusFloorAtZeroAndCapAt32Bits() {
        assertThat(in("route-map RM permit 10\n set metric +10\n", r("65002", new MultiExitDisc(5))).route().attributes().med()).isEqualTo(15L);
        assertThat(in("route-map RM permit 10\n set metric -10\n", r("65002", new MultiExitDisc(5))).route().attributes().med()).isZero();
        assertThat(in("route-map RM permit 10\n set metric +10\n", r("65002", new MultiExitDisc(4294967290L))).route().attributes().med())
                .isEqualTo(4294967295L);
        assertThat(in("route-map RM permit 10\n set metric +10\n", r("65002")).route().attributes().med()).isEqualTo(10L);
    }

    @Test
    void localPreferenceAddAndSubtract() {
        assertThat(in("route-map RM permit 10\n set local-preference +50\n", r("65002", new LocalPref(100))).route().attributes().localPref()).isEqualTo(150L);
        assertThat(in("route-map RM permit 10\n set local-preference -150\n", r("65002", new LocalPref(100))).route().attributes().localPref()).isZero();
        // without LOCAL_PREF the default (100) is the starting point, as in FRR 9+
        assertThat(in("route-map RM permit 10\n set local-preference +50\n", r("65002")).route().attributes().localPref()).isEqualTo(150L);
    }

    @Test
    void setOriginAndWeight() {
        PolicyResult res = in("route-map RM permit 10\n set origin incomplete\n set weight 200\n", r("65002"));
        assertThat(res.route().attributes().origin()).isEqualTo(Origin.INCOMPLETE);
        assertThat(res.route().weight()).isEqualTo(200);
    }

    @Test
    void setCommunityReplacesAddsAndClears() {
        Communities has = new Communities(List.of(Community.parse("65000:9")));
        assertThat(in("route-map RM permit 10\n set community 65000:2 65000:1\n", r("65002", has)).route().attributes().communities())
                .containsExactly(Community.parse("65000:1"), Community.parse("65000:2"));
        assertThat(in("route-map RM permit 10\n set community 65000:1 additive\n", r("65002", has)).route().attributes().communities())
                .containsExactly(Community.parse("65000:1"), Community.parse("65000:9"));
        assertThat(in("route-map RM permit 10\n set community none\n", r("65002", has)).route().attributes().communities()).isEmpty();
    }

    @Test
    void commListDeleteRemovesListedCommunitiesAndDropsAnEmptyAttribute() {
        String policy = "bgp community-list standard DEL permit 65000:9\nroute-map RM permit 10\n set comm-list DEL delete\n";
        PolicyResult res = in(policy, r("65002", new Communities(List.of(Community.parse("65000:9")))));
        assertThat(res.route().attributes().has(dev.bgplab.wire.attribute.PathAttribute.COMMUNITIES)).isFalse();
    }

    @Test
    void largeCommunitySetAdditiveNoneAndDelete() {
        var has = new dev.bgplab.wire.attribute.LargeCommunities(List.of(LargeCommunity.parse("65000:0:9")));
        assertThat(in("route-map RM permit 10\n set large-community 65000:0:1 additive\n", r("65002", has)).route().attributes().largeCommunities())
                .containsExactly(LargeCommunity.parse("65000:0:1"), LargeCommunity.parse("65000:0:9"));
        assertThat(in("route-map RM permit 10\n set large-community none\n", r("65002", has)).route().attributes().largeCommunities()).isEmpty();
        assertThat(in("bgp large-community-list standard LD permit 65000:0:9\nroute-map RM permit 10\n set large-comm-list LD delete\n",
                r("65002", has)).route().attributes().largeCommunities()).isEmpty();
    }

    @Test
    void extCommunityRtIsAdded() {
        var res = in("route-map RM permit 10\n set extcommunity rt 65000:100\n", r("65002"));
        assertThat(res.route().attributes().extendedCommunities()).containsExactly(ExtendedCommunity.parse("RT:65000:100"));
    }

    @Test
    void matchCommunityAndExactMatch() {
        String policy = "bgp community-list standard C permit 65000:1\nroute-map RM permit 10\n match community C exact-match\n";
        assertThat(in(policy, r("65002", new Communities(List.of(Community.parse("65000:1"))))).isAccepted()).isTrue();
        assertThat(in(policy, r("65002", new Communities(List.of(Community.parse("65000:1"), Community.parse("65000:2"))))).isAccepted()).isFalse();
    }

    @Test
    void matchNextHopPeerAndOrigin() {
        String policy = """
                ip prefix-list NH permit 10.0.0.0/24
                route-map RM permit 10
                 match ip next-hop prefix-list NH
                 match peer 10.0.0.2
                 match origin igp
                """;
        assertThat(in(policy, r("65002")).isAccepted()).isTrue();
        assertThat(in(policy.replace("match origin igp", "match origin egp"), r("65002")).isAccepted()).isFalse();
        assertThat(in("route-map RM permit 10\n match ip next-hop address 10.0.0.2\n", r("65002")).isAccepted()).isTrue();
    }

    @Test
    void matchLocalPreferenceTreatsAbsentAsTheDefault() {
        assertThat(in("route-map RM permit 10\n match local-preference 100\n", r("65002")).isAccepted()).isTrue();
    }

    @Test
    void nextHopPeerAddressInboundIsThePeerAndUnchangedKeepsIt() {
        PolicyResult res = in("route-map RM permit 10\n set ip next-hop 10.9.9.9\n", r("65002"));
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.9.9.9"));
        PolicyResult back = in("route-map RM permit 10\n set ip next-hop 10.9.9.9\n on-match next\nroute-map RM permit 20\n set ip next-hop peer-address\n", r("65002"));
        assertThat(back.route().attributes().nextHop().address()).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void asPathSetClausesApplyInOrder() {
        PolicyResult res = in("route-map RM permit 10\n set as-path exclude 65520 65515\n set as-path prepend 65010 65010\n",
                r("65002 65520 65515 65003"));
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65010 65010 65002 65003"));
    }

    @Test
    void asPathReplaceDefaultsToOurAsnOnTheSession() {
        PolicyResult res = in("route-map RM permit 10\n set as-path replace 65515\n", r("65002 65515 65003"));
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002 65001 65003"));
        PolicyResult withLocalAs = ImportPolicy.apply(r("65002 65515"), ctx(PEER, 65001,
                open("neighbor 10.0.0.2 route-map RM in\nneighbor 10.0.0.2 local-as 64999 no-prepend\nroute-map RM permit 10\n set as-path replace 65515\n")));
        assertThat(withLocalAs.route().attributes().asPath()).isEqualTo(path("65002 64999"));
    }

    @Test
    void asPathReplaceIsIgnoredOnIbgpAsInFrr() {
        PeerInfo ibgp = peer("10.0.0.3", 65001, 65001);
        PolicyResult res = ImportPolicy.apply(route("10.1.0.0/16", "65515 65003", ibgp),
                ctx(ibgp, 65001, open("neighbor 10.0.0.3 route-map RM in\nroute-map RM permit 10\n set as-path replace 65515 65010\n")));
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65515 65003"));
    }

    @Test
    void asPathExcludeByAccessList() {
        String policy = "bgp as-path access-list AZ seq 5 permit ^655(15|20)$\nroute-map RM permit 10\n set as-path exclude as-path-access-list AZ\n";
        assertThat(in(policy, r("65002 65520 65515 65003")).route().attributes().asPath()).isEqualTo(path("65002 65003"));
    }

    @Test
    void asPathPrependLastAs() {
        assertThat(in("route-map RM permit 10\n set as-path prepend last-as 2\n", r("65002 65003")).route().attributes().asPath())
                .isEqualTo(path("65002 65002 65002 65003"));
    }

    @Test
    void traceRecordsEachSetAndTheEntry() {
        PolicyResult res = in("route-map RM permit 10\n set as-path exclude 65520\n set local-preference 200\n", r("65002 65520"));
        assertThat(res.trace().steps()).extracting(PolicyTrace.TraceStep::name).contains(
                "route-map RM entry 10: set as-path exclude 65520", "route-map RM entry 10: set local-preference 200", "route-map RM entry 10 permit");
        PolicyTrace.TraceStep entry = res.trace().steps().stream().filter(s -> s.kind() == PolicyTrace.StepKind.ROUTE_MAP_ENTRY).findFirst().orElseThrow();
        assertThat(entry.before()).isEqualTo(path("65002 65520"));
        assertThat(entry.after()).isEqualTo(path("65002"));
        assertThat(entry.changes()).containsExactly("local-preference set to 200");
    }
}
