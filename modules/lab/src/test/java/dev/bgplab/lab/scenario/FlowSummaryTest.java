package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-flow summary the traffic measure makes of tcpdump's text (the awk program runs on this machine, as in a node). */
class FlowSummaryTest {

    private static Map<Integer, ScenarioRunner.FlowSeen> summarise(Path dir, String tcpdump) throws Exception {
        Path file = dir.resolve("rx");
        Files.writeString(file, tcpdump);
        Process p = new ProcessBuilder("sh", "-c", ScenarioRunner.FLOW_AWK + " " + file).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return ScenarioRunner.parseFlows(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void eachSourcePortIsAFlowWithItsLongestGapAndTheInterfacesItArrivedOn(@TempDir Path dir) throws Exception {
        Map<Integer, ScenarioRunner.FlowSeen> flows = summarise(dir, """
                1764770000.990000 eth1  In  IP 10.0.3.4.40001 > 10.100.0.1.5201: UDP, length 100
                1764770000.995000 eth2  In  IP 10.0.3.4.40002 > 10.100.0.1.5201: UDP, length 100
                1764770001.000000 eth1  In  IP 10.0.3.4.40001 > 10.100.0.1.5201: UDP, length 100
                1764770001.000100 eth2  In  IP 10.0.3.4.40002 > 10.100.0.1.5201: UDP, length 100
                1764770001.010000 eth1  In  IP 10.0.3.4.40001 > 10.100.0.1.5201: UDP, length 100
                1764770009.123456 eth1  In  IP 10.0.3.4.40002 > 10.100.0.1.5201: UDP, length 100
                1764770009.133456 eth1  In  IP 10.0.3.4.40002 > 10.100.0.1.5201: UDP, length 100
                """);
        assertThat(flows).containsOnlyKeys(40001, 40002);
        ScenarioRunner.FlowSeen quiet = flows.get(40001);
        assertThat(quiet.packets()).isEqualTo(3);
        assertThat(quiet.ifaces()).extracting(Map.Entry::getValue).containsExactly("eth1");
        ScenarioRunner.FlowSeen moved = flows.get(40002);
        assertThat(moved.packets()).isEqualTo(4);
        assertThat(moved.gapFrom()).isEqualTo(Instant.parse("2025-12-03T13:53:21.000100Z"));
        assertThat(moved.gapTo()).isEqualTo(Instant.parse("2025-12-03T13:53:29.123456Z"));
        assertThat(moved.gapMillis()).isCloseTo(8123.356, org.assertj.core.data.Offset.offset(0.001));
        assertThat(moved.ifaces()).extracting(Map.Entry::getValue).containsExactly("eth2", "eth1");
        assertThat(moved.ifaces().get(1).getKey()).isEqualTo(Instant.parse("2025-12-03T13:53:29.123456Z"));
    }
}
