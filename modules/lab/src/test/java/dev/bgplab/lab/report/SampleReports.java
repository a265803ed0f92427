package dev.bgplab.lab.report;

import dev.bgplab.lab.report.LabReport.Link;
import dev.bgplab.lab.report.LabReport.Node;
import dev.bgplab.lab.report.LabReport.RouteChange;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.TimelineEvent;
import dev.bgplab.lab.report.LabReport.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built reports for the renderer tests: what the harness would produce for a route-server lab. */
final class SampleReports {

    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    static final String RIB_AT_RS1 = """
            BGP table version is 7, local router ID is 10.0.1.10
               Network          Next Hop            Metric LocPrf Weight Path
            *= 10.0.0.0/8       10.0.1.5                 0             0 65001 i
            *>                  10.0.1.4                 0             0 65001 i
            *> 10.0.1.0/24      0.0.0.0                  0         32768 i
            """;

    private SampleReports() {}

    /** Two FRR NVAs peering with a bgplab route server; step 5 fails with rs1's RIB; nva2's bgpd stopped as a fault. */
    static LabReport routeServerLab() { return routeServerLab("nva2"); }

    static LabReport routeServerLab(String secondNva) {
        List<Node> nodes = List.of(
                new Node("rs1", "bgplab", "bgplab/speaker:0.1.0", "route-server", Map.of("asn", "65515", "eth0", "10.0.1.10/24")),
                new Node("nva1", "frr", "bgplab/frr:8.4", "nva", Map.of("asn", "65001", "eth0", "10.0.1.4/24", "lo", "1.1.1.1/32")),
                new Node(secondNva, "frr", "bgplab/frr:8.4", "nva", Map.of("asn", "65001", "eth0", "10.0.1.5/24", "lo", "2.2.2.2/32")));
        List<Link> links = List.of(
                new Link("rs1:eth0", "nva1:eth0", List.of("10.0.1.0/24")),
                new Link("rs1:eth0", secondNva + ":eth0", List.of("10.0.1.0/24")),
                new Link("nva1:eth1", secondNva + ":eth1", List.of("192.168.12.0/30")));
        List<StepResult> steps = List.of(
                new StepResult(1, "wait", "sessions Established: rs1-nva1, rs1-" + secondNva, Verdict.PASS, "both Established after 3.1 s",
                        3100, null, null),
                new StepResult(2, "expect", "10.0.0.0/8 at rs1 has next hops {10.0.1.4, 10.0.1.5}", Verdict.PASS, "as expected",
                        1200, Map.of(), null),
                new StepResult(3, "fault", "stop bgpd on " + secondNva, Verdict.INFO, "bgpd stopped (pid 31)", 400, Map.of(), null),
                new StepResult(4, "measure", "convergence after " + secondNva + " loss", Verdict.PASS, "converged",
                        2600, Map.of("convergenceMillis", 2310.0, "probesLost", 14.0, "probesSent", 500.0), null),
                new StepResult(5, "expect", "10.0.0.0/8 at rs1 has next hops {10.0.1.4}", Verdict.FAIL,
                        "next hops were {10.0.1.4, 10.0.1.5} after 5 s: rs1 still holds the path via <" + secondNva + "> & its hold timer runs",
                        5000, Map.of(), RIB_AT_RS1));
        List<TimelineEvent> timeline = new ArrayList<>();
        long[][] stepTimes = {{1, 0, 3100}, {2, 3200, 4400}, {3, 4500, 4900}, {4, 5000, 7600}, {5, 7700, 12700}};
        for (long[] st : stepTimes) {
            StepResult s = steps.get((int) st[0] - 1);
            timeline.add(new TimelineEvent(T0.plusMillis(st[1]), null, "step-start", st[0] + " " + s.kind() + " " + s.description()));
            timeline.add(new TimelineEvent(T0.plusMillis(st[2]), null, "step-end", st[0] + " " + s.verdict()));
        }
        timeline.add(new TimelineEvent(T0.plusMillis(1800), "nva1", "session", "rs1 Established"));
        timeline.add(new TimelineEvent(T0.plusMillis(2900), secondNva, "session", "rs1 Established"));
        timeline.add(new TimelineEvent(T0.plusMillis(2000), "rs1", "session", "nva1 Established"));
        timeline.add(new TimelineEvent(T0.plusMillis(3000), "rs1", "session", secondNva + " Established"));
        timeline.add(new TimelineEvent(T0.plusMillis(3050), "rs1", "route", "10.0.0.0/8 via 10.0.1.4, 10.0.1.5"));
        timeline.add(new TimelineEvent(T0.plusMillis(4600), secondNva, "fault", "stop bgpd"));
        timeline.add(new TimelineEvent(T0.plusMillis(4700), secondNva, "session", "rs1 Idle"));
        timeline.add(new TimelineEvent(T0.plusMillis(6910), "nva1", "route", "10.0.0.0/8 best via 10.0.1.4"));
        timeline.add(new TimelineEvent(T0.plusMillis(9000), null, "note", "probe traffic stopped"));
        List<RouteChange> changes = List.of(
                new RouteChange(T0.plusMillis(3050), "rs1", "10.0.0.0/8", "", "via 10.0.1.4, 10.0.1.5 (multipath)"),
                new RouteChange(T0.plusMillis(6910), "nva1", "10.0.0.0/8", "via 10.0.1.4, 10.0.1.5", "via 10.0.1.4"));
        return new LabReport("azure-route-server", "lab-configs/azure-rs/topology.yaml", "lab-configs/azure-rs/scenario.yaml",
                "docker", T0, T0.plusMillis(13_000), nodes, links, steps, timeline, changes);
    }

