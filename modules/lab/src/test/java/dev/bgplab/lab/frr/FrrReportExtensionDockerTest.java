package dev.bgplab.lab.frr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A failing test that watches a node leaves FRR's log and running config in its report folder. */
@Tag("docker")
class FrrReportExtensionDockerTest {

    private static final String PREFIX = "bgplab-test-report-";

    // handed to FailingScenario, which only runs when this test launches it
    private static volatile FrrNode node;
    private static volatile Path reportRoot;

    @Test
    void failingTestWritesLogsAndRunningConfig(@TempDir Path root) throws Exception {
        Leftovers.clean(PREFIX);
        try (LabNetwork net = LabNetwork.createFree(PREFIX + "net", false, 130);
                FrrNode r1 = FrrNode.builder(PREFIX + "r1").network(net, net.ipv4(11))
                        .frrConf("router bgp 65042\n bgp router-id 10.255.0.42\n").start()) {
            node = r1;
            reportRoot = root;

            EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingScenario.class)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(1).failed(1));

            Path dir = root.resolve("FailingScenario").resolve("checksSomething").resolve(PREFIX + "r1");
            assertThat(Files.readString(dir.resolve("running-config.txt"))).contains("router bgp 65042");
            assertThat(Files.readString(dir.resolve("frr.log"))).contains("Configuration Read");
            assertThat(dir.resolve("bgp-neighbors.json")).exists();
            assertThat(dir.resolve("container.log")).exists();
        } finally {
            node = null;
            reportRoot = null;
            Leftovers.clean(PREFIX);
        }
    }

    /** Not found by Surefire (nested, static); run only through EngineTestKit above. */
    static class FailingScenario {
        @RegisterExtension
        final FrrReportExtension reports = new FrrReportExtension(reportRoot == null ? Path.of("unused") : reportRoot);

        @Test
        void checksSomething() {
            Assumptions.assumeTrue(node != null, "runs only from FrrReportExtensionDockerTest");
            reports.watch(node);
            fail("fails on purpose, so that the extension writes a report");
        }
    }
}
