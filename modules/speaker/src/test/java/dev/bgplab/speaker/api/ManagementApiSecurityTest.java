package dev.bgplab.speaker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ApiSecurity;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management API's guards: loopback by default, TLS 1.3 and a bearer token beyond it, 401 otherwise. */
class ManagementApiSecurityTest {

    static final String TOKEN = "0123456789abcdef-lab-token";
    @TempDir Path dir;

    private static String yaml(String api) {
        return "router-id: 10.0.0.1\nasn: 65001\nlisten: {address: 127.0.0.1, port: 0}\napi: " + api + "\n";
    }

    @Test
    void apiBeyondLoopbackWithoutTlsAndTokenIsRefusedNamingFileLineAndField() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", yaml("{address: 0.0.0.0, port: 8181}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("r1.yml:4")
                .hasMessageContaining("api.address")
                .hasMessageContaining("api.tls");
    }

    @Test
    void tokenShorterThanSixteenCharactersIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", yaml("{port: 0, token: short}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.token").hasMessageContaining("at least 16");
    }

    @Test
    void tokenIsComparedWholeWhateverTheHeaderHolds() {
        ApiAuth auth = new ApiAuth(new ApiSecurity(null, null, TOKEN));
        assertThat(auth.accepts("Bearer " + TOKEN)).isTrue();
        assertThat(auth.accepts("bearer " + TOKEN)).isTrue();
        assertThat(auth.accepts(null)).isFalse();
        assertThat(auth.accepts("")).isFalse();
        assertThat(auth.accepts("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(auth.accepts("Bearer " + TOKEN + "x")).isFalse();
        assertThat(auth.accepts("Basic " + TOKEN)).isFalse();
        assertThat(new ApiAuth(ApiSecurity.NONE).accepts(null)).isTrue();
    }

    @Test
    void withATokenOnLoopbackConfigAndSoftResetNeedItAndReadsDoNot() throws Exception {
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse("r1.yml", yaml("{port: 0, token: " + TOKEN + "}")))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.apiAddress().getPort();
            assertThat(status(http, get(base + "/api/speaker", null))).isEqualTo(200);
            String cfg = yaml("{port: 0, token: " + TOKEN + "}");
            assertThat(status(http, post(base + "/api/config", cfg, null))).isEqualTo(401);
            assertThat(status(http, post(base + "/api/config", cfg, "wrong-token-wrong-token"))).isEqualTo(401);
            assertThat(status(http, post(base + "/api/soft-reset?peer=x", "", null))).isEqualTo(401);
            assertThat(s.api().refusedRequests()).isEqualTo(3);
            assertThat(status(http, post(base + "/api/soft-reset", "", TOKEN))).isEqualTo(200);
            assertThat(status(http, post(base + "/api/config", cfg, TOKEN))).isIn(200, 400);
            assertThat(s.api().refusedRequests()).isEqualTo(3);
        }
    }

    @Test
    void overTlsOnlyTls13IsSpokenAndEveryRequestNeedsTheToken() throws Exception {
        X509Certificate cert = selfSigned(dir.resolve("api.crt"), dir.resolve("api.key"));
        String api = "{address: 127.0.0.1, port: 0, tls: {cert: api.crt, key: api.key}, token: " + TOKEN + "}";
        Path file = dir.resolve("r1.yml");
        Files.writeString(file, yaml(api));
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.load(file))) {
            String base = "https://127.0.0.1:" + s.apiAddress().getPort();
            HttpClient tls13 = client(cert, "TLSv1.3");
            HttpResponse<String> ok = tls13.send(get(base + "/api/speaker", TOKEN), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(status(tls13, get(base + "/api/speaker", null))).isEqualTo(401);
            assertThat(status(tls13, get(base + "/metrics", "nope-nope-nope-nope"))).isEqualTo(401);
            assertThat(s.api().refusedRequests()).isEqualTo(2);
            // A client limited to TLS 1.2 and one speaking plain HTTP get nothing.
            assertThatThrownBy(() -> client(cert, "TLSv1.2").send(get(base + "/api/speaker", TOKEN), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(get("http://127.0.0.1:" + s.apiAddress().getPort() + "/api/speaker", TOKEN),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b.build();
    }

    private static HttpRequest post(String url, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b.build();
    }

    private static int status(HttpClient c, HttpRequest r) throws Exception {
        return c.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpClient client(X509Certificate trusted, String protocol) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("api", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(ctx).sslParameters(p).build();
    }

    /** A self-signed EC certificate for IP 127.0.0.1, written as PEM with its PKCS#8 key. */
    static X509Certificate selfSigned(Path certFile, Path keyFile) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=bgplab test api");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 86_400_000L), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n" + enc.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + enc.encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return cert;
    }
}
