package dev.bgplab.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TopologyLoaderTest {

    private static final Path FILE = Path.of("/labs/demo.clab.yml");

    private static Topology parse(String yaml) {
        return TopologyLoader.parse(FILE, yaml);
    }

    @Test
    void readsAnUnchangedContainerlabFrrTopologyWithExecAddresses() {
        Topology t = parse("""
                name: frr-pair
                topology:
                  nodes:
                    r1:
                      kind: linux
                      image: frrouting/frr:v8.4.1
                      exec: ["ip addr add 10.0.12.1/30 dev eth1", "ip route add 192.0.2.0/24 via 10.0.12.2"]
                    r2:
                      kind: linux
                      image: frrouting/frr:v8.4.1
                      exec: ["ip address add 10.0.12.2/30 dev eth1"]
                    pc:
                      kind: linux
                      image: alpine:3
                      labels: {bgplab.role: vm}
                  links:
                    - endpoints: ["r1:eth1", "r2:eth1"]
                """);
        assertThat(t.name()).isEqualTo("frr-pair");
        assertThat(t.requireNode("r1").role()).isEqualTo(NodeRole.FRR);
        assertThat(t.requireNode("pc").role()).isEqualTo(NodeRole.VM);
        assertThat(t.requireNode("r1").addresses()).containsExactly(new InterfaceAddress("eth1", "10.0.12.1", 30));
        assertThat(t.requireNode("r2").addresses()).containsExactly(new InterfaceAddress("eth1", "10.0.12.2", 30));
        assertThat(t.links()).hasSize(1);
        assertThat(t.scenarioFile()).isEqualTo(Path.of("/labs/demo.scenario.yml"));
        assertThat(t.allBgplab()).isFalse();
    }

    @Test
    void mergesDefaultsAndTakesAddressesFromBriefLinks() {
        Topology t = parse("""
                name: pair
                topology:
                  defaults: {kind: linux, image: bgplab/speaker:dev}
                  nodes:
                    a: {cmd: "speaker --config /x.yml"}
                    b: {cmd: "speaker --config /x.yml"}
                  links:
                    - endpoints: ["a:eth1", "b:eth3"]
                      ipv4: [10.0.0.1/31, 10.0.0.0/31]
                """);
        assertThat(t.allBgplab()).isTrue();
        assertThat(t.requireNode("b").addressesOn("eth3")).containsExactly(new InterfaceAddress("eth3", "10.0.0.0", 31));
    }

    @Test
    void schemaErrorsNameTheFileThePathAndWhatIsValid() {
        assertThatThrownBy(() -> parse("""
                name: bad
                topology:
                  nodes:
                    r1: {kind: linux, image: x, bogus: 1}
                """)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("/labs/demo.clab.yml")
                .hasMessageContaining("containerlab's topology schema")
                .hasMessageContaining("bogus");
        assertThatThrownBy(() -> parse("name: bad\nnodes: {}\n")).hasMessageContaining("topology");
    }

    @Test
    void refusesLinksToUnknownNodesAndOtherKinds() {
        assertThatThrownBy(() -> parse("""
                name: bad
                topology:
                  nodes:
                    r1: {kind: linux, image: bgplab/frr:8.4}
                  links:
                    - endpoints: ["r1:eth1", "r9:eth1"]
                """)).hasMessageContaining("topology.links[0]").hasMessageContaining("'r9'").hasMessageContaining("[r1]");
        assertThatThrownBy(() -> parse("""
                name: bad
                topology:
                  nodes:
                    r1: {kind: nokia_srlinux, image: ghcr.io/nokia/srlinux}
                """)).hasMessageContaining("topology.nodes.r1.kind").hasMessageContaining("use kind: linux");
        assertThatThrownBy(() -> parse("""
                name: bad
                topology:
                  nodes:
                    r1: {kind: linux, image: bgplab/speaker:dev, labels: {bgplab.config: missing.yml}}
                """)).hasMessageContaining("labels.bgplab.config").hasMessageContaining("missing.yml");
    }

    @Test
    void readsTheLabsInTheRepository() {
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        Topology q = TopologyLoader.load(root.resolve("lab-configs/quickstart-lab/quickstart.clab.yml"));
        assertThat(q.nodes()).extracting(NodeSpec::role).containsExactly(NodeRole.BGPLAB, NodeRole.FRR, NodeRole.FRR, NodeRole.VM, NodeRole.VM);
        assertThat(q.requireNode("rs").roleLabel()).isEqualTo("azure-route-server");
        Topology e = TopologyLoader.load(root.resolve("lab-configs/embedded-pair/embedded-pair.clab.yml"));
        assertThat(e.allBgplab()).isTrue();
    }

    @Test
    void namesContainersAsContainerlabDoesForEachPrefix() {
        String body = "topology:\n  nodes:\n    r1: {kind: linux, image: bgplab/frr:8.4}\n";
        assertThat(parse("name: lab1\n" + body).containerName("r1")).isEqualTo("clab-lab1-r1");
        assertThat(parse("name: lab1\nprefix: \"\"\n" + body).containerName("r1")).isEqualTo("r1");
        assertThat(parse("name: lab1\nprefix: acme\n" + body).containerName("r1")).isEqualTo("acme-lab1-r1");
        assertThat(parse("name: lab1\nprefix: __lab-name\n" + body).containerName("r1")).isEqualTo("lab1-r1");
        assertThat(parse("name: lab1\n" + body).labDir()).isEqualTo(Path.of("/labs/clab-lab1"));
    }

    @Test
    void readsTheExtendedLinkFormatHostEndpointsBridgesAndMtu() {
        Topology t = parse("""
                name: ext
                topology:
                  nodes:
                    r1: {kind: linux, image: bgplab/frr:8.4}
                    r2: {kind: linux, image: bgplab/frr:8.4}
                    br1: {kind: bridge}
                  links:
                    - type: veth
                      mtu: 1500
                      endpoints:
                        - {node: r1, interface: eth1, mac: "aa:c1:ab:00:00:01"}
                        - {node: r2, interface: eth1}
                    - type: host
                      endpoint: {node: r1, interface: eth2}
                      host-interface: r1-host
                    - endpoints: ["r2:eth2", "br1:r2-port"]
                    - endpoints: ["r1:eth3", "host:r1-eth3"]
                """);
        assertThat(t.nodes()).extracting(NodeSpec::name).containsExactly("r1", "r2");
        assertThat(t.bridges()).containsExactly("br1");
        LinkSpec veth = t.links().get(0);
        assertThat(veth.mtu()).isEqualTo(1500);
        assertThat(veth.macA()).isEqualTo("aa:c1:ab:00:00:01");
        assertThat(veth.macB()).isNull();
        assertThat(t.links().get(1).b()).isEqualTo(new LinkSpec.Endpoint(LinkSpec.HOST, "r1-host"));
        assertThat(t.links().get(2).mtu()).isEqualTo(LinkSpec.DEFAULT_MTU);
        assertThat(t.allBgplab()).isFalse();
        assertThatThrownBy(() -> parse("""
                name: bad
                topology:
                  nodes:
                    r1: {kind: linux, image: bgplab/frr:8.4}
                  links:
                    - type: macvlan
                      endpoint: {node: r1, interface: eth1}
                      host-interface: eth0
                """)).hasMessageContaining("topology.links[0].type: 'macvlan'").hasMessageContaining("valid: veth");
    }

    @Test
    void honoursMgmtSysctlsAndExpandsEnvironmentVariables() {
        Topology t = parse("""
                name: m
                mgmt:
                  network: lab-mgmt
                  ipv4-subnet: 172.20.30.0/24
                topology:
                  nodes:
                    r1:
                      kind: linux
                      image: bgplab/frr:8.4
                      mgmt-ipv4: 172.20.30.11
                      sysctls: {net.ipv4.conf.all.rp_filter: "0"}
                      env: {WHERE: "${BGPLAB_TEST_UNSET_VAR:-somewhere}", PATHS: "${PATH}"}
                """);
        assertThat(t.mgmtNetwork()).isEqualTo("lab-mgmt");
        assertThat(t.mgmt().ipv4Subnet()).isEqualTo("172.20.30.0/24");
        NodeSpec r1 = t.requireNode("r1");
        assertThat(r1.mgmtIpv4()).isEqualTo("172.20.30.11");
        assertThat(r1.sysctls()).containsEntry("net.ipv4.conf.all.rp_filter", "0");
        assertThat(r1.env()).containsEntry("WHERE", "somewhere").containsEntry("PATHS", System.getenv("PATH"));
        assertThat(t.warnings()).isEmpty();
        assertThat(parse("name: d\ntopology:\n  nodes: {}\n").mgmtNetwork()).isEqualTo("bgplab-d-mgmt");
    }

    @Test
    void everyFieldBgplabDoesNotHonourIsNamedInAWarningOrAnError() {
        Topology t = parse("""
                name: w
                mgmt: {network: n1, external-access: true, bridge: br-x}
                topology:
                  nodes:
                    r1:
                      kind: linux
                      image: bgplab/frr:8.4
                      ports: ["8080:80"]
                      memory: 1Gb
                      env: {HOME_DIR: "${BGPLAB_TEST_SURELY_UNSET}"}
                  links:
                    - endpoints: ["r1:eth1", "host:r1-eth1"]
                      vars: {a: 1}
                """);
        assertThat(t.warnings()).anyMatch(w -> w.contains("topology.nodes.r1.ports"))
                .anyMatch(w -> w.contains("topology.nodes.r1.memory"))
                .anyMatch(w -> w.contains("mgmt.external-access"))
                .anyMatch(w -> w.contains("mgmt.bridge"))
                .anyMatch(w -> w.contains("topology.links[0].vars"))
                .anyMatch(w -> w.contains("${BGPLAB_TEST_SURELY_UNSET}"));
        assertThatThrownBy(() -> parse("""
                name: w
                topology:
                  nodes:
                    r1: {kind: linux, image: bgplab/frr:8.4, network-mode: host}
                """)).hasMessageContaining("topology.nodes.r1.network-mode");
    }

    @Test
    void readsTheContainerlabStyleOspfLabUnchanged() {
        Path root = Path.of("").toAbsolutePath().getParent().getParent();
        Topology t = TopologyLoader.load(root.resolve("lab-configs/ospf01/ospf01.clab.yml"));
        assertThat(t.nodes()).extracting(NodeSpec::role).containsExactly(NodeRole.FRR, NodeRole.FRR, NodeRole.FRR,
                NodeRole.VM, NodeRole.VM, NodeRole.VM);
        assertThat(t.requireNode("router1").group()).isEqualTo("routers");
        assertThat(t.requireNode("router1").boundTo("/etc/frr/daemons")).isPresent();
        assertThat(t.requireNode("PC1").image()).isEqualTo("wbitt/network-multitool:latest");
        assertThat(t.warnings()).isEmpty();
    }
}
