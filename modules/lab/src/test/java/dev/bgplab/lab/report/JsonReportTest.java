package dev.bgplab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        LabReport report = SampleReports.routeServerLab();
        Path file = dir.resolve("sub/report.json");

        JsonReport.write(report, file);

        assertThat(JsonReport.read(file)).isEqualTo(report);
    }

    @Test
    void writesTimesAsIsoStringsAndTheOverallVerdict() {
        String json = JsonReport.toJson(SampleReports.routeServerLab());

        assertThat(json).contains("\"started\" : \"2026-11-22T03:00:00Z\"", "\"passed\" : false",
                "\"convergenceMillis\" : 2310.0", "\"verdict\" : \"FAIL\"");
    }

    @Test
    void keepsNullsAndNanosecondTimes() {
        LabReport r = new LabReport("n", null, null, "embedded", SampleReports.T0.plusNanos(123_456_789), SampleReports.T0.plusSeconds(2),
                java.util.List.of(), java.util.List.of(),
                java.util.List.of(new LabReport.StepResult(1, "wait", "w", LabReport.Verdict.INFO, null, 5, null, null)),
                java.util.List.of(), java.util.List.of());

        assertThat(JsonReport.fromJson("mem", JsonReport.toJson(r))).isEqualTo(r);
    }

    @Test
    void aBrokenFileIsNamedInTheError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "{\"name\": \"x\", \"started\": \"yesterday\"}");

        assertThatThrownBy(() -> JsonReport.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": not a bgplab lab report")
                .hasMessageContaining("line 1");
    }
}
