package dev.bgplab.lab.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.junit.LabTest;
import dev.bgplab.lab.report.LabReport;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The ExpressRoute, VPN-gateway, default-route and Route Server limit labs of lab-configs/ (routing
 * issues 2, 5, 6, 7, 9 and 12), each run as a user runs it against FRR containers; @LabTest fails on any failed step. These
 * add what the scenario files cannot state: that pings which must fail did fail, and why.
 */
@Tag("docker")
class ExpressRouteLabsDockerTest {

    static LabReport.StepResult step(LabReport r, String descriptionPart) {
        return r.steps().stream().filter(s -> s.description().contains(descriptionPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + descriptionPart + "' in " + r.steps().stream()
                        .map(LabReport.StepResult::description).toList()));
    }

    static double m(LabReport.StepResult s, String key) {
        Double v = s.measurements().get(key);
        assertThat(v).as(s.description() + ": " + key + " in " + s.measurements()).isNotNull();
        return v;
    }

    /** Every packet of the step lost, and packets were sent. */
    static void allLost(LabReport r, String descriptionPart, String sent, String lost) {
        LabReport.StepResult s = step(r, descriptionPart);
        assertThat(m(s, sent)).as(s.description() + ": sent").isPositive();
        assertThat(m(s, lost)).as(s.description() + ": lost").isEqualTo(m(s, sent));
    }

    @LabTest("lab-configs/er-sdwan-branch-to-branch/er-sdwan-branch-to-branch.clab.yml")
    void branchToBranchPushesTheGatewayPastItsCircuitLimitAndNoAdvertiseBringsTheCircuitBack(LabReport report) {
        // at 1000 routes the circuit carries everything; at 1001 on-premises is cut off; after the fix it is back
        assertThat(m(step(report, "on-premises host to the VM at 1000 routes"), "probes_received")).isPositive();
        allLost(report, "on-premises is cut off", "packets_sent", "packets_lost");
        assertThat(m(step(report, "on-premises host to the VM after the fix"), "probes_received")).isPositive();
        // the cause, in the gateway's explain for the on-premises prefix it lost with the circuit
        assertThat(report.toString()).contains("ExpressRoute gateway limit of 1000 routes advertised to the circuit exceeded: 1001");
    }

    @LabTest(value = "lab-configs/expressroute-vpn-coexistence/expressroute-vpn-coexistence.clab.yml",
            scenario = "traffic-stays-on-vpn-after-expressroute-recovers")
    void withoutLocalPreferenceOnPremisesStaysOnTheVpnAfterTheCircuitRecoversUntilTheVpnPathIsPrepended(LabReport report) {
        // the symptom: replies from on-premises come back through the CE's tunnel interface (eth2), requests left over the circuit
        LabReport.StepResult symptom = step(report, "the symptom");
        assertThat(symptom.reason()).contains("ce:eth2").contains("msee:eth1");
        LabReport.StepResult fixed = step(report, "symmetric again");
        assertThat(fixed.reason()).doesNotContain("ce:eth2");
        List<LabReport.StepResult> convergence = report.steps().stream().filter(s -> s.measurements().containsKey("convergence_ms")).toList();
        assertThat(convergence).hasSize(3);
    }

    @LabTest("lab-configs/rs-limit-2001-routes/rs-limit-2001-routes.clab.yml")
    void anFrrNvaReAdvertising2001RoutesInOneUpdateCounts4002AgainstTheRouteServerLimitOf4000(LabReport report) {
        assertThat(report.toString()).contains("Route Server limit of 4000 routes per peer exceeded: 4002");
        assertThat(m(step(report, "a spoke is peered"), "packets_lost")).as("the VM lost the NVA's prefixes for a while").isPositive();
    }

    @LabTest("lab-configs/onprem-no-default-route-via-vpn/onprem-no-default-route-via-vpn.clab.yml")
    void aVpnGatewayNeverPassesTheDefaultRouteOnAndTheTwoHalvesGetThrough(LabReport report) {
        allLost(report, "the branch cannot reach the internet", "packets_sent", "packets_lost");
        assertThat(m(step(report, "the branch reaches the internet through Azure"), "packets_sent")).isPositive();
    }

    @LabTest("lab-configs/nva-loses-internet-after-default-route/nva-loses-internet-after-default-route.clab.yml")
    void anNvaAdvertisingTheDefaultLoopsItsOwnInternetTrafficUntilItsSubnetGetsAUserRoute(LabReport report) {
        allLost(report, "the symptom", "packets_sent", "packets_lost");
        allLost(report, "...and so is the VMs' internet traffic", "packets_sent", "packets_lost");
        // after the fix the VM's pings go through the NVA
        assertThat(step(report, "forced tunneling works").reason()).contains("nva:eth1");
    }
}
