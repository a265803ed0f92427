package dev.bgplab.lab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;

class EmbeddedPairTest {

    @LabTest(value = "lab-configs/embedded-pair/embedded-pair.clab.yml", runtime = "embedded")
    void routesCrossTheHubAndGoWhenItStops(LabReport report) {
        assertThat(report.runtime()).startsWith("embedded");
        assertThat(report.steps()).hasSize(9).allMatch(s -> s.verdict() != LabReport.Verdict.FAIL);
        assertThat(report.routeChanges()).anyMatch(c -> c.node().equals("r3") && c.prefix().equals("10.1.0.0/16")
                && c.after().equals("10.0.23.1 [65002 65001]"));
    }
}
