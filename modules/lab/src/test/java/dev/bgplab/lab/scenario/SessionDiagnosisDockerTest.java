package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.TextReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Labs that cannot come up name why, one line per session, in the report (real FRR and bgplab containers). */
@Tag("docker")
class SessionDiagnosisDockerTest {

    private static LabReport run(String lab) {
        return LabRun.run(Path.of("src/test/resources/labs/" + lab + "/" + lab + ".clab.yml"),
                new LabRun.Options(LabRun.Runtime.DOCKER, false, System.out::println));
    }

    private static String causeLine(LabReport r, String startsWith) {
        StepResult wait = r.steps().get(0);
        assertThat(wait.verdict()).isEqualTo(LabReport.Verdict.FAIL);
        String text = TextReport.render(r);
        return text.lines().filter(l -> l.strip().startsWith(startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + startsWith + "' in the report:\n" + text));
    }

    @Test
    void aWrongRemoteAsFailsAtOnceWithTheAsThePeerClaimedRfc4271Section6_2() {
        LabReport r = run("diag-asn");
        assertThat(r.steps().get(0).reason()).startsWith("cannot succeed: every session of r1 was refused");
        assertThat(causeLine(r, "cause: r1 -> 10.0.12.2"))
                .contains("sent NOTIFICATION OPEN Message Error / Bad Peer AS: peer said it is AS 65002, configured 65003");
        // FRR's own reason depends on where its retry was when the wait gave up (Bad Peer AS, or waiting for an OPEN)
        assertThat(causeLine(r, "cause: r2 -> 10.0.12.1")).containsAnyOf("Bad Peer AS", "Waiting for peer OPEN");
    }

    @Test
    void aTcpMd5PasswordOnOneSideOnlyIsNamedAsAnMd5Mismatch() {
        LabReport r = run("diag-md5");
        assertThat(causeLine(r, "cause: r1 -> 10.0.12.2")).contains("TCP-MD5 mismatch: a password is set on r1 only");
        assertThat(causeLine(r, "cause: r2 -> 10.0.12.1")).contains("TCP-MD5 mismatch: a password is set on r1 only");
    }

    @Test
    void singleHopEbgpToANonAdjacentPeerHintsAtEbgpMultihop() {
        LabReport r = run("diag-multihop");
        assertThat(causeLine(r, "cause: r1 -> 10.0.23.2")).contains("TTL too low").contains("ebgp-multihop");
        assertThat(causeLine(r, "cause: r3 -> 10.0.12.1")).contains("TTL too low").contains("ebgp-multihop");
    }
}
