package dev.bgplab.lab.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.junit.LabTest;
import dev.bgplab.lab.report.LabReport;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;

/**
 * Seed 004's N-active labs (2 and 4 FRR NVAs behind a bgplab Route Server) with lab timers: each
 * failure mode strikes the NVA that carries the VM's ping, and the report says which NVA carried
 * it before and after. Azure's 60/180 variant is the labs' azure-timers scenario (minutes long,
 * run by hand: see lab-configs/README.md).
 */
@Tag("docker")
class SdwanFailoverLabsDockerTest {

    private static final Pattern CARRIED = Pattern.compile("carried (before|after) by (\\S+) \\(replies by ([^)]+)\\)");
    private static final List<String> MODES = List.of("graceful shutdown", "crash", "silent failure", "link loss");

    @LabTest("lab-configs/sdwan-n-active/sdwan-n-active.clab.yml")
    void eachFailureModeOfTheNvaCarryingTheFlowMovesItToTheOtherNvaOfTheRouteServersEcmpSet(LabReport report) {
        assertEachModeMovedTheFlow(report, List.of("nva1", "nva2"));
    }

    @LabTest("lab-configs/sdwan-n-active-4/sdwan-n-active-4.clab.yml")
    void withFourActiveNvasEachFailureModeMovesTheFlowToAnotherOfTheRemainingThree(LabReport report) {
        assertEachModeMovedTheFlow(report, List.of("nva1", "nva2", "nva3", "nva4"));
    }

    /**
     * Per failure mode: a convergence figure, the NVA that carried the stream before is one of the
     * ECMP set, after it is another one (so traffic continued, through a different NVA); a crash and
     * a silent failure are noticed only by the hold timer (3 s, keepalive 1): over a second without
     * replies.
     */
    static void assertEachModeMovedTheFlow(LabReport report, List<String> nvas) {
        List<LabReport.StepResult> traffic = report.steps().stream().filter(s -> s.measurements().containsKey("packets_sent")).toList();
        assertThat(traffic).hasSize(MODES.size());
        assertThat(report.steps().stream().filter(s -> s.measurements().containsKey("convergence_ms"))).hasSize(MODES.size());
        for (int i = 0; i < MODES.size(); i++) {
            LabReport.StepResult t = traffic.get(i);
            assertThat(t.description()).startsWith(MODES.get(i));
            Matcher m = CARRIED.matcher(t.reason());
            assertThat(m.find()).as("carrier before in: %s", t.reason()).isTrue();
            String before = m.group(2);
            assertThat(m.find()).as("carrier after in: %s", t.reason()).isTrue();
            String after = m.group(2);
            assertThat(before).as(MODES.get(i) + ": carrier before").isIn(nvas);
            assertThat(after).as(MODES.get(i) + ": carrier after").isIn(nvas).isNotEqualTo(before);
            assertThat(t.measurements().get("carrier_changed")).isEqualTo(1.0);
            if (MODES.get(i).equals("crash") || MODES.get(i).equals("silent failure")) {
                assertThat(t.measurements().get("outage_ms")).as(MODES.get(i) + ": blackhole until the hold timer").isGreaterThan(1000.0);
            }
        }
    }
}
