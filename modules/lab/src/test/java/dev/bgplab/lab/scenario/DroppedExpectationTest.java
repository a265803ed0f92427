package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.runtime.EmbeddedLab;
import dev.bgplab.lab.runtime.RunningLab;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expectations that say why a route is missing, checked against the bgplab node's explain (in-process). */
class DroppedExpectationTest {

    @Test
    void droppedAsLoopPassesForOwnAsInThePathAndFailsForARouteMissingForAnotherReasonRfc4271Section9_1_2() {
        Topology topology = TopologyLoader.load(Path.of("src/test/resources/labs/dropped/dropped.clab.yml"));
        Scenario scenario = ScenarioLoader.load(topology.scenarioFile(), topology);
        List<StepResult> r;
        try (RunningLab lab = EmbeddedLab.deploy(topology, "test", s -> { })) {
            ScenarioRunner runner = new ScenarioRunner(lab, System.out::println);
            runner.run(scenario);
            r = runner.results();
        }
        assertThat(r.get(1).verdict()).as(r.get(1).reason()).isEqualTo(Verdict.PASS);
        assertThat(r.get(2).verdict()).as(r.get(2).reason()).isEqualTo(Verdict.PASS);
        assertThat(r.get(2).actualRib()).as("the explain goes into the report").contains("holds our own AS 65002");
        assertThat(r.get(3).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.get(3).reason()).contains("is not dropped for as-loop").contains("route-map IN");
        assertThat(r.get(3).actualRib()).contains("r2 explain 10.6.0.0/16");
        assertThat(r.get(4).verdict()).as(r.get(4).reason()).isEqualTo(Verdict.PASS);
        assertThat(r.get(5).verdict()).as(r.get(5).reason()).isEqualTo(Verdict.PASS);
        assertThat(r.get(7).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.get(7).reason()).contains("sessions").contains("are down").contains("sessions-down-ok");
        assertThat(r.get(8).verdict()).as(r.get(8).reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aNonBooleanWhereABooleanIsExpectedNamesTheFieldAndWhatIsValid() {
        Topology topology = TopologyLoader.load(Path.of("src/test/resources/labs/dropped/dropped.clab.yml"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.parse(Path.of("x.scenario.yml"),
                        "steps:\n  - expect: {node: r2, prefix: 10.1.0.0/16, absent: yes-please}\n", topology))
                .hasMessageContaining("x.scenario.yml").hasMessageContaining("absent")
                .hasMessageContaining("'yes-please' is not a boolean; write true or false");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.parse(Path.of("x.scenario.yml"),
                        "steps:\n  - expect: {node: r2, prefix: 10.1.0.0/16, dropped: loop}\n", topology))
                .hasMessageContaining("'loop' is not a reason; valid: [as-loop, malformed, max-prefix, no-policy, not-received, prefix-list, route-map]");
    }

    @Test
    void aFolderOfScenariosRunsInOrderOnOneDeploymentAndFailFastStopsAtTheFirstFailure() {
        var report = LabRun.run(Path.of("src/test/resources/labs/dropped/dropped.clab.yml"),
                new LabRun.Options(LabRun.Runtime.EMBEDDED, false, System.out::println).withScenario("more", true));
        assertThat(report.scenarioFile()).contains("1-up.scenario.yml").contains("2-wrong.scenario.yml");
        assertThat(report.steps()).extracting(StepResult::verdict).containsExactly(Verdict.PASS, Verdict.PASS, Verdict.FAIL);
    }

    @Test
    void aScenarioMistakeNamesTheFileItsLineAndWhatIsValid() {
        Topology topology = TopologyLoader.load(Path.of("src/test/resources/labs/dropped/dropped.clab.yml"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.parse(Path.of("x.scenario.yml"),
                        "timeout: 5s\nsteps:\n  - wait: {established: all}\n  - fault: {crash: r9}\n", topology))
                .hasMessageStartingWith("x.scenario.yml:4: steps[1].fault.crash: node 'r9' is not in the topology; nodes are [r1, r2]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.parse(Path.of("x.scenario.yml"),
                        "steps:\n  - wait: {established: all}\n\n  - expect:\n      node: r2\n      prefix: 10.1.0.0/16\n      absent: maybe\n", topology))
                .hasMessageStartingWith("x.scenario.yml:7: steps[1].expect.absent: 'maybe' is not a boolean");
    }
}
