package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.runtime.LabNode;
import dev.bgplab.lab.runtime.RouteEntry;
import dev.bgplab.lab.runtime.Session;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Causes inferred from what a node says and from both ends' configs, without deploying. */
class SessionDiagnosisTest {

    private static LabNode node(NodeSpec spec) {
        return node(spec, List.of());
    }

    /** A node whose kernel table holds {@code kernel}. */
    private static LabNode node(NodeSpec spec, List<RouteEntry> kernel) {
        return new LabNode() {
            public NodeSpec spec() { return spec; }
            public List<Session> sessions() { return List.of(); }
            public List<RouteEntry> routes(String table) { return "kernel".equals(table) ? kernel : List.of(); }
            public String exec(String... argv) { throw new UnsupportedOperationException(); }
            public dev.bgplab.lab.runtime.FaultTime stop() { return null; }
            public void start() { }
            public dev.bgplab.lab.runtime.FaultTime kill() { return null; }
            public void pause() { }
            public void unpause() { }
            public void configure(List<String> lines) { }
            public void clear(String peer, boolean soft) { }
        };
    }

    private static Topology lab(String name) {
        return TopologyLoader.load(Path.of("src/test/resources/labs/" + name + "/" + name + ".clab.yml"));
    }

    @Test
    void singleHopEbgpToAnAddressOnNoSharedSubnetHintsAtEbgpMultihop() {
        Topology t = lab("diag-multihop");
        String cause = SessionDiagnosis.cause(t, node(t.requireNode("r1")), new Session("r3", "10.0.23.2", "Active"), null);
        assertThat(cause).contains("TTL too low").contains("ebgp-multihop");
        String frr = SessionDiagnosis.cause(t, node(t.requireNode("r3")), new Session("10.0.12.1", "10.0.12.1", "Active"), null);
        assertThat(frr).contains("TTL too low");
    }

    @Test
    void aPeerAddressNoKernelRouteCoversIsNoRouteAndADefaultRouteCoversEverything() {
        Topology t = lab("diag-multihop");
        assertThat(SessionDiagnosis.cause(t, node(t.requireNode("r1")), new Session("r3", "10.0.23.2", "Active"), null))
                .contains("no route: r1's kernel has no route to 10.0.23.2");
        assertThat(SessionDiagnosis.cause(t, node(t.requireNode("r1"), List.of(new RouteEntry("default", List.of()))),
                new Session("r3", "10.0.23.2", "Active"), null)).doesNotContain("no route");
        assertThat(SessionDiagnosis.cause(t, node(t.requireNode("r1"), List.of(new RouteEntry("10.0.23.2", List.of()))),
                new Session("r3", "10.0.23.2", "Active"), null)).doesNotContain("no route");
    }

    @Test
    void badPeerAsSentNamesTheAsThePeerClaimedAndTheConfiguredOne() throws Exception {
        Topology t = lab("diag-asn");
        var detail = new ObjectMapper().readTree("""
                {"lastError": {"kind": "NOTIFICATION_SENT", "notification": "OPEN Message Error / Bad Peer AS (data fdea)",
                 "detail": "", "at": "2026-12-03T11:23:35Z", "current": true}}""");
        String cause = SessionDiagnosis.cause(t, node(t.requireNode("r1")), new Session("r2", "10.0.12.2", "Idle"), detail);
        assertThat(cause).contains("sent NOTIFICATION OPEN Message Error / Bad Peer AS: peer said it is AS 65002, configured 65003");
    }

    @Test
    void aPasswordOnOneSideOnlyIsAnMd5Mismatch() {
        Topology t = lab("diag-md5");
        assertThat(SessionDiagnosis.cause(t, node(t.requireNode("r2")), new Session("10.0.12.1", "10.0.12.1", "Active"), null))
                .contains("TCP-MD5 mismatch: a password is set on r1 only");
    }

    @Test
    void aWaitThatCannotSucceedFailsAtOnceNamingTheNotification() {
        var report = LabRun.run(Path.of("src/test/resources/labs/wrong-asn/wrong-asn.clab.yml"),
                new LabRun.Options(LabRun.Runtime.EMBEDDED, false, System.out::println));
        var wait = report.steps().get(0);
        assertThat(wait.reason()).startsWith("cannot succeed: every session of r1 was refused with an OPEN Message Error");
        assertThat(wait.durationMillis()).as("long before the 30 s timeout").isLessThan(20_000);
        assertThat(wait.reason()).contains("cause: r1 -> 10.0.12.2 (Idle): sent NOTIFICATION OPEN Message Error / Bad Peer AS: "
                + "peer said it is AS 65002, configured 65003");
    }
}
