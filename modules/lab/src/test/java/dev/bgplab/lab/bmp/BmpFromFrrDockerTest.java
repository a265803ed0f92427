package dev.bgplab.lab.bmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.scenario.LabRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** FRR 8.4 sends its BGP table changes over BMP (RFC 7854) to the harness, and they feed the convergence figure. */
@Tag("docker")
class BmpFromFrrDockerTest {

    @Test
    void aWithdrawalReachesTheStreamThroughBmpAndAgreesWithTheKernelFigureRfc7854Section4_6() {
        LabReport r = LabRun.run(Path.of("src/test/resources/labs/bmp-frr/bmp-frr.clab.yml"),
                new LabRun.Options(LabRun.Runtime.DOCKER, false, System.out::println));
        r.routeChanges().forEach(c -> System.out.println("route change: " + c));
        assertThat(r.passed()).as("steps: %s", r.steps()).isTrue();
        LabReport.StepResult bmp = r.steps().get(3);
        LabReport.StepResult kernel = r.steps().get(4);
        assertThat(bmp.reason()).contains("r2's BGP table through BMP");
        assertThat(kernel.reason()).contains("r2's kernel table");
        double viaBmp = bmp.measurements().get("convergence_ms");
        double viaKernel = kernel.measurements().get("convergence_ms");
        System.out.printf("withdrawal: BGP table (BMP) %.1f ms, kernel %.1f ms after the fault%n", viaBmp, viaKernel);
        // zebra installs what bgpd chose: the kernel changes after the BGP table, a few ms later
        assertThat(viaBmp).isLessThanOrEqualTo(viaKernel + bmp.measurements().get("convergence_error_ms"));
        assertThat(viaKernel - viaBmp).isLessThan(100);
        assertThat(r.routeChanges()).anySatisfy(c -> {
            assertThat(c.node()).startsWith("r2 bmp");
            assertThat(c.prefix()).isEqualTo("10.8.0.0/16");
            assertThat(c.after()).isEqualTo("(absent)");
        });
    }
}
