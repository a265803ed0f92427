package dev.bgplab.lab.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the harness reaches the management API of a lab's bgplab nodes: the lab CA's certificate
 * (the only one trusted, TLS 1.3) and the lab's bearer token. Both live in the lab's state folder
 * ({@code clab-<lab>/ca/}: {@code ca.crt}, {@code ca.key}, {@code api-token}), made at the first
 * deploy and reused while the folder is there; every node's certificate is issued there too.
 *
 * @param dir     the folder holding the CA and the token
 * @param token   the bearer token every node of the lab accepts
 * @param context an SSL context trusting only the lab CA
 */
public record LabApiAccess(Path dir, String token, SSLContext context) {

    /** The folder, inside the lab directory, that holds the CA, the token and the issued certificates. */
    public static final String DIR = "ca";
    public static final String TOKEN_FILE = "api-token";
    private static final int TOKEN_BYTES = 24; // 48 hex characters

    /** The CA certificate clients trust. */
    public Path caCert() {
        return dir.resolve(LabCa.CA_CERT);
    }

    /** Creates the lab CA and token under {@code labDir} if they are not there yet, then loads them. */
    public static LabApiAccess prepare(Path labDir) {
        Path dir = labDir.resolve(DIR);
        try {
            if (!Files.exists(dir.resolve(LabCa.CA_KEY))) {
                LabCa.init(dir, "bgplab lab CA " + labDir.getFileName(), 365);
            }
            if (!Files.exists(dir.resolve(TOKEN_FILE))) {
                byte[] random = new byte[TOKEN_BYTES];
                new SecureRandom().nextBytes(random);
                LabCa.writeOwnerOnly(dir.resolve(TOKEN_FILE), HexFormat.of().formatHex(random) + "\n");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the lab CA in " + dir + ": " + e.getMessage(), e);
        }
        return load(labDir).orElseThrow();
    }

    /** The CA and token of a deployed lab, if its state folder holds them. */
    public static Optional<LabApiAccess> load(Path labDir) {
        Path dir = labDir.resolve(DIR);
        if (!Files.exists(dir.resolve(LabCa.CA_CERT)) || !Files.exists(dir.resolve(TOKEN_FILE))) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(dir.resolve(TOKEN_FILE)).trim();
            return Optional.of(new LabApiAccess(dir, token, trustingOnly(dir.resolve(LabCa.CA_CERT))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the lab CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An SSL context whose only trust anchor is the certificate in {@code caCert}. */
    public static SSLContext trustingOnly(Path caCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("lab-ca", LabCa.readCert(caCert));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** TLS 1.3 only. */
    public static SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        return p;
    }

    /**
     * Issues the API certificate of one node (subject alternative names: its container name and
     * {@code addresses}) and copies certificate, key and token into {@code nodeDir} as
     * {@code api.crt}, {@code api.key}, {@code api-token}.
     */
    public void issueInto(Path nodeDir, String containerName, List<String> addresses) {
        try {
            LabCa.issue(dir, containerName, addresses, 365);
            Files.createDirectories(nodeDir);
            Files.copy(dir.resolve(containerName + ".crt"), nodeDir.resolve("api.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve(containerName + ".key"), nodeDir.resolve("api.key"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
            LabCa.writeOwnerOnly(nodeDir.resolve(TOKEN_FILE), token + "\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue the API certificate of " + containerName + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LabApiAccess[" + caCert() + ", token in " + dir.resolve(TOKEN_FILE) + "]";
    }
}
