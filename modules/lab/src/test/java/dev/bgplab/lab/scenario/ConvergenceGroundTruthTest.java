package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.runtime.EmbeddedLab;
import dev.bgplab.lab.runtime.RouteEvent;
import dev.bgplab.lab.runtime.RunningLab;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The convergence figure against a known answer: after the fault (a stops: rs still has b's path),
 * a scripted peer (b) withdraws the prefix N ms later, so rs converges exactly when b's withdrawal
 * arrives. The truth is b's own stamp of its withdrawal, taken independently of the measurement.
 */
class ConvergenceGroundTruthTest {

    private static final Path LAB = Path.of("src/test/resources/labs/ground-truth");

    @ParameterizedTest(name = "withdrawn {0} ms after the fault")
    @ValueSource(ints = {300, 1300})
    void convergenceMeasuresTheFaultToTheRouteChangeThatEndsItWithinTenMilliseconds(int n) throws Exception {
        // on a machine loaded beyond its cores, a stall between b's withdrawal and rs receiving it
        // (not a measurement error: rs really converged later) can exceed 10 ms once: one more try then
        try {
            measureOnce(n);
        } catch (AssertionError stalled) {
            System.out.println("retrying once: " + stalled.getMessage().lines().findFirst().orElse(""));
            measureOnce(n);
        }
    }

    private void measureOnce(int n) throws Exception {
        Topology topology = TopologyLoader.load(LAB.resolve("ground-truth.clab.yml"));
        Scenario scenario = ScenarioLoader.load(topology.scenarioFile(), topology);
        String withdrawn = Files.readString(LAB.resolve("b-withdrawn.yml"));
        ScheduledExecutorService scripted = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<Instant> faultAt = new AtomicReference<>();
        try (RunningLab lab = EmbeddedLab.deploy(topology, "ground-truth test", s -> { })) {
            warmUp(lab, Files.readString(LAB.resolve("b.yml")));
            ScenarioRunner runner = new ScenarioRunner(lab, System.out::println);
            runner.onFault((f, took) -> {
                faultAt.set(took.at());
                long delay = TimeUnit.MILLISECONDS.toNanos(n) - Duration.between(took.at(), Instant.now()).toNanos();
                scripted.schedule(() -> lab.node("b").configure(List.of(withdrawn)), delay, TimeUnit.NANOSECONDS);
            });
            runner.run(scenario);

            StepResult measure = runner.results().get(3);
            assertThat(measure.verdict()).as(measure.reason()).isEqualTo(Verdict.PASS);
            RouteEvent bWithdrew = lab.node("b").events().stream()
                    .filter(e -> "10.9.0.0/16".equals(e.prefix()) && e.nextHops().isEmpty() && e.at().isAfter(faultAt.get()))
                    .findFirst().orElseThrow();
            double truth = Duration.between(faultAt.get(), bWithdrew.at()).toNanos() / 1e6;
            double measured = measure.measurements().get("convergence_ms");
            System.out.printf("ground truth: b withdrew %.1f ms after the fault (scheduled at %d ms); measured %.1f ms (error +%.1f ms);"
                    + " the harness polled it at %.1f ms%n", truth, n, measured, measure.measurements().get("convergence_error_ms"),
                    measure.measurements().get("polled_ms"));
            assertThat(truth).isBetween((double) n, n + 100.0);
            // never before the withdrawal, and within 10 ms of it
            assertThat(measured).isGreaterThanOrEqualTo(truth).isCloseTo(truth, within(10.0));
        } finally {
            scripted.shutdownNow();
        }
    }

    /**
     * Sends one announcement and one withdrawal through b and rs before the scenario, so that the
     * first withdrawal measured does not also carry the JIT compiling that path (about 10 ms once).
     */
    private static void warmUp(RunningLab lab, String bYaml) {
        String extra = bYaml.replace("networks: [10.9.0.0/16]", "networks: [10.9.0.0/16, 10.98.0.0/16]");
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> has(lab, "10.9.0.0/16"));
        for (int i = 0; i < 3; i++) {
            lab.node("b").configure(List.of(extra));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> has(lab, "10.98.0.0/16"));
            lab.node("b").configure(List.of(bYaml));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !has(lab, "10.98.0.0/16"));
        }
    }

    private static boolean has(RunningLab lab, String prefix) {
        return lab.node("rs").routes("bgp").stream().anyMatch(e -> e.prefix().equals(prefix) && !e.selectedPaths().isEmpty());
    }
}
