package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.topology.InterfaceAddress;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmRoutesTest {

    @Test
    void aVmIsServedByTheBgplabNodeOnItsLinkOrTheOneItsLabelNames(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("rs0.yml"), "router-id: 10.1.1.1\n");
        java.nio.file.Files.writeString(dir.resolve("rs1.yml"), "router-id: 10.1.3.1\n");
        Topology t = TopologyLoader.parse(dir.resolve("t.clab.yml"), """
                name: t
                topology:
                  nodes:
                    rs0: {kind: linux, image: bgplab/speaker:dev, labels: {bgplab.config: rs0.yml}, exec: ["ip addr add 10.1.1.1/24 dev eth1", "ip addr add 10.1.2.1/24 dev eth2"]}
                    rs1: {kind: linux, image: bgplab/speaker:dev, labels: {bgplab.config: rs1.yml}, exec: ["ip addr add 10.1.3.1/24 dev eth1"]}
                    vm0: {kind: linux, image: debian, labels: {bgplab.role: vm}}
                    vm1: {kind: linux, image: debian, labels: {bgplab.role: vm, bgplab.served-by: rs1}}
                  links:
                    - endpoints: ["rs0:eth1", "vm0:eth1"]
                    - endpoints: ["rs0:eth2", "vm1:eth1"]
                    - endpoints: ["rs1:eth1", "vm1:eth2"]
                """);
        assertThat(VmRoutes.serving(t, t.requireNode("vm0"))).hasValueSatisfying(s -> assertThat(s).containsExactly("rs0", "10.1.1.1"));
        assertThat(VmRoutes.serving(t, t.requireNode("vm1"))).hasValueSatisfying(s -> assertThat(s).containsExactly("rs1", "10.1.3.1"));
    }

    @Test
    void learnedRoutesGoToTheVmWithNextHopsOnItsSubnetAsTheyAreAndOthersThroughTheFabric() throws Exception {
        VmRoutes.Served s = new VmRoutes.Served(null, null, "10.1.1.4", List.of(new InterfaceAddress("eth1", "10.1.1.10", 24)));
        var table = new ObjectMapper().readTree("""
                {"role": "Route Server", "routes": [
                  {"prefix": "10.1.0.0/16", "nextHops": ["virtual network"], "source": "VNet", "asPath": ""},
                  {"prefix": "10.9.0.0/16", "nextHops": ["10.1.1.99"], "source": "static (user route)", "asPath": ""},
                  {"prefix": "10.200.0.0/16", "nextHops": ["10.1.1.21", "10.1.1.20"], "source": "Route Server, from nva1", "asPath": "65001 65100"},
                  {"prefix": "10.201.0.0/16", "nextHops": ["10.1.2.2", "10.1.3.2"], "source": "Route Server, from nva1", "asPath": "65001"}
                ]}""");
        assertThat(VmRoutes.wanted(s, table)).isEqualTo(Map.of(
                "10.200.0.0/16", List.of("10.1.1.20", "10.1.1.21"),
                "10.201.0.0/16", List.of("10.1.1.4")));
    }
}
