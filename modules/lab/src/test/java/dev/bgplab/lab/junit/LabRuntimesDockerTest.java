package dev.bgplab.lab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.scenario.LabRun;
import dev.bgplab.lab.topology.TopologyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("docker")
class LabRuntimesDockerTest {

    @LabTest(value = "lab-configs/quickstart-lab/quickstart.clab.yml", runtime = "docker")
    void quickstartFailsOverFromEcmpToTheRemainingNva(LabReport report) {
        assertThat(report.runtime()).isEqualTo("docker");
        LabReport.StepResult failover = report.steps().stream().filter(s -> s.kind().equals("measure")).findFirst().orElseThrow();
        assertThat(failover.measurements()).containsKey("convergence_ms");
        assertThat(Leftovers.findLab("quickstart").isEmpty()).isTrue();
    }

    @Test
    void embeddedPairGivesTheSameVerdictsAndRoutesInContainersAndInProcess() {
        Path file = LabTestExtension.locate("lab-configs/embedded-pair/embedded-pair.clab.yml");
        LabReport docker = LabRun.run(file, new LabRun.Options(LabRun.Runtime.DOCKER, false, System.out::println));
        LabReport embedded = LabRun.run(file, new LabRun.Options(LabRun.Runtime.EMBEDDED, false, System.out::println));
        assertThat(docker.passed()).as("docker run: %s", docker.steps()).isTrue();
        assertThat(verdicts(docker)).isEqualTo(verdicts(embedded));
        assertThat(routeOutcomes(docker)).isEqualTo(routeOutcomes(embedded)).isNotEmpty();
        assertThat(Leftovers.findLab("embedded-pair").isEmpty()).isTrue();
    }

    private static List<String> verdicts(LabReport r) {
        return r.steps().stream().map(s -> s.index() + " " + s.kind() + " " + s.verdict()).toList();
    }

    private static Set<String> routeOutcomes(LabReport r) {
        return r.routeChanges().stream().map(c -> c.node() + " " + c.prefix() + ": " + c.before() + " -> " + c.after())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void everyMissingImageIsListedAtOnceWithWhatToDo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yml"), "router-id: 10.0.0.1\nasn: 65001\n");
        Path topo = dir.resolve("noimage.clab.yml");
        Files.writeString(topo, """
                name: noimage
                topology:
                  nodes:
                    r1: {kind: linux, image: "bgplab/speaker:no-such-tag", labels: {bgplab.config: r.yml}}
                    h1: {kind: linux, image: "registry.example/acme/probe:1"}
                """);
        Files.writeString(dir.resolve("noimage.scenario.yml"), "steps:\n  - wait: {established: all}\n");
        assertThatThrownBy(() -> LabRun.run(topo, new LabRun.Options(LabRun.Runtime.DOCKER, false, s -> { })))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("bgplab/speaker:no-such-tag (nodes [r1])")
                .hasMessageContaining("docker/images.sh speaker")
                .hasMessageContaining("2 image(s) not present")
                .hasMessageContaining("registry.example/acme/probe:1 (nodes [h1])")
                .hasMessageContaining("--image-map registry.example/acme/probe:1=IMAGE");
        assertThat(Leftovers.findLab("noimage").isEmpty()).isTrue();
    }
}
