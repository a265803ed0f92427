package dev.bgplab.lab.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.junit.LabTest;
import dev.bgplab.lab.report.LabReport;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The Azure labs of lab-configs/, each run as a user runs it (deploy, scenario, report, tear down)
 * against FRR containers; @LabTest fails on any failed step. These add what the scenario files
 * cannot state: that the measurements were taken.
 */
@Tag("docker")
class AzureLabsDockerTest {

    static List<LabReport.StepResult> measured(LabReport r, String key) {
        return r.steps().stream().filter(s -> s.measurements().containsKey(key)).toList();
    }

    @LabTest("lab-configs/sdwan-active-standby/sdwan-active-standby.clab.yml")
    void activeStandbyFailsOverAndBackWithLossMeasured(LabReport report) {
        assertThat(measured(report, "convergence_ms")).hasSize(2);
        assertThat(measured(report, "probes_sent")).hasSize(2);
    }

    @LabTest("lab-configs/vwan-sdwan-hubs/vwan-sdwan-hubs.clab.yml")
    void vwanToVwanWithSdwanNvasDropsAsALoopWithoutTheExcludeAndDeliversWithIt(LabReport report) {
        assertThat(report.steps()).anySatisfy(s -> assertThat(s.description()).contains("received (pre-policy): 10.2.0.0/16 present"));
    }

    @LabTest("lab-configs/expressroute-vpn-coexistence/expressroute-vpn-coexistence.clab.yml")
    void expressRouteIsPreferredBothWaysAndTheVpnTakesOverWhileTheCircuitIsDown(LabReport report) {
        assertThat(measured(report, "convergence_ms")).hasSize(2);
    }

    @LabTest("lab-configs/vwan-vpn-gateways/vwan-vpn-gateways.clab.yml")
    void vwanToVwanOverVpnGatewaysLoopsOn65515WithBgpAndWorksWithStaticRoutes(LabReport report) {
        LabReport.StepResult ping = measured(report, "probes_received").get(0);
        assertThat(ping.measurements().get("probes_received")).isPositive();
        assertThat(ping.measurements().get("probes_lost")).isZero();
    }

    @LabTest("lab-configs/rs-half-the-vms/rs-half-the-vms.clab.yml")
    void anNvaPeeredWithOneRouteServerInstanceLeavesTheOtherInstancesVmsWithoutRoutes(LabReport report) {
        List<LabReport.StepResult> pings = measured(report, "probes_received");
        assertThat(pings).hasSize(3);
        assertThat(pings.get(0).measurements().get("probes_received")).as("vm0 before the fix").isPositive();
        assertThat(pings.get(1).measurements().get("probes_received")).as("vm1 before the fix").isZero();
        assertThat(pings.get(1).measurements().get("probes_sent")).as("vm1 before the fix").isPositive();
        assertThat(pings.get(2).measurements().get("probes_received")).as("vm1 after the fix").isPositive();
    }

    @LabTest("lab-configs/rs-spoke-added-flap/rs-spoke-added-flap.clab.yml")
    void aSpokeAddedRefreshesTheNvaWhoseReAdvertisementTripsTheRouteServerLimit(LabReport report) {
        LabReport.StepResult ping = measured(report, "probes_lost").get(0);
        assertThat(ping.measurements().get("probes_lost")).as("the NVA's routes were gone for a while").isPositive();
    }
}
