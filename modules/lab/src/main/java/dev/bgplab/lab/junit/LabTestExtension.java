package dev.bgplab.lab.junit;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.scenario.LabRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/** Runs the lab of a {@link LabTest} before the test body; see there. */
public final class LabTestExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabTestExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        LabTest lab = context.getRequiredTestMethod().getAnnotation(LabTest.class);
        Path file = locate(lab.value());
        if (!lab.runtime().equalsIgnoreCase("embedded") && dev.bgplab.lab.runtime.DockerLab.engineAvailable()) {
            // what a killed earlier run left of this lab (found by its label, never by a name alone)
            dev.bgplab.lab.runtime.DockerLab.teardown(dev.bgplab.lab.topology.TopologyLoader.load(file).name());
        }
        LabRun.Options options = new LabRun.Options(LabRun.Runtime.valueOf(lab.runtime().toUpperCase(Locale.ROOT)),
                false, line -> System.out.println("lab: " + line));
        if (!lab.scenario().isEmpty()) options = options.withScenario(lab.scenario(), false);
        LabReport report = LabRun.run(file, options);
        Path dir = Path.of(System.getProperty("bgplab.lab.reports", "target/lab-reports"),
                context.getRequiredTestClass().getSimpleName(), context.getRequiredTestMethod().getName());
        dev.bgplab.lab.report.ReportFiles.write(report, dir);
        context.getStore(NS).put(LabReport.class, report);
        if (!report.passed()) {
            context.publishReportEntry("lab-report", dir.toAbsolutePath().toString());
            String failed = report.steps().stream().filter(s -> s.verdict() == LabReport.Verdict.FAIL)
                    .map(s -> "step " + s.index() + " " + s.kind() + " " + s.description() + ": " + s.reason()
                            + (s.actualRib() == null ? "" : "\n" + s.actualRib()))
                    .collect(Collectors.joining("\n"));
            throw new AssertionFailedError("lab " + report.name() + " failed (report: " + dir.toAbsolutePath() + "):\n" + failed);
        }
    }

    static Path locate(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        throw new AssertionFailedError("@LabTest: " + file + " not found from " + Path.of("").toAbsolutePath() + " or its parents");
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LabReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get(LabReport.class, LabReport.class);
    }
}
