package dev.bgplab.lab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.bgplab.lab.report.LabReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** A @LabTest whose scenario fails fails the test, with the failed step's reason, the actual RIB and the report. */
class LabTestExtensionTest {

    @EnabledIfSystemProperty(named = "bgplab.testkit.failing-lab", matches = "true")
    static class FailingLab {
        @LabTest(value = "src/test/resources/labs/failing-pair/failing-pair.clab.yml", runtime = "embedded")
        void wrongNextHop(LabReport report) {
            throw new AssertionError("not reached: the lab failed before the body");
        }
    }

    @Test
    void aFailedExpectationFailsTheTestWithItsReasonAndTheActualRib() throws Exception {
        System.setProperty("bgplab.testkit.failing-lab", "true");
        Events events;
        try {
            events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingLab.class)).execute().testEvents();
        } finally {
            System.clearProperty("bgplab.testkit.failing-lab");
        }
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getMessage()).contains("lab failing-pair failed")
                .contains("next hops are [10.0.23.1], expected [192.0.2.1]")
                .contains("r3 routing table").contains("via 10.0.23.1 as-path 65002 65001");
        Path report = Path.of("target/lab-reports/FailingLab/wrongNextHop/report.json");
        assertThat(Files.readString(report)).contains("\"verdict\" : \"FAIL\"");
    }
}
