package dev.bgplab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    private final LabReport report = SampleReports.routeServerLab();

    @Test
    void headerNamesTheLabRuntimeDurationAndVerdict() {
        List<String> lines = TextReport.render(report).lines().toList();

        assertThat(lines.get(0)).isEqualTo("Lab azure-route-server  [FAIL]  1 of 5 steps failed");
        assertThat(lines).contains(
                "  runtime   docker",
                "  duration  13.0 s",
                "  topology  lab-configs/azure-rs/topology.yaml",
                "  nodes     rs1 (bgplab, route-server, AS 65515), nva1 (frr, nva, AS 65001), nva2 (frr, nva, AS 65001)");
        assertThat(lines.getLast()).isEqualTo("[FAIL] azure-route-server: 1 of 5 steps failed in 13.0 s");
    }

    @Test
    void printsOneLinePerStepWithTheReasonIndentedUnderAFailure() {
        List<String> lines = TextReport.render(report).lines().toList();

        assertThat(lines).contains(
                "[PASS] 1 wait sessions Established: rs1-nva1, rs1-nva2  (3.1 s)",
                "[PASS] 2 expect 10.0.0.0/8 at rs1 has next hops {10.0.1.4, 10.0.1.5}  (1.2 s)",
                "[INFO] 3 fault stop bgpd on nva2  (400 ms)",
                "[PASS] 4 measure convergence after nva2 loss  (2.6 s)");
        int fail = lines.indexOf("[FAIL] 5 expect 10.0.0.0/8 at rs1 has next hops {10.0.1.4}  (5.0 s)");
        assertThat(fail).isPositive();
        assertThat(lines.get(fail + 1))
                .isEqualTo("       next hops were {10.0.1.4, 10.0.1.5} after 5 s: rs1 still holds the path via <nva2> & its hold timer runs");
        // A pass keeps to one line.
        int pass = lines.indexOf("[PASS] 2 expect 10.0.0.0/8 at rs1 has next hops {10.0.1.4, 10.0.1.5}  (1.2 s)");
        assertThat(lines.get(pass + 1)).startsWith("[INFO] 3");
    }

    @Test
    void showsMeasurementsRouteChangesAndTheActualRibOfTheFailedExpectation() {
        String text = TextReport.render(report);

        assertThat(text).contains("Measurements\n  convergence 2.31 s  (step 4)\n  probe loss 14/500 (2.8 %)  (step 4)\n");
        assertThat(text).contains("Routes that changed\n"
                + "  +3.1 s  rs1  10.0.0.0/8  (none)  ->  via 10.0.1.4, 10.0.1.5 (multipath)\n"
                + "  +6.9 s  nva1  10.0.0.0/8  via 10.0.1.4, 10.0.1.5  ->  via 10.0.1.4\n");
        assertThat(text).contains("Actual RIB for step 5 expect 10.0.0.0/8 at rs1 has next hops {10.0.1.4}\n"
                + "    BGP table version is 7, local router ID is 10.0.1.10\n");
        assertThat(text).contains("    *>                  10.0.1.4                 0             0 65001 i\n");
    }

    @Test
    void isPlainUnlessColourIsAsked() {
        String plain = TextReport.render(report);
        String colour = TextReport.render(report, true);

        assertThat(plain).doesNotContain("\u001b");
        assertThat(colour).contains("\u001b[32m[PASS]\u001b[0m 1 wait", "\u001b[31m\u001b[1m[FAIL]\u001b[0m 5 expect");
        assertThat(colour.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void dropsTerminalControlSequencesFromCapturedText() {
        LabReport r = new LabReport("x", null, null, "embedded", SampleReports.T0, SampleReports.T0.plusSeconds(1),
                List.of(), List.of(),
                List.of(new StepResult(1, "expect", "route\u001b[2J at n1", Verdict.FAIL, "bad\u0007 news", 10, null, "rib\u001b[31m red")),
                List.of(), List.of());

        String text = TextReport.render(r);

        assertThat(text).doesNotContain("\u001b", "\u0007").contains("[FAIL] 1 expect route at n1  (10 ms)", "       bad news", "    rib red");
        assertThat(text).startsWith("Lab x  [FAIL]");
    }

    @Test
    void aPassingRunSaysPass() {
        LabReport r = new LabReport("ok", null, null, "embedded", SampleReports.T0, SampleReports.T0.plusMillis(61_500),
                List.of(), List.of(),
                List.of(new StepResult(1, "wait", "nothing", Verdict.PASS, "fine", 0, null, null)), List.of(), List.of());

        assertThat(TextReport.render(r)).startsWith("Lab ok  [PASS]  1 of 1 step passed\n").contains("  duration  1 min 2 s\n");
    }
}
