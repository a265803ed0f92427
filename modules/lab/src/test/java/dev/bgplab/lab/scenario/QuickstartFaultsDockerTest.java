package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.report.LabReport.StepResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Must-show 1 for the quickstart lab: for stop, kill, crash (hold 9 s) and link-down of nva2, the
 * route server's convergence (its kernel table) and the UDP flows' longest outage agree within
 * the errors the report states, and the route server's ECMP hash spread the flows over both NVAs.
 */
@Tag("docker")
class QuickstartFaultsDockerTest {

    @Test
    void convergenceAtTheRouteServerAndTheFlowsOutageAgreeWithinTheStatedErrorForEveryFault() {
        LabReport r = LabRun.run(Path.of("../../lab-configs/quickstart-lab/quickstart.clab.yml"),
                new LabRun.Options(LabRun.Runtime.DOCKER, false, System.out::println).withScenario("quickstart-faults", false));
        assertThat(r.passed()).as("steps: %s", r.steps()).isTrue();
        List<StepResult> steps = r.steps();
        int faults = 0;
        for (int i = 0; i < steps.size(); i++) {
            StepResult traffic = steps.get(i);
            if (!traffic.description().contains("udp flow(s)")) {
                continue;
            }
            faults++;
            StepResult convergence = steps.get(i + 2);
            assertThat(convergence.measurements()).as(convergence.description()).containsKey("convergence_ms");
            double c = convergence.measurements().get("convergence_ms");
            double cErr = convergence.measurements().get("convergence_error_ms");
            double o = traffic.measurements().get("outage_ms");
            double oErr = traffic.measurements().get("outage_error_ms");
            System.out.printf("%s: convergence %.1f ms (+%.1f), longest flow outage %.1f ms (±%.1f), %s of %s packets lost%n",
                    traffic.description().replaceFirst(":.*", ""), c, cErr, o, oErr, traffic.measurements().get("packets_lost"),
                    traffic.measurements().get("packets_sent"));
            if (traffic.description().startsWith("stop") || traffic.description().startsWith("kill")) {
                // the route server hears at once (Cease, FIN/RST) and nva2 forwards until its namespace goes: no more loss
                // than the control plane's few ms explain
                assertThat(o).as("%s: outage %.1f vs convergence %.1f", traffic.description(), o, c).isLessThanOrEqualTo(c + cErr + oErr);
            } else {
                // crash, link-down: the flows through nva2 lose packets until the route server's kernel drops nva2
                assertThat(Math.abs(o - c)).as("%s: outage %.1f vs convergence %.1f", traffic.description(), o, c)
                        .isLessThanOrEqualTo(oErr + cErr);
                assertThat(traffic.measurements().get("flows_with_outage")).isGreaterThan(0);
            }
            assertThat(traffic.measurements().get("flows")).isEqualTo(16.0);
            assertThat(traffic.reason()).contains("before: ").contains("via nva1 (branch:eth1)");
        }
        assertThat(faults).isEqualTo(4);
    }
}
