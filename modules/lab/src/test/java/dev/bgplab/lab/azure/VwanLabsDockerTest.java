package dev.bgplab.lab.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.junit.LabTest;
import dev.bgplab.lab.report.LabReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The Virtual-WAN-to-Virtual-WAN labs (seeds 000/001 options 2 and 3) and routing issues 3, 10 and 11,
 * each run as a user runs it against FRR containers; @LabTest fails on any failed step. These add
 * what the scenario files cannot state.
 */
@Tag("docker")
class VwanLabsDockerTest {

    static List<LabReport.StepResult> measured(LabReport r, String key) {
        return r.steps().stream().filter(s -> s.measurements().containsKey(key)).toList();
    }

    static LabReport.StepResult step(LabReport r, String nameStart) {
        return r.steps().stream().filter(s -> s.description().startsWith(nameStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no step named " + nameStart));
    }

    /** The interfaces a traffic measure saw carrying the stream before its steps ("path before: a, b; after: c"). */
    static String pathBefore(String reason) {
        return reason.substring(reason.indexOf("path before:"), reason.indexOf("; after:"));
    }

    static String pathAfter(String reason) {
        return reason.substring(reason.indexOf("; after:"));
    }

    @LabTest("lab-configs/vwan-sdwan-spokes/vwan-sdwan-spokes.clab.yml")
    void sdwanNvaInASpokeNeedsA32ToEachHubInstanceAndTheExcludeForTheFarSpokesToPingEachOther(LabReport report) {
        // without the /32s the report says why sdwan1's sessions are down: no route to the instances
        assertThat(step(report, "without /32s").reason()).contains("cause: sdwan1 -> 10.1.0.4").contains("cause: sdwan1 -> 10.1.0.5");
        // the trainee's view of the loop: hub1's explain names 65515 in the path it dropped
        assertThat(step(report, "...and drops it as a loop").actualRib()).contains("65515");
        List<LabReport.StepResult> pings = measured(report, "probes_received");
        assertThat(pings).hasSize(2).allSatisfy(p -> assertThat(p.measurements().get("probes_received")).isPositive());
    }

    @LabTest("lab-configs/vwan-sdwan-hubs/vwan-sdwan-hubs-ibgp.clab.yml")
    void sdwanNvasInOneAsOverIbgpNeedNextHopSelfAndStillTheExclude(LabReport report) {
        assertThat(step(report, "...and still drops it as a loop").actualRib()).contains("65515");
    }

    @LabTest("lab-configs/rs-session-up-then-down/rs-session-up-then-down.clab.yml")
    void nvaWithoutAStaticRouteToTheRouteServerFlapsAndA32KeepsItUp(LabReport report) {
        Instant fix = report.timeline().stream().filter(e -> e.kind().equals("fault") && e.text().contains("10.1.0.4/32"))
                .map(LabReport.TimelineEvent::at).findFirst().orElseThrow();
        List<LabReport.TimelineEvent> rsDown = report.timeline().stream()
                .filter(e -> e.node().equals("rs") && e.kind().equals("session") && e.text().startsWith("session nva1 Idle")).toList();
        assertThat(rsDown.stream().filter(e -> e.at().isBefore(fix)).count()).as("down before the fix: it flapped").isGreaterThanOrEqualTo(2);
        assertThat(rsDown.stream().filter(e -> e.at().isAfter(fix)).toList()).as("never down after the fix").isEmpty();
        assertThat(step(report, "nva2 drops them").reason()).contains("cause: rs -> 10.1.1.4").containsIgnoringCase("hold timer");
        LabReport.StepResult ping = measured(report, "probes_received").get(0);
        assertThat(ping.measurements().get("probes_lost")).isZero();
    }

    @LabTest("lab-configs/vwan-spokes-via-vpn/vwan-spokes-via-vpn.clab.yml")
    void onPremisesStrippingPrivateAsnsPullsInterHubTrafficOntoTheVpnUntilItFiltersWhatItSends(LabReport report) {
        LabReport.StepResult traffic = measured(report, "packets_sent").get(0);
        String before = pathBefore(traffic.reason()), after = pathAfter(traffic.reason());
        assertThat(before).as("before the fix vm2's pings cross on-premises").contains("onprem:");
        assertThat(after).as("after the fix they cross the backbone").doesNotContain("onprem:").contains("hub2:eth1");
    }

    @LabTest("lab-configs/vwan-hub-to-hub-via-expressroute/vwan-hub-to-hub-via-expressroute.clab.yml")
    void expressRoutePreferenceSendsHubToHubTrafficThroughTheMseeAndAsPathPreferenceOverTheBackbone(LabReport report) {
        String reason = measured(report, "packets_sent").get(0).reason();
        assertThat(pathBefore(reason)).as("before: through the MSEE").contains("msee:");
        assertThat(pathAfter(reason)).as("after: over the backbone").doesNotContain("msee:").contains("hub1:eth1");
    }
}
