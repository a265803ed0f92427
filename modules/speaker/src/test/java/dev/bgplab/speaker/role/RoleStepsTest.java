package dev.bgplab.speaker.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

class RoleStepsTest {

    static RoleSteps rs(String extra) {
        return RoleSteps.of(ConfigLoader.parse("rs.yml", "router-id: 10.0.0.4\nrole: azure-route-server\n" + extra + "peers:\n"
                + "  - {name: nva1, address: 10.0.1.10, asn: 65001}\n"
                + "  - {name: nva2, address: 10.0.2.10, asn: 65002}\n"
                + "  - {name: vpngw, address: 10.0.3.10, asn: 65010, azure: {connection: vpn}}\n"
                + "  - {name: ergw, address: 10.0.4.10, asn: 65011, azure: {connection: expressroute}}\n"));
    }

    @Test
    void branchToBranchOffKeepsNvaAndGatewayRoutesApart() {
        RoleSteps s = rs("");
        assertThat(s.mayExport("nva1", "vpngw")).isFalse();
        assertThat(s.mayExport("ergw", "nva1")).isFalse();
        assertThat(s.exportRefusal("nva1", "ergw")).contains("branch-to-branch is off");
        assertThat(s.mayExport("nva1", "nva2")).isTrue(); // NVA-to-NVA reflection: implied, on by default
    }

    @Test
    void branchToBranchOnLetsEachSideLearnTheOthers() {
        RoleSteps s = rs("azure: {branch-to-branch: true}\n");
        assertThat(s.mayExport("nva1", "vpngw")).isTrue();
        assertThat(s.mayExport("ergw", "nva2")).isTrue();
    }

    @Test
    void nvaToNvaReflectionCanBeTurnedOff() {
        assertThat(rs("overrides: {nva-to-nva: false}\n").mayExport("nva1", "nva2")).isFalse();
    }

    @Test
    void routeServerLimitCountsRoutesHeldPlusRoutesInTheIncomingUpdate() {
        // Re-advertising 2001 routes counts 4002 against a limit of 4000.
        assertThat(RoleSteps.overRouteLimit(2001, 2001, 4000)).isTrue();
        assertThat(RoleSteps.overRouteLimit(1999, 2001, 4000)).isFalse();
        assertThat(RoleSteps.overRouteLimit(0, 1001, 1000)).isTrue();
        assertThat(RoleSteps.overRouteLimit(5000, 5000, 0)).isFalse(); // 0: no limit
    }

    @Test
    void aChangedVirtualNetworkRefreshesEveryNvaButNoGateway() {
        SpeakerConfig old = ConfigLoader.parse("rs.yml", "router-id: 10.0.0.4\nrole: azure-route-server\nazure: {virtual-network: [10.1.0.0/16]}\n"
                + "peers:\n  - {name: nva1, address: 10.0.1.10, asn: 65001}\n  - {name: gw, address: 10.0.3.10, asn: 65010, azure: {connection: vpn}}\n");
        SpeakerConfig next = ConfigLoader.parse("rs.yml", "router-id: 10.0.0.4\nrole: azure-route-server\nazure: {virtual-network: [10.1.0.0/16, 10.2.0.0/16]}\n"
                + "peers:\n  - {name: nva1, address: 10.0.1.10, asn: 65001}\n  - {name: gw, address: 10.0.3.10, asn: 65010, azure: {connection: vpn}}\n");
        assertThat(RoleSteps.of(next).peersToRefresh(old, next)).containsExactly("nva1");
        assertThat(RoleSteps.of(next).peersToRefresh(next, next)).isEmpty();
    }

