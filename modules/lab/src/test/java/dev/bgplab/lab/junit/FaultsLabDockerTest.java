package dev.bgplab.lab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;
import org.junit.jupiter.api.Tag;

@Tag("docker")
class FaultsLabDockerTest {

    @LabTest(value = "lab-configs/faults-lab/faults.clab.yml", runtime = "docker")
    void everyFaultKindTakesEffectAndIsMeasured(LabReport report) {
        LabReport.StepResult loss = report.steps().stream().filter(s -> s.measurements().containsKey("probes_sent")).findFirst().orElseThrow();
        assertThat(loss.measurements().get("probes_sent")).isPositive();
        assertThat(loss.measurements().get("probes_received")).isPositive();
        LabReport.StepResult silent = report.steps().stream().filter(s -> s.measurements().containsKey("convergence_ms")).findFirst().orElseThrow();
        assertThat(silent.verdict()).isEqualTo(LabReport.Verdict.PASS);
        assertThat(report.timeline()).anyMatch(e -> e.kind().equals("fault") && e.text().contains("blackhole"));
        // r1 is FRR: its changes come from its kernel, stamped by ip monitor
        assertThat(report.routeChanges()).anyMatch(c -> c.node().startsWith("r1") && c.prefix().equals("10.33.0.0/16"));
    }
}
