package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.tls.LabApiAccess;
import dev.bgplab.lab.tls.LabCa;
import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab's bgplab nodes serve their management API over TLS 1.3 with a certificate from the lab's
 * own CA and accept only the lab's token; the harness trusts that CA and nothing else.
 */
class LabApiTlsTest {

    private static final String RS = "router-id: 10.0.0.1\nasn: 65515\nlisten: {address: 127.0.0.1, port: 0}\n";

    @TempDir Path labDir;

    @Test
    void aContainerConfigNamesTheNodesCertificateKeyAndTokenAndLoads() throws Exception {
        LabApiAccess access = LabApiAccess.prepare(labDir);
        Path nodeDir = labDir.resolve("rs");
        access.issueInto(nodeDir, "clab-q-rs", List.of("rs", "172.20.20.2"));
        String yaml = SpeakerConfigs.forContainer("rs", RS + "api: {address: 127.0.0.1, port: 9}\n");
        assertThat(yaml).contains(SpeakerConfigs.CONTAINER_CERT, SpeakerConfigs.CONTAINER_KEY, SpeakerConfigs.CONTAINER_TOKEN);

        // as the container sees it: the node's files mounted at the container paths
        Path file = labDir.resolve("speaker.yml");
        Files.writeString(file, inNodeDir(yaml, nodeDir));
        SpeakerConfig c = ConfigLoader.load(file);
        assertThat(c.apiAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(c.apiSecurity().tls()).isTrue();
        assertThat(c.apiSecurity().token()).isEqualTo(access.token()).hasSizeGreaterThanOrEqualTo(16);

        X509Certificate leaf = LabCa.readCert(nodeDir.resolve("api.crt"));
        leaf.verify(LabCa.readCert(access.caCert()).getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("clab-q-rs", "rs", "172.20.20.2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("api.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("api-token")))).isEqualTo("rw-------");
    }

    @Test
    void aSecondDeployReusesTheLabsCaAndToken() {
        LabApiAccess first = LabApiAccess.prepare(labDir);
        LabApiAccess again = LabApiAccess.prepare(labDir);
        assertThat(again.token()).isEqualTo(first.token());
        assertThat(LabApiAccess.load(labDir)).get().extracting(LabApiAccess::token).isEqualTo(first.token());
        assertThat(LabApiAccess.prepare(labDir.resolve("other")).token()).isNotEqualTo(first.token());
    }

    @Test
    void theHarnessReadsANodeOverTls13WithTheTokenAndANodeWithoutTheTokenIsRefused401() throws Exception {
        LabApiAccess access = LabApiAccess.prepare(labDir);
        try (BgpSpeaker s = startNode(access, "clab-q-rs")) {
            String hostPort = "127.0.0.1:" + s.apiAddress().getPort();
            SpeakerApiClient client = new SpeakerApiClient("rs", hostPort, a -> a, access);
            assertThat(client.base().getScheme()).isEqualTo("https");
            assertThat(client.get("/api/speaker").path("asn").asLong()).isEqualTo(65515);

            HttpClient http = HttpClient.newBuilder().sslContext(access.context()).sslParameters(LabApiAccess.parameters()).build();
            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("https://" + hostPort + "/api/speaker")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            SpeakerApiClient wrongToken = new SpeakerApiClient("rs", hostPort, a -> a,
                    new LabApiAccess(access.dir(), "not-the-lab-token-0123456789", access.context()));
            assertThatThrownBy(() -> wrongToken.get("/api/speaker")).hasMessageContaining("401");
        }
    }

    @Test
    void theHarnessRefusesANodeWhoseCertificateAnotherCaSigned() throws Exception {
        LabApiAccess ours = LabApiAccess.prepare(labDir.resolve("ours"));
        LabApiAccess theirs = LabApiAccess.prepare(labDir.resolve("theirs"));
        try (BgpSpeaker s = startNode(theirs, "clab-q-rs")) {
            SpeakerApiClient client = new SpeakerApiClient("rs", "127.0.0.1:" + s.apiAddress().getPort(), a -> a,
                    new LabApiAccess(ours.dir(), theirs.token(), ours.context()));
            assertThatThrownBy(() -> client.get("/api/speaker")).hasMessageContaining("rs:").hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThat(client.answers()).isFalse();
        }
    }

    /** A speaker with a node's generated config, its API moved to a free loopback port (TLS and token as in the container). */
    private BgpSpeaker startNode(LabApiAccess access, String container) throws Exception {
        Path nodeDir = access.dir().resolveSibling("rs");
        access.issueInto(nodeDir, container, List.of("rs", "127.0.0.1"));
        String yaml = inNodeDir(SpeakerConfigs.forContainer("rs", RS), nodeDir)
                .replace("address: \"0.0.0.0\"", "address: \"127.0.0.1\"").replace("address: 0.0.0.0", "address: 127.0.0.1")
                .replace("port: " + DockerLab.SPEAKER_API_PORT, "port: 0");
        assertThat(yaml).doesNotContain("0.0.0.0");
        Path file = nodeDir.resolve("speaker.yml");
        Files.writeString(file, yaml);
        return BgpSpeaker.start(ConfigLoader.load(file));
    }

    private static String inNodeDir(String yaml, Path nodeDir) {
        return yaml.replace(SpeakerConfigs.CONTAINER_TLS_DIR, nodeDir.toString());
    }
}
