package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code dropped:} on an FRR node is checked against FRR's own log of why it denied a route (real FRR 8.4). */
@Tag("docker")
class FrrDroppedDockerTest {

    @Test
    void droppedOnFrrPassesForTheReasonFrrLogsAndFailsForAnother() {
        LabReport r = LabRun.run(Path.of("src/test/resources/labs/dropped-frr/dropped-frr.clab.yml"),
                new LabRun.Options(LabRun.Runtime.DOCKER, false, System.out::println));
        List<String> verdicts = r.steps().stream().map(s -> s.verdict().name()).toList();
        assertThat(verdicts).as("steps: %s", r.steps()).containsExactly("PASS", "PASS", "PASS", "FAIL", "PASS", "PASS", "PASS", "FAIL");
        assertThat(r.steps().get(3).reason()).contains("not dropped for as-loop").contains("DENIED due to: route-map");
        assertThat(r.steps().get(7).reason()).contains("cannot be checked on FRR");
    }
}