    /**
     * A hub route server with nine spokes of two roles, a probe host, a switch named only by a link,
     * two parallel links, and a busy timeline with three faults: for layout checks.
     */
    static LabReport bigLab() {
        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        nodes.add(new Node("hub-rs", "bgplab", "", "route-server", Map.of("asn", "65515")));
        for (int i = 1; i <= 9; i++) {
            nodes.add(new Node("spoke-nva-" + i, "frr", "", i % 2 == 0 ? "nva" : "onprem",
                    Map.of("asn", "6500" + i, "eth0", "10.1." + i + ".4/24")));
            links.add(new Link("hub-rs:eth" + i, "spoke-nva-" + i + ":eth0", List.of("10.1." + i + ".0/24")));
        }
        nodes.add(new Node("probe", "linux", "", "vm", Map.of()));
        links.add(new Link("spoke-nva-1:eth1", "spoke-nva-5:eth1", List.of("10.9.0.0/30")));
        links.add(new Link("spoke-nva-1:eth2", "spoke-nva-5:eth2", List.of("10.9.0.4/30")));
        links.add(new Link("probe:eth0", "switch0:p1", List.of()));
        List<StepResult> steps = new ArrayList<>();
        List<TimelineEvent> timeline = new ArrayList<>();
        long t = 0;
        for (int i = 1; i <= 14; i++) {
            long d = 500 + (i * 737L) % 4000;
            String kind = i % 5 == 0 ? "fault" : i % 3 == 0 ? "measure" : "expect";
            Verdict v = kind.equals("fault") ? Verdict.INFO : i == 11 ? Verdict.FAIL : Verdict.PASS;
            steps.add(new StepResult(i, kind, kind + " number " + i, v, v == Verdict.FAIL ? "went wrong" : "ok", d,
                    kind.equals("measure") ? Map.of("convergenceMillis", 1000.0 + i) : Map.of(), v == Verdict.FAIL ? "rib" : null));
            timeline.add(new TimelineEvent(T0.plusMillis(t), null, "step-start", i + " " + kind));
            if (kind.equals("fault")) timeline.add(new TimelineEvent(T0.plusMillis(t + 50), "spoke-nva-" + (i / 5), "fault", "link down eth0 for 20 s"));
            t += d;
            timeline.add(new TimelineEvent(T0.plusMillis(t), null, "step-end", i + " done"));
            t += 100;
        }
        for (int k = 0; k < 80; k++) {
            String node = k % 11 == 0 ? "hub-rs" : "spoke-nva-" + (1 + k % 9);
            timeline.add(new TimelineEvent(T0.plusMillis((k * 3_331L) % t), node, k % 2 == 0 ? "session" : "route", "event " + k));
        }
        return new LabReport("big-hub-and-spoke", "lab-configs/big/topology.yaml", "lab-configs/big/scenario.yaml", "docker",
                T0, T0.plusMillis(t), nodes, links, steps, timeline, List.of());
    }
}
