package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault, traffic and capture steps as a scenario file writes them, and the mistakes they report. */
class FaultStepsLoaderTest {

    private static final Topology LAB = TopologyLoader.load(Path.of("../../lab-configs/nva-failover/nva-failover.clab.yml"));

    private static Scenario parse(String text) {
        return ScenarioLoader.parse(Path.of("f.scenario.yml"), text, LAB);
    }

    @Test
    void crashRecoverFreezeAndSeveralLinksDownInOneStepAreFaults() {
        Scenario s = parse("""
                capture: [fabric:eth2, nva1]
                steps:
                  - fault: {crash: nva1}
                  - fault: {recover: nva1}
                  - fault: {freeze: nva2}
                  - fault: {link-down: ["nva1:eth1", "nva1:eth2"]}
                  - measure: {traffic: {from: fabric, to: 10.100.0.1, source: 10.200.0.1, max-outage: 2s, max-lost: 10}}
                    during:
                      - fault: {stop: nva1}
                """);
        assertThat(s.captures()).containsExactly("fabric:eth2", "nva1");
        assertThat(s.steps()).hasSize(5);
        Step.Traffic t = (Step.Traffic) s.steps().get(4);
        assertThat(t.maxOutage().toMillis()).isEqualTo(2000);
        assertThat(t.maxLost()).isEqualTo(10);
        assertThat(t.interval().toMillis()).isEqualTo(10);
        assertThat(t.during()).hasSize(1);
    }

    @Test
    void trafficAsSeveralUdpOrTcpFlowsNamesItsProtocolFlowsAndReceiver() {
        Scenario s = parse("""
                steps:
                  - measure: {traffic: {from: fabric, to: 10.100.0.1, protocol: udp, flows: 8, receiver: nva1, interval: 5ms}}
                """);
        Step.Traffic t = (Step.Traffic) s.steps().get(0);
        assertThat(t.protocol()).isEqualTo("udp");
        assertThat(t.flows()).isEqualTo(8);
        assertThat(t.receiver()).isEqualTo("nva1");
        Step.Traffic ping = (Step.Traffic) parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1}}\n").steps().get(0);
        assertThat(ping.protocol()).isEqualTo("icmp");
        assertThat(ping.flows()).isEqualTo(1);
    }

    @Test
    void severalIcmpFlowsAnUnknownProtocolOrAReceiverNotInTheTopologyAreErrors() {
        assertThatThrownBy(() -> parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1, flows: 4}}\n"))
                .hasMessageContaining("f.scenario.yml:2: steps[0].measure.traffic.flows").hasMessageContaining("protocol: udp or tcp");
        assertThatThrownBy(() -> parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1, protocol: sctp}}\n"))
                .hasMessageContaining("traffic.protocol").hasMessageContaining("valid: icmp");
        assertThatThrownBy(() -> parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1, protocol: udp, flows: 0}}\n"))
                .hasMessageContaining("traffic.flows").hasMessageContaining("from 1 to 64");
        assertThatThrownBy(() -> parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1, protocol: udp, receiver: x}}\n"))
                .hasMessageContaining("traffic.receiver").hasMessageContaining("node 'x' is not in the topology");
    }

    @Test
    void execRunsAShellCommandInANodeAndNeedsBoth() {
        Scenario s = parse("steps:\n  - fault: {exec: {node: fabric, command: 'ip route add 10.9.0.0/16 via 10.0.1.2 metric 5'}}\n");
        Step.Fault f = (Step.Fault) s.steps().get(0);
        assertThat(f.action()).isEqualTo("exec");
        assertThat(f.args().get("command").asText()).startsWith("ip route add");
        assertThatThrownBy(() -> parse("steps:\n  - fault: {exec: {node: fabric}}\n"))
                .hasMessageContaining("f.scenario.yml:2: steps[0].fault.exec").hasMessageContaining("needs node and command");
        assertThatThrownBy(() -> parse("steps:\n  - fault: {exec: {node: nvaX, command: 'true'}}\n"))
                .hasMessageContaining("node 'nvaX' is not in the topology");
    }

    @Test
    void mistakesNameTheLineTheFieldAndWhatIsValid() {
        assertThatThrownBy(() -> parse("steps:\n  - fault: {link-down: [\"nva1:eth1\", \"nvaX:eth2\"]}\n"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("f.scenario.yml:2: steps[0].fault.link-down[1]")
                .hasMessageContaining("node 'nvaX' is not in the topology");
        assertThatThrownBy(() -> parse("steps:\n  - measure: {traffic: {from: fabric, to: 10.100.0.1, max-lost: lots}}\n"))
                .hasMessageContaining("max-lost: 'lots' is not a number of packets");
        assertThatThrownBy(() -> parse("capture: nva1\nsteps: []\n")).hasMessageContaining("f.scenario.yml:1: capture:");
        assertThatThrownBy(() -> parse("steps:\n  - fault: {explode: nva1}\n")).hasMessageContaining("valid: [")
                .hasMessageContaining("crash");
    }

    @Test
    void aSpeakerConfigMistakeIsReportedWithItsHostPathAndLineBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r1.yml"), "router-id: 10.0.0.1\nasn: 65001\npeers:\n  - {name: x, address: 10.0.0.2, asn: 65002, hold-tme: 9}\n");
        Files.writeString(dir.resolve("t.clab.yml"), """
                name: t
                topology:
                  nodes:
                    r1: {kind: linux, image: "bgplab/speaker:dev", labels: {bgplab.config: r1.yml}}
                """);
        Files.writeString(dir.resolve("t.scenario.yml"), "steps:\n  - wait: {established: all}\n");
        assertThatThrownBy(() -> LabRun.run(dir.resolve("t.clab.yml"), LabRun.Options.defaults()))
                .isInstanceOf(TopologyException.class).hasMessageContaining(dir.resolve("r1.yml") + ":4")
                .hasMessageContaining("hold-tme");
    }
}
