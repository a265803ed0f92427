package dev.bgplab.speaker.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.speaker.SpeakerPolicy;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.wire.nlri.Prefix;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each Azure preset rule from the reference, one test each, named after the rule. */
class RolePresetsTest {

    static SpeakerConfig load(String yaml) {
        SpeakerConfig c = ConfigLoader.parse("rs.yml", yaml);
        SpeakerPolicy.of(c); // the generated policy lines must parse
        return c;
    }

    static String rs(String extra, String peers) {
        return "router-id: 10.0.0.4\nrole: azure-route-server\n" + extra + "peers:\n" + peers;
    }

    static final String NVA = "  - {name: nva1, address: 10.0.1.10, asn: 65001}\n";

    @Test
    void unknownRoleIsRefusedNamingFileLineFieldAndTheValidRoles() {
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nasn: 65001\nrole: banana\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rs.yml:3: field 'role' is 'banana'; valid: azure-route-server, azure-vwan-hub, azure-vpn-gateway,"
                        + " azure-expressroute-gateway, sdwan-nva");
    }

    @Test
    void routeServerRunsAsn65515WithTimers60And180AndMultihop() {
        SpeakerConfig c = load(rs("", NVA));
        assertThat(c.asn()).isEqualTo(65515);
        PeerConfig p = c.peers().get(0);
        assertThat(p.holdTime()).isEqualTo(180);
        assertThat(p.keepalive()).isEqualTo(60);
        assertThat(p.ebgpMultihop()).isEqualTo(255);
        assertThat(c.roleSettings().overridden()).isEmpty();
        assertThat(c.roleSettings().routesPerPeer()).isEqualTo(1000);
    }

    @Test
    void mseeSideOfExpressRouteRunsAsn12076AndStripsPrivateAsnsTowardsOnPremises() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nrole: azure-expressroute-gateway\nazure: {side: msee}\npeers:\n"
                + "  - {name: ce, address: 192.168.30.17, asn: 65021}\n");
        assertThat(c.asn()).isEqualTo(12076);
        assertThat(c.peers().get(0).policy().removePrivateAs()).isEqualTo(dev.bgplab.speaker.policy.RemovePrivateAs.ALL);
        assertThat(c.peers().get(0).policy().maximumPrefix().limit()).isEqualTo(4000);
        assertThat(c.role()).isEqualTo("azure-expressroute-gateway (MSEE side)");
    }

    @Test
    void peerFieldsAndOverridesWinOverThePresetAndAreReportedAsOverridden() {
        SpeakerConfig c = load(rs("overrides: {hold-time: 3, keepalive: 1, routes-per-peer: 4000}\n",
                NVA + "  - {name: nva2, address: 10.0.2.10, asn: 65002, hold-time: 9}\n"));
        assertThat(c.peers().get(0).holdTime()).isEqualTo(3);
        assertThat(c.peers().get(0).keepalive()).isEqualTo(1);
        assertThat(c.peers().get(1).holdTime()).isEqualTo(9);
        assertThat(c.roleSettings().routesPerPeer()).isEqualTo(4000);
        assertThat(c.roleSettings().overridden().stream().map(v -> v.name() + "=" + v.effective() + "/" + v.source()))
                .containsExactlyInAnyOrder("hold-time=3/OVERRIDES", "keepalive=1/OVERRIDES", "routes-per-peer=4000/OVERRIDES",
                        "peers[nva2].hold-time=9/CONFIG");
    }

    @Test
    void routeServerLimitIsMarkedUnconfirmedBecauseMicrosoftDocuments1000And4000() {
        SpeakerConfig c = load(rs("", NVA));
        assertThat(c.roleSettings().values()).anySatisfy(v -> {
            assertThat(v.name()).isEqualTo("routes-per-peer");
            assertThat(v.unconfirmed()).isTrue();
        });
    }

    @Test
    void overridesOnlyTakeTheRolesKeys() {
        assertThatThrownBy(() -> load(rs("overrides: {backbone-prepend: '1 2'}\n", NVA)))
                .hasMessageContaining("rs.yml:3: unknown field 'overrides.backbone-prepend'")
                .hasMessageContaining("routes-per-peer");
    }

    @Test
    void routeServerRefusesAReservedPeerAsnNamingTheRule() {
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 65520}\n")))
                .hasMessageStartingWith("rs.yml:4: field 'peers[0].asn' is 65520; rule: Azure refuses a reserved ASN for a Route Server peer")
                .hasMessageContaining("overrides: {refuse-reserved-peer-asn: false}");
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 12076}\n")))
                .hasMessageContaining("is 12076; rule: Azure refuses a reserved ASN");
    }

    @Test
    void routeServerRefusesAFourOctetPeerAsn() {
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 4200000001}\n")))
                .hasMessageContaining("field 'peers[0].asn' is 4200000001; rule: Azure Route Server peers must use a 2-octet ASN");
        SpeakerConfig c = load(rs("overrides: {refuse-4-octet-peer-asn: false}\n", "  - {name: nva1, address: 10.0.1.10, asn: 4200000001}\n"));
        assertThat(c.peers().get(0).asn()).isEqualTo(4200000001L);
    }

    @Test
    void routeServerRefusesANinthPeer() {
        String peers = IntStream.rangeClosed(1, 9)
                .mapToObj(i -> "  - {name: nva" + i + ", address: 10.0." + i + ".10, asn: 6500" + i + "}\n").collect(Collectors.joining());
        assertThatThrownBy(() -> load(rs("", peers)))
                .hasMessageContaining("rs.yml:12: field 'peers[8]' is peer number 9; rule: an Azure Route Server has at most 8 BGP peers");
        assertThat(load(rs("overrides: {max-peers: 9}\n", peers)).peers()).hasSize(9);
    }

    @Test
    void routeServerRefusesTcpMd5() {
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 65001, password: s3cret}\n")))
                .hasMessageContaining("field 'peers[0].password' is set; rule: Azure Route Server supports no TCP-MD5");
    }

    @Test
    void routeServerOriginatesTheVirtualNetworkPrefixes() {
        SpeakerConfig c = load(rs("azure: {virtual-network: [10.1.0.0/16, 10.2.0.0/16]}\n", NVA));
        assertThat(c.networks()).extracting(n -> n.prefix().toString()).containsExactly("10.1.0.0/16", "10.2.0.0/16");
        assertThat(c.roleSettings().virtualNetwork()).containsExactly(Prefix.parse("10.1.0.0/16"), Prefix.parse("10.2.0.0/16"));
    }

    @Test
    void expressRoutePreferenceGivesExpressRoutePeersAWeightThatBeatsAsPathLength() {
        SpeakerConfig c = load(rs("", NVA + "  - {name: ergw, address: 10.0.0.20, asn: 65515, azure: {connection: expressroute}}\n"
                .replace("asn: 65515", "asn: 65010")));
        assertThat(c.peers().get(1).policy().routeMapIn()).isEqualTo("AZ-IN-ergw");
        assertThat(c.policy()).contains("route-map AZ-IN-ergw permit 10\n set weight 200\n on-match next\n");
        assertThat(c.peers().get(0).policy().routeMapIn()).isNull();
        SpeakerConfig vpnNva = load(rs("azure: {routing-preference: vpn-nva}\n", NVA));
        assertThat(vpnNva.peers().get(0).policy().routeMapIn()).isEqualTo("AZ-IN-nva1");
    }

    @Test
    void generatedInboundMapStillCallsThePeersOwnRouteMap() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nasn: 65001\nrole: sdwan-nva\npolicy: |\n route-map MINE permit 10\n  set metric 5\n"
                + "peers:\n  - {name: rs, address: 10.0.0.4, asn: 65515, route-map-in: MINE}\n");
        assertThat(c.peers().get(0).policy().routeMapIn()).isEqualTo("AZ-IN-rs");
        assertThat(c.policy()).contains("route-map AZ-IN-rs permit 10\n set as-path exclude 65520 65515\n on-match next\n"
                + "route-map AZ-IN-rs permit 20\n call MINE\n");
    }

    @Test
    void sdwanNvaReplaceVariantReplaces65520And65515WithItsOwnAsn() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nasn: 65001\nrole: sdwan-nva\noverrides: {as-path-loop-fix: replace}\n"
                + "peers:\n  - {name: rs, address: 10.0.0.4, asn: 65515}\n");
        assertThat(c.policy()).contains(" set as-path replace 65520 65001\n").contains(" set as-path replace 65515 65001\n");
    }

    @Test
    void sdwanNvaWithASubnetGatewayPeersItsRouteServerInstancesMultihop() {
        SpeakerConfig c = load("router-id: 10.11.1.4\nasn: 65001\nrole: sdwan-nva\nazure: {gateway: 10.11.1.1}\npeers:\n"
                + "  - {name: rs0, address: 10.1.0.4, asn: 65515}\n"
                + "  - {name: sdwan2, address: 172.16.0.2, asn: 65002, azure: {connection: on-premises}}\n");
        assertThat(c.peers().get(0).ebgpMultihop()).isEqualTo(255);
        assertThat(c.peers().get(1).ebgpMultihop()).isNotEqualTo(255);
        assertThat(c.roleSettings().hostRoutePeers()).extracting(java.net.InetAddress::getHostAddress).containsExactly("10.1.0.4");
    }

    @Test
    void sdwanNvaGatewayMustBeAnIpv4AddressAndBelongsToTheSdwanRoleOnly() {
        assertThatThrownBy(() -> load("router-id: 10.11.1.4\nasn: 65001\nrole: sdwan-nva\nazure: {gateway: my-gw}\npeers: []\n"))
                .isInstanceOf(ConfigException.class).hasMessage("rs.yml:4: field 'azure.gateway' is 'my-gw'; valid: an IPv4 address, the NVA"
                        + " subnet's first address (e.g. 10.11.1.1)");
        assertThatThrownBy(() -> load(rs("azure: {gateway: 10.0.0.1}\n", NVA)))
                .hasMessageContaining("field 'azure.gateway' applies to role sdwan-nva only");
    }

    @Test
    void sdwanNvaNeedsItsOwnAsn() {
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nrole: sdwan-nva\npeers: []\n"))
                .hasMessageContaining("field 'asn' is required for role sdwan-nva");
    }

    @Test
    void hubPrepends65520TwiceTowardsTheBackboneAndNeverSendsTheDefaultThere() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nrole: azure-vwan-hub\npeers:\n"
                + "  - {name: hub2, address: 10.9.0.2, asn: 65515, azure: {connection: backbone}}\n"
                + "  - {name: br, address: 10.9.1.2, asn: 65001, azure: {connection: vpn, propagate-default: true}}\n"
                + "  - {name: nva, address: 10.9.2.2, asn: 65002}\n");
        assertThat(c.peers().get(0).policy().nextHopSelf()).isTrue();
        assertThat(c.policy()).contains("route-map AZ-OUT-hub2 deny 10\n match ip address prefix-list AZ-DEFAULT-ROUTE\n")
                .contains(" set as-path prepend 65520 65520\n").contains(" set origin egp\n");
        assertThat(c.peers().get(1).policy().routeMapOut()).isNull(); // propagate-default: the default may go
        assertThat(c.peers().get(2).policy().routeMapOut()).isEqualTo("AZ-OUT-nva");
        assertThat(c.peers().get(2).policy().maximumPrefix().limit()).isEqualTo(4000);
    }

    @Test
    void hubBackbonePeerMustBeAnotherHubOfTheSameAsn() {
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nrole: azure-vwan-hub\npeers:\n"
                + "  - {name: hub2, address: 10.9.0.2, asn: 65001, azure: {connection: backbone}}\n"))
                .hasMessageContaining("field 'peers[0].asn' is 65001 but a backbone peer is another hub");
    }

    @Test
    void hubAndVpnGatewayNeverOriginateTheDefaultRoute() {
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nrole: azure-vpn-gateway\npeers:\n"
                + "  - {name: br, address: 10.9.1.2, asn: 65001, default-originate: true}\n"))
                .hasMessageContaining("field 'peers[0].default-originate' is set; rule: an Azure VPN gateway never originates 0.0.0.0/0");
    }

    @Test
    void vpnGatewayIsPassiveTowardsApipaPeersAndNeverAdvertisesTheDefaultOrAVirtualNetworkOverlap() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nrole: azure-vpn-gateway\nazure: {virtual-network: [10.1.0.0/16]}\npeers:\n"
                + "  - {name: br, address: 169.254.21.1, asn: 65001}\n  - {name: br2, address: 10.9.1.2, asn: 65002}\n");
        assertThat(c.peers().get(0).passive()).isTrue();
        assertThat(c.peers().get(1).passive()).isFalse();
        assertThat(c.peers().get(0).policy().maximumPrefix().limit()).isEqualTo(4000);
        assertThat(c.policy()).contains("ip prefix-list AZ-VNET-OVERLAP seq 5 permit 10.1.0.0/16 le 32\n")
                .contains("route-map AZ-OUT-br deny 10\n match ip address prefix-list AZ-DEFAULT-ROUTE\n")
                .contains("route-map AZ-OUT-br permit 20\n match as-path AZ-ORIGINATED\n")
                .contains("route-map AZ-OUT-br deny 30\n match ip address prefix-list AZ-VNET-OVERLAP\n");
    }

    @Test
    void expressRouteGatewayWeighsExpressRoute32769AndVpn32768() {
        SpeakerConfig c = load("router-id: 10.0.0.1\nrole: azure-expressroute-gateway\npeers:\n"
                + "  - {name: msee, address: 10.9.1.2, asn: 12076}\n  - {name: vpn, address: 10.9.2.2, asn: 65516, azure: {connection: vpn}}\n");
        assertThat(c.policy()).contains("route-map AZ-IN-msee permit 10\n set weight 32769\n")
                .contains("route-map AZ-IN-vpn permit 10\n set weight 32768\n");
    }

    @Test
    void expressRouteGatewayAdvertisesAtMost1000RoutesToTheCircuitUnlessOverridden() {
        String peers = "peers:\n  - {name: msee, address: 10.9.1.2, asn: 12076}\n  - {name: rs, address: 10.9.3.4, asn: 65515,"
                + " azure: {connection: route-server}}\n";
        RoleSteps preset = RoleSteps.of(load("router-id: 10.0.0.1\nrole: azure-expressroute-gateway\n" + peers));
        assertThat(preset.routesToCircuit("msee")).isEqualTo(1000);
        assertThat(preset.routesToCircuit("rs")).isZero(); // only the circuit (connection expressroute) is limited
        SpeakerConfig scaled = load("router-id: 10.0.0.1\nrole: azure-expressroute-gateway\noverrides: {routes-to-circuit: 50}\n" + peers);
        assertThat(RoleSteps.of(scaled).routesToCircuit("msee")).isEqualTo(50);
        assertThat(scaled.roleSettings().overridden()).anySatisfy(v -> assertThat(v.name()).isEqualTo("routes-to-circuit"));
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nrole: azure-expressroute-gateway\nazure: {side: msee}\n"
                + "overrides: {routes-to-circuit: 50}\npeers:\n  - {name: ce, address: 10.9.1.1, asn: 65021}\n"))
                .hasMessageContaining("unknown field 'overrides.routes-to-circuit'");
        assertThat(RoleSteps.overCircuitLimit(1000, 1000)).isFalse();
        assertThat(RoleSteps.overCircuitLimit(1001, 1000)).isTrue();
        assertThat(RoleSteps.overCircuitLimit(5000, 0)).isFalse(); // 0: no limit
    }

    @Test
    void routeServerAcceptsItsOwnGatewaysOnAsn65515ButNoNvaOnIt() {
        SpeakerConfig c = load(rs("", NVA + "  - {name: ergw, address: 10.0.0.20, asn: 65515, azure: {connection: expressroute}}\n"
                + "  - {name: vpngw, address: 10.0.0.21, asn: 65515, azure: {connection: vpn}}\n"));
        assertThat(c.peers()).extracting(PeerConfig::asn).containsExactly(65001L, 65515L, 65515L);
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 65515}\n")))
                .hasMessageContaining("is 65515; rule: Azure refuses a reserved ASN");
    }

    @Test
    void azureSettingsWithoutARoleAreRefused() {
        assertThatThrownBy(() -> load("router-id: 10.0.0.1\nasn: 65001\noverrides: {hold-time: 3}\n"))
                .hasMessageContaining("field 'overrides' applies only with a role:");
    }

    @Test
    void unknownConnectionKindNamesTheValidOnes() {
        assertThatThrownBy(() -> load(rs("", "  - {name: nva1, address: 10.0.1.10, asn: 65001, azure: {connection: tunnel}}\n")))
                .hasMessageContaining("field 'peers[0].azure.connection' is 'tunnel'; valid: nva, vpn, expressroute, backbone, on-premises, route-server");
    }
}
