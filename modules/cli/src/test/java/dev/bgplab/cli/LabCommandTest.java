package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("lab-configs"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** Copies a lab folder into {@code to}, replacing its scenario. */
    static Path copyLab(String lab, Path to, String scenarioName, String scenario) throws IOException {
        Path from = repo().resolve("lab-configs").resolve(lab);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(to.resolve(scenarioName), scenario);
        return to;
    }

    @Test
    void aFailingExpectationExitsNonZeroAndTheReportShowsTheActualRib(@TempDir Path dir) throws IOException {
        copyLab("embedded-pair", dir, "embedded-pair.scenario.yml", """
                steps:
                  - wait: {established: all}
                    timeout: 20s
                  - expect: {node: r3, prefix: 10.1.0.0/16, next-hops: [192.0.2.99]}
                    timeout: 2s
                """);
        Path reports = dir.resolve("reports");
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute("lab", "run",
                dir.resolve("embedded-pair.clab.yml").toString(), "--runtime", "embedded", "--reports", reports.toString());
        assertThat(code).isEqualTo(1);
        Path run;
        try (Stream<Path> dirs = Files.list(reports)) {
            run = dirs.filter(p -> p.getFileName().toString().startsWith("embedded-pair-")).findFirst().orElseThrow();
        }
        String json = Files.readString(run.resolve("report.json"));
        assertThat(json).containsPattern("\"verdict\"\\s*:\\s*\"FAIL\"").contains("next hops are [10.0.23.1], expected [192.0.2.99]")
                .contains("r3 routing table").contains("via 10.0.23.1 as-path 65002 65001");
        assertThat(Files.readString(run.resolve("report.txt"))).contains("FAIL").contains("r3 routing table");
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<svg").contains("r3 routing table").doesNotContain("http://", "https://");
    }

    @Test
    void aTopologyErrorNamesTheFileAndExitsTwo(@TempDir Path dir) throws IOException {
        Path topo = dir.resolve("bad.clab.yml");
        Files.writeString(topo, "name: bad\ntopology:\n  nodes:\n    r1: {kind: linux, image: x, colour: red}\n");
        assertThat(new CommandLine(new Main()).execute("lab", "run", topo.toString())).isEqualTo(2);
        assertThat(new CommandLine(new Main()).execute("lab", "validate", topo.toString())).isEqualTo(2);
        assertThat(new CommandLine(new Main()).execute("lab", "validate",
                repo().resolve("lab-configs/faults-lab/faults.clab.yml").toString())).isEqualTo(0);
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        for (String[] args : new String[][] {{"--help"}, {"lab", "--help"}, {"lab", "-h"}, {"lab", "run", "--help"}, {"lab", "up", "-h"},
                {"lab", "down", "-h"}, {"lab", "inspect", "-h"}, {"lab", "status", "-h"}, {"lab", "validate", "-h"},
                {"speaker", "-h"}, {"explain", "-h"}, {"check-config", "-h"}}) {
            java.io.StringWriter out = new java.io.StringWriter();
            CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
            cl.setOut(new java.io.PrintWriter(out));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: bgplab").doesNotContain("Unknown option");
        }
    }
}
