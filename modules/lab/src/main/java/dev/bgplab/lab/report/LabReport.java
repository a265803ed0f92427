package dev.bgplab.lab.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one lab run produced: the topology as deployed, each scenario step with its verdict and
 * reason, measured convergence and loss, routes that changed, a timeline of events, and for a
 * failed expectation the node's actual RIB. Immutable; rendered as text, JSON and HTML by the
 * renderers in this package.
 */
public record LabReport(
        String name,
        String topologyFile,
        String scenarioFile,
        String runtime,            // "docker" or "embedded", with the reason for embedded
        Instant started,
        Instant finished,
        List<Node> nodes,
        List<Link> links,
        List<StepResult> steps,
        List<TimelineEvent> timeline,
        List<RouteChange> routeChanges,
        List<Capture> captures,
        List<NodeEffectiveRoutes> effectiveRoutes) {

    public LabReport {
        effectiveRoutes = effectiveRoutes == null ? List.of() : List.copyOf(effectiveRoutes);
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        steps = List.copyOf(steps);
        timeline = List.copyOf(timeline);
        routeChanges = List.copyOf(routeChanges);
        captures = captures == null ? List.of() : List.copyOf(captures);
    }

    public LabReport(String name, String topologyFile, String scenarioFile, String runtime, Instant started, Instant finished,
            List<Node> nodes, List<Link> links, List<StepResult> steps, List<TimelineEvent> timeline, List<RouteChange> routeChanges) {
        this(name, topologyFile, scenarioFile, runtime, started, finished, nodes, links, steps, timeline, routeChanges, List.of());
    }

    public LabReport(String name, String topologyFile, String scenarioFile, String runtime, Instant started, Instant finished,
            List<Node> nodes, List<Link> links, List<StepResult> steps, List<TimelineEvent> timeline, List<RouteChange> routeChanges,
            List<Capture> captures) {
        this(name, topologyFile, scenarioFile, runtime, started, finished, nodes, links, steps, timeline, routeChanges, captures, List.of());
    }

    /**
     * What an Azure node (Route Server instance, hub, gateway) would program into the VMs it serves
     * at the end of the run, like {@code az network nic show-effective-route-table}: its role, the
     * virtual network, the lab's vm nodes it programs, each route and what it does not program.
     */
    public record NodeEffectiveRoutes(String node, String role, List<String> virtualNetwork, List<String> vms, List<EffectiveRoute> routes,
            List<String> notProgrammed) {
        public NodeEffectiveRoutes {
            virtualNetwork = virtualNetwork == null ? List.of() : List.copyOf(virtualNetwork);
            vms = vms == null ? List.of() : List.copyOf(vms);
            routes = routes == null ? List.of() : List.copyOf(routes);
            notProgrammed = notProgrammed == null ? List.of() : List.copyOf(notProgrammed);
        }
    }

    /** One effective route: prefix, next-hop set (ECMP), source (VNet, Route Server from nva1, ...) and AS path. */
    public record EffectiveRoute(String prefix, List<String> nextHops, String source, String asPath) {
        public EffectiveRoute {
            nextHops = nextHops == null ? List.of() : List.copyOf(nextHops);
        }
    }

    /**
     * A packet capture taken during the run: the endpoint ({@code node:iface}), where the pcap
     * was copied to on this machine, and its size. The report folder gets it as {@link #fileName()}.
     */
    public record Capture(String endpoint, String source, long bytes) {
        public String fileName() {
            return "captures/" + endpoint.replaceAll("[^A-Za-z0-9._-]+", "-") + ".pcap";
        }
    }

    public boolean passed() { return steps.stream().allMatch(s -> s.verdict() != Verdict.FAIL); }

    public enum Verdict { PASS, FAIL, INFO }

    /** A node as deployed: kind (frr, bgplab, vm/linux), image, role, management/lab addresses. */
    public record Node(String name, String kind, String image, String role, Map<String, String> addresses) {}

    /** A link: its two endpoints "node:iface" and the subnet(s) it uses. */
    public record Link(String a, String b, List<String> subnets) {}

    /**
     * One scenario step: its index, kind (wait, expect, fault, measure), a one-line description,
     * the verdict and why, how long it took, a measured value when it is a measure step (e.g.
     * convergence milliseconds, lost probes), and for a failed expectation the actual RIB (text)
     * of the node it looked at.
     */
    public record StepResult(int index, String kind, String description, Verdict verdict, String reason,
                             long durationMillis, Map<String, Double> measurements, String actualRib) {
        public StepResult {
            measurements = measurements == null ? Map.of() : Map.copyOf(measurements);
        }
    }

    /** Something that happened at a time: a step started/ended, a fault, a session state change, a route change. */
    public record TimelineEvent(Instant at, String node, String kind, String text) {}

    /** A prefix at a node whose paths changed during the run: before and after, as one-line strings. */
    public record RouteChange(Instant at, String node, String prefix, String before, String after) {}
}
