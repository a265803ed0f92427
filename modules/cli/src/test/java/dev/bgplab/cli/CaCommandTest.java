package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.bgplab.lab.tls.LabCa;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `bgplab ca init|issue`: a lab CA whose certificates a speaker's TLS management API serves and clients verify. */
class CaCommandTest {

    @TempDir Path dir;

    @Test
    void initThenIssueMakesACertificateSignedByTheCaWithTheNodesNames() throws Exception {
        Path ca = dir.resolve("ca");
        Cli init = Cli.run("ca", "init", "--dir", ca.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(Files.readString(ca.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key")))).isEqualTo("rw-------");

        Cli issue = Cli.run("ca", "issue", "r1", "--dir", ca.toString(), "--san", "127.0.0.1,r1.lab");
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        X509Certificate caCert = LabCa.readCert(ca.resolve("ca.crt"));
        X509Certificate leaf = LabCa.readCert(ca.resolve("r1.crt"));
        leaf.verify(caCert.getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).containsExactly("r1", "127.0.0.1", "r1.lab");
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void initRefusesToOverwriteAnExistingCa() {
        Path ca = dir.resolve("ca");
        assertThat(Cli.run("ca", "init", "--dir", ca.toString()).exitCode()).isZero();
        Cli again = Cli.run("ca", "init", "--dir", ca.toString());
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("already there");
    }

    @Test
    void aSpeakerServesItsIssuedCertificateOverTls13AndAClientTrustingTheCaGetsIn() throws Exception {
        Path ca = dir.resolve("ca");
        assertThat(Cli.run("ca", "init", "--dir", ca.toString()).exitCode()).isZero();
        assertThat(Cli.run("ca", "issue", "r1", "--dir", ca.toString(), "--san", "127.0.0.1").exitCode()).isZero();
        String token = "lab-token-0123456789abcdef";
        Files.writeString(dir.resolve("token"), token + "\n");
        Path cfg = dir.resolve("r1.yml");
        Files.writeString(cfg, "router-id: 10.0.0.1\nasn: 65001\nlisten: {address: 127.0.0.1, port: 0}\n"
                + "api: {address: 127.0.0.1, port: 0, tls: {cert: ca/r1.crt, key: ca/r1.key}, token-file: token}\n");
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.load(cfg))) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", LabCa.readCert(ca.resolve("ca.crt")));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.apiAddress().getPort() + "/api/speaker"));
            HttpResponse<String> ok = http.send(r.copy().header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }
}