    @Test
    void routesEqualToOrMoreSpecificThanTheVirtualNetworkAreNotProgrammedButSupernetsAndTheDefaultAre() {
        RoleSteps s = rs("azure: {virtual-network: [10.1.0.0/16]}\n");
        assertThat(s.programmable(Prefix.parse("10.1.0.0/16"))).isFalse();
        assertThat(s.programmable(Prefix.parse("10.1.5.0/24"))).isFalse();
        assertThat(s.programmable(Prefix.parse("10.0.0.0/8"))).isTrue();
        assertThat(s.programmable(Prefix.parse("0.0.0.0/0"))).isTrue();
        assertThat(s.programmable(Prefix.parse("10.200.0.0/16"))).isTrue();
    }

    static RoleSteps sdwan(String extra) {
        return RoleSteps.of(ConfigLoader.parse("sdwan.yml", "router-id: 10.11.1.4\nasn: 65001\nrole: sdwan-nva\n" + extra + "peers:\n"
                + "  - {name: hub-a, address: 10.1.0.4, asn: 65515}\n"
                + "  - {name: hub-b, address: 10.1.0.5, asn: 65515}\n"
                + "  - {name: sdwan2, address: 172.16.0.2, asn: 65002, azure: {connection: on-premises}}\n"));
    }

    static final java.util.List<Prefix> NVA_SUBNETS = java.util.List.of(Prefix.parse("10.11.1.0/24"), Prefix.parse("172.16.0.0/30"));

    @Test
    void sdwanNvaGetsA32ToEachRouteServerInstanceViaItsSubnetGatewayAndNoneToOtherPeers() {
        assertThat(sdwan("azure: {gateway: 10.11.1.1}\n").hostRoutes(NVA_SUBNETS)).containsExactly(
                java.util.Map.entry(Prefix.parse("10.1.0.4/32"), ip("10.11.1.1")),
                java.util.Map.entry(Prefix.parse("10.1.0.5/32"), ip("10.11.1.1")));
    }

    @Test
    void aRouteServerInstanceOnAConnectedSubnetNeedsNoHostRoute() {
        java.util.List<Prefix> onLink = java.util.List.of(Prefix.parse("10.1.0.0/24"));
        assertThat(sdwan("azure: {gateway: 10.11.1.1}\n").hostRoutes(onLink)).isEmpty();
    }

    @Test
    void noHostRoutesWithoutAGatewayOrWhenTurnedOff() {
        assertThat(sdwan("").hostRoutes(NVA_SUBNETS)).isEmpty();
        assertThat(sdwan("azure: {gateway: 10.11.1.1}\noverrides: {route-server-host-routes: false}\n").hostRoutes(NVA_SUBNETS)).isEmpty();
    }

    @Test
    void hostRoutesComeAfterTheConfiguredStaticRoutes() {
        RoleSteps s = sdwan("azure: {gateway: 10.11.1.1, static-routes: ['10.1.0.4/32 via 10.11.1.9']}\n");
        assertThat(s.kernelStaticRoutes(NVA_SUBNETS)).containsEntry(Prefix.parse("10.1.0.4/32"), ip("10.11.1.9"))
                .containsEntry(Prefix.parse("10.1.0.5/32"), ip("10.11.1.1")).hasSize(2);
    }

    static java.net.InetAddress ip(String s) {
        try {
            return java.net.InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void hubWithAsPathPreferenceRanksTheBackboneFirstAndOtherwiseNobody() {
        String peers = "peers:\n  - {name: hub2, address: 10.0.12.2, asn: 65515, azure: {connection: backbone}}\n"
                + "  - {name: msee, address: 10.0.13.2, asn: 12076, azure: {connection: expressroute}}\n";
        RoleSteps asPath = RoleSteps.of(ConfigLoader.parse("hub.yml", "router-id: 10.0.12.1\nrole: azure-vwan-hub\n"
                + "azure: {routing-preference: aspath}\n" + peers));
        assertThat(asPath.sourceRank("hub2")).isLessThan(asPath.sourceRank("msee"));
        RoleSteps er = RoleSteps.of(ConfigLoader.parse("hub.yml", "router-id: 10.0.12.1\nrole: azure-vwan-hub\n" + peers));
        assertThat(er.sourceRank("hub2")).isEqualTo(er.sourceRank("msee"));
    }
}
