package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bgplab.speaker.policy.Fixtures.ctx;
import static dev.bgplab.speaker.policy.Fixtures.ip;
import static dev.bgplab.speaker.policy.Fixtures.local;
import static dev.bgplab.speaker.policy.Fixtures.open;
import static dev.bgplab.speaker.policy.Fixtures.path;
import static dev.bgplab.speaker.policy.Fixtures.peer;
import static dev.bgplab.speaker.policy.Fixtures.route;
import static dev.bgplab.speaker.policy.Fixtures.rsClient;
import static org.assertj.core.api.Assertions.assertThat;

/** We are AS 65001, our session address 10.255.0.1. */
class ExportPolicyTest {

    private static final PeerInfo FROM_EBGP = peer("10.0.0.2", 65002, 65001);
    private static final PeerInfo FROM_IBGP = peer("10.0.0.3", 65001, 65001);
    private static final PeerInfo TO_EBGP = peer("10.0.9.9", 65009, 65001);
    private static final PeerInfo TO_IBGP = peer("10.0.0.8", 65001, 65001);

    private static PolicyResult out(Route r, PeerInfo to, String policy) {
        return ExportPolicy.apply(r, ctx(to, 65001, open(policy)));
    }

    @Test
    void rfc4271Section5_1_2And5_1_3EbgpExportPrependsOurAsnAndSetsNextHopSelf() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_EBGP, "");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001 65002"));
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.255.0.1"));
    }

    @Test
    void rfc4271Section5_1_3EbgpExportKeepsAThirdPartyNextHopOnTheSharedSubnet() {
        Route r = route("10.2.0.0/16", "65002", FROM_EBGP);
        PeerContext c = new PeerContext(TO_EBGP, 65001, ip("10.0.0.1"), Prefix.parse("10.0.0.0/24"), open(""));
        assertThat(ExportPolicy.apply(r, c).route().attributes().nextHop().address()).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void rfc4271Section5_1_3TheSharedSubnetOfARunningSessionIsTheInterfaceSubnetHoldingBothEnds() {
        // lo holds 127.0.0.1/8: a peer at 127.0.0.5 is on it, 192.0.2.1 is not
        assertThat(PeerContext.sharedSubnet(ip("127.0.0.1"), ip("127.0.0.5"))).isEqualTo(Prefix.parse("127.0.0.0/8"));
        assertThat(PeerContext.sharedSubnet(ip("127.0.0.1"), ip("192.0.2.1"))).isNull();
        PeerInfo onLink = peer("127.0.0.5", 65009, 65001);
        assertThat(PeerContext.of(onLink, 65001, ip("10.0.0.1"), ip("127.0.0.1"), 0, open("")).sharedSubnet())
                .isEqualTo(Prefix.parse("127.0.0.0/8"));
        // RFC 4271 5.1.3 applies to a peer one IP hop away only: none with ebgp-multihop
        assertThat(PeerContext.of(onLink, 65001, ip("10.0.0.1"), ip("127.0.0.1"), 2, open("")).sharedSubnet()).isNull();
    }

    @Test
    void rfc4271Section5_1_4And5_1_5EbgpExportStripsLocalPrefAndForeignMed() {
        Route r = route("10.2.0.0/16", "65003", FROM_IBGP, new LocalPref(200), new MultiExitDisc(50));
        PolicyResult res = out(r, TO_EBGP, "");
        assertThat(res.route().attributes().localPref()).isNull();
        assertThat(res.route().attributes().med()).isNull();
    }

    @Test
    void rfc4271Section5_1_4EbgpExportKeepsTheMedOfOurOwnRoutes() {
        Route r = route("10.9.0.0/16", "", local(65001), new MultiExitDisc(50));
        PolicyResult res = out(r, TO_EBGP, "");
        assertThat(res.route().attributes().med()).isEqualTo(50L);
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001"));
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.255.0.1"));
    }

    @Test
    void routeMapOutCanSetTheMedAfterTheDefaultRemovedIt() {
        Route r = route("10.2.0.0/16", "65002", FROM_EBGP, new MultiExitDisc(50));
        PolicyResult res = out(r, TO_EBGP, "neighbor 10.0.9.9 route-map OUT out\nroute-map OUT permit 10\n set metric 10\n");
        assertThat(res.route().attributes().med()).isEqualTo(10L);
    }

    @Test
    void rfc4271Section5_1_2And5_1_5IbgpExportDoesNotPrependAndSetsDefaultLocalPref() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_IBGP, "");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002"));
        assertThat(res.route().attributes().localPref()).isEqualTo(100L);
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void ibgpExportWithNextHopSelf() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_IBGP, "neighbor 10.0.0.8 next-hop-self");
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.255.0.1"));
    }

    @Test
    void rfc4271Section9_2IbgpLearnedRoutesAreNotSentToIbgpPeers() {
        assertThat(out(route("10.2.0.0/16", "65003", FROM_IBGP), TO_IBGP, "").reason()).isEqualTo(new RejectReason.IbgpToIbgp());
    }

    @Test
    void routesNeverGoBackToTheirSenderWithOrWithoutSolo() {
        assertThat(out(route("10.2.0.0/16", "65002", FROM_EBGP), FROM_EBGP, "").reason()).isEqualTo(new RejectReason.SenderIsTarget());
        assertThat(out(route("10.2.0.0/16", "65002", FROM_EBGP), FROM_EBGP, "neighbor 10.0.0.2 solo").reason())
                .isEqualTo(new RejectReason.SenderIsTarget());
        assertThat(out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_EBGP, "").route().attributes().asPath()).isEqualTo(path("65001 65002"));
    }

    @Test
    void senderAsPathLoopDetectionKeepsRoutesFromPeersInThePath() {
        assertThat(out(route("10.2.0.0/16", "65002 65009", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 sender-as-path-loop-detection").reason())
                .isEqualTo(new RejectReason.SenderAsPathLoop(65009));
    }

    @Test
    void attributeUnchangedAsPathAndMed() {
        Route r = route("10.2.0.0/16", "65002", FROM_EBGP, new MultiExitDisc(30));
        PolicyResult res = out(r, TO_EBGP, "neighbor 10.0.9.9 attribute-unchanged as-path med");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002"));
        assertThat(res.route().attributes().med()).isEqualTo(30L);
        // an empty path is still prepended (FRR: unchanged applies only to a non-empty path)
        assertThat(out(route("10.9.0.0/16", "", local(65001)), TO_EBGP, "neighbor 10.0.9.9 attribute-unchanged as-path")
                .route().attributes().asPath()).isEqualTo(path("65001"));
    }

    @Test
    void rfc1997NoAdvertiseAndNoExportAreHonoured() {
        Route noAdv = route("10.2.0.0/16", "65002", FROM_EBGP, new Communities(List.of(Community.NO_ADVERTISE)));
        assertThat(out(noAdv, TO_IBGP, "").reason()).isEqualTo(new RejectReason.WellKnownCommunity(Community.NO_ADVERTISE));
        Route noExp = route("10.2.0.0/16", "65002", FROM_EBGP, new Communities(List.of(Community.NO_EXPORT)));
        assertThat(out(noExp, TO_EBGP, "").reason()).isEqualTo(new RejectReason.WellKnownCommunity(Community.NO_EXPORT));
        assertThat(out(noExp, TO_IBGP, "").isAccepted()).isTrue();
    }

    @Test
    void rfc8212EbgpWithoutOutboundPolicySendsNothingByDefault() {
        Route r = route("10.2.0.0/16", "65002", FROM_EBGP);
        assertThat(ExportPolicy.apply(r, ctx(TO_EBGP, 65001, PolicyConfig.EMPTY)).reason()).isEqualTo(new RejectReason.Rfc8212NoPolicy(Direction.OUT));
        assertThat(ExportPolicy.apply(r, ctx(TO_IBGP, 65001, PolicyConfig.EMPTY)).isAccepted()).isTrue();
    }

    @Test
    void missingOutboundRouteMapDenies() {
        assertThat(out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 route-map GONE out").reason())
                .isEqualTo(new RejectReason.RouteMapDeny("GONE", -1, true));
    }

    @Test
    void localAsOutboundPrependsLocalAsThenRealAsn() {
        PeerInfo to = peer("10.0.9.9", 65009, 64999);
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), to, "neighbor 10.0.9.9 local-as 64999");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("64999 65001 65002"));
    }

    @Test
    void localAsNoPrependStillPrependsBothOutbound() {
        PeerInfo to = peer("10.0.9.9", 65009, 64999);
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), to, "neighbor 10.0.9.9 local-as 64999 no-prepend");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("64999 65001 65002"));
    }

    @Test
    void localAsReplaceAsPrependsOnlyTheLocalAs() {
        PeerInfo to = peer("10.0.9.9", 65009, 64999);
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), to, "neighbor 10.0.9.9 local-as 64999 no-prepend replace-as");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("64999 65002"));
    }

    @Test
    void removePrivateAsRunsBeforeOurPrepend() {
        PolicyResult res = out(route("10.2.0.0/16", "64512 3356", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 remove-private-AS all");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001 3356"));
        PolicyResult plain = out(route("10.2.0.0/16", "64512 3356", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 remove-private-AS");
        assertThat(plain.route().attributes().asPath()).isEqualTo(path("65001 64512 3356"));
        PolicyResult allPrivate = out(route("10.2.0.0/16", "64512 64513", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 remove-private-AS replace-AS");
        assertThat(allPrivate.route().attributes().asPath()).isEqualTo(path("65001 65001 65001"));
    }

    @Test
    void removePrivateAsRunsAfterTheOutboundRouteMapAsInFrr91SoAPrependedPrivateAsnIsRemoved() {
        PolicyResult res = out(route("10.2.0.0/16", "3356", FROM_EBGP), TO_EBGP,
                "neighbor 10.0.9.9 remove-private-AS all\nneighbor 10.0.9.9 route-map OUT out\nroute-map OUT permit 10\n set as-path prepend 64512\n");
        // FRR 8.4 strips private ASNs before the route-map and would send 65001 64512 3356.
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001 3356"));
    }

    @Test
    void rfc7300RemovePrivateAsAllKeepsReservedAs65535() {
        PolicyResult res = out(route("10.2.0.0/16", "65535 64512 3356", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 remove-private-AS all");
        // FRR 8.4 strips 65535 too and would send 65001 3356.
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001 65535 3356"));
    }

    @Test
    void asOverrideReplacesTheTargetPeersAsn() {
        PeerInfo ce = peer("10.0.9.9", 65100, 65001);
        PolicyResult res = out(route("10.2.0.0/16", "65002 65100", FROM_EBGP), ce, "neighbor 10.0.9.9 as-override");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65001 65002 65001"));
    }

    @Test
    void rfc7947RouteServerClientGetsPathNextHopAndMedUntouched() {
        PeerInfo clientA = rsClient("10.0.0.2", 65002, 65001);
        PeerInfo clientB = rsClient("10.0.0.3", 65003, 65001);
        Route r = route("10.2.0.0/16", "65002", clientA, new MultiExitDisc(20));
        PolicyResult res = out(r, clientB, "");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002"));
        assertThat(res.route().attributes().nextHop()).isEqualTo(NextHop.of(ip("10.0.0.2")));
        assertThat(res.route().attributes().med()).isEqualTo(20L);
    }

    @Test
    void routeServerClientFlagInConfigAlsoCounts() {
        PeerInfo clientA = rsClient("10.0.0.2", 65002, 65001);
        PolicyResult res = out(route("10.2.0.0/16", "65002", clientA), TO_EBGP, "neighbor 10.0.9.9 route-server-client");
        assertThat(res.route().attributes().asPath()).isEqualTo(path("65002"));
    }

    @Test
    void sendCommunityIsOnByDefaultAndCanBeTurnedOffPerKind() {
        Route r = route("10.2.0.0/16", "65002", FROM_EBGP, new Communities(List.of(Community.parse("65000:1"))),
                new ExtendedCommunities(List.of(ExtendedCommunity.parse("RT:65000:1"))));
        assertThat(out(r, TO_EBGP, "").route().attributes().communities()).hasSize(1);
        PolicyResult noStd = out(r, TO_EBGP, "no neighbor 10.0.9.9 send-community standard");
        assertThat(noStd.route().attributes().communities()).isEmpty();
        assertThat(noStd.route().attributes().extendedCommunities()).hasSize(1);
        assertThat(out(r, TO_EBGP, "no neighbor 10.0.9.9 send-community all").route().attributes().extendedCommunities()).isEmpty();
    }

    @Test
    void defaultOriginateSuppressesTheTablesDefaultRoute() {
        assertThat(out(route("0.0.0.0/0", "65002", FROM_EBGP), TO_EBGP, "neighbor 10.0.9.9 default-originate").reason())
                .isEqualTo(new RejectReason.DefaultOriginateReplacesTableDefault());
    }

    @Test
    void setNextHopUnchangedOutboundKeepsTheOriginalNextHop() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_EBGP,
                "neighbor 10.0.9.9 route-map OUT out\nroute-map OUT permit 10\n set ip next-hop unchanged\n");
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void setNextHopPeerAddressOutboundIsOurSessionAddress() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_IBGP,
                "neighbor 10.0.0.8 route-map OUT out\nroute-map OUT permit 10\n set ip next-hop peer-address\n");
        assertThat(res.route().attributes().nextHop().address()).isEqualTo(ip("10.255.0.1"));
    }

    @Test
    void outboundPrependIsExplainedInTheTrace() {
        PolicyResult res = out(route("10.2.0.0/16", "65002", FROM_EBGP), TO_EBGP, "");
        assertThat(Explain.trace(res.trace())).contains("eBGP prepend 65001 changed the AS path from '65002' to '65001 65002'.");
    }

    @Test
    void defaultOriginateBuildsOurDefaultWithTheUsualDefaults() {
        PolicyResult r = ExportPolicy.defaultOriginate(ctx(TO_EBGP, 65001, open("neighbor 10.0.9.9 default-originate")),
                dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST);
        assertThat(r.route().prefix()).isEqualTo(Prefix.parse("0.0.0.0/0"));
        assertThat(r.route().attributes().asPath()).isEqualTo(path("65001"));
        assertThat(r.route().attributes().nextHop().address()).isEqualTo(ip("10.255.0.1"));
        assertThat(ExportPolicy.defaultOriginate(ctx(TO_EBGP, 65001, open("")), dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST).isAccepted()).isFalse();
    }

    @Test
    void rfc4271Section5_1_3Ipv6RouteTowardsIbgpKeepsItsNextHopWhenOurSessionAddressIsIpv4() {
        PeerInfo from = peer("2001:db8::2", 65002, 65001);
        Route r = route("2001:db8:1::/48", "65002", from);
        assertThat(out(r, TO_IBGP, "").route().attributes().nextHop().address()).isEqualTo(ip("2001:db8::2"));
    }

    @Test
    void rfc4291Section2_5_5_2Ipv6RouteTowardsEbgpOverIpv4TransportIsSentWithOurIpv4MappedAddressAsFrrDoes() {
        PeerInfo from = peer("2001:db8::2", 65002, 65001);
        Route r = route("2001:db8:1::/48", "65002", from);
        assertThat(out(r, TO_EBGP, "").route().attributes().nextHop().address())
                .isEqualTo(ExportPolicy.mapped((java.net.Inet4Address) ip("10.255.0.1")));
    }
}
