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
        assertThat(q.nodes()).extracting(NodeSpec::role).containsExactly(NodeRole.BGPLAB, NodeRole.FRR, NodeRole.FRR);
        assertThat(q.requireNode("rs").roleLabel()).isEqualTo("azure-route-server");
        Topology e = TopologyLoader.load(root.resolve("lab-configs/embedded-pair/embedded-pair.clab.yml"));
        assertThat(e.allBgplab()).isTrue();
    }
}
