package dev.bgplab.speaker.api;

import dev.bgplab.speaker.config.ApiSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The API's two guards: a TLS 1.3 server context from PEM files, and the bearer token compared in
 * constant time (both sides hashed first, then {@link MessageDigest#isEqual}, so neither the
 * content nor the length of the token leaks through timing).
 */
public final class ApiAuth {

    private final byte[] tokenDigest;

    public ApiAuth(ApiSecurity security) {
        this.tokenDigest = security.hasToken() ? sha256(security.token()) : null;
    }

    public boolean hasToken() { return tokenDigest != null; }

    /** True when {@code authorization} is "Bearer TOKEN" with the configured token. */
    public boolean accepts(String authorization) {
        if (tokenDigest == null) return true;
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        return MessageDigest.isEqual(tokenDigest, sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS 1.3 server context holding the PEM certificate chain and PKCS#8 key. */
    public static SSLContext serverContext(Path certFile, Path keyFile) throws IOException {
        try {
            Collection<? extends Certificate> chain;
            try (var in = Files.newInputStream(certFile)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) throw new IOException(certFile + ": no certificate in the file (expected PEM 'BEGIN CERTIFICATE')");
            PrivateKey key = privateKey(keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("api", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("TLS for the management API: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path keyFile) throws Exception {
        String pem = Files.readString(keyFile);
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < 0) throw new IOException(keyFile + ": expected a PKCS#8 PEM key ('BEGIN PRIVATE KEY'), as `bgplab ca issue` writes");
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + 27, e));
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (java.security.spec.InvalidKeySpecException ignored) {
                // try the next algorithm
            }
        }
        throw new IOException(keyFile + ": not an EC, RSA or Ed25519 private key");
    }
}
