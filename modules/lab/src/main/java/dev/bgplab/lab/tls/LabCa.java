package dev.bgplab.lab.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A lab certificate authority (Bouncy Castle's certificate builder over the JDK's EC P-256 keys):
 * {@code ca.crt}/{@code ca.key} in a directory, and server certificates it signs for each node's
 * management API, with the node's names and addresses as subject alternative names. Keys are
 * written PKCS#8 PEM with owner-only permissions.
 */
public final class LabCa {

    private LabCa() {}

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";

    /** Creates the CA in {@code dir}; refuses to overwrite one. Returns the certificate. */
    public static X509Certificate init(Path dir, String name, int days) throws Exception {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(CA_KEY))) throw new IOException(dir.resolve(CA_KEY) + " exists: a CA is already there (remove it to start over)");
        KeyPair kp = ecKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(days))), subject, kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        X509Certificate cert = sign(b, kp.getPrivate());
        writeCert(dir.resolve(CA_CERT), List.of(cert));
        writeKey(dir.resolve(CA_KEY), kp.getPrivate());
        return cert;
    }

    /**
     * Issues a TLS server certificate for {@code name} signed by the CA in {@code dir}; writes
     * NAME.crt (the certificate then the CA's) and NAME.key. {@code sans} are DNS names or IP
     * addresses; {@code name} is always one of them.
     */
    public static X509Certificate issue(Path dir, String name, List<String> sans, int days) throws Exception {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) throw new IllegalArgumentException("node name '" + name + "' must be letters, digits, '.', '_' or '-'");
        if (!Files.exists(dir.resolve(CA_KEY))) throw new IOException(dir + " holds no CA: run `bgplab ca init --dir " + dir + "` first");
        X509Certificate ca = readCert(dir.resolve(CA_CERT));
        PrivateKey caKey = readKey(dir.resolve(CA_KEY));
        KeyPair kp = ecKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(days))), new X500Name("CN=" + name), kp.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>();
        List<String> all = new ArrayList<>(sans);
        if (!all.contains(name)) all.add(0, name);
        for (String s : all) {
            boolean ip = s.matches("[0-9.]+") || s.contains(":");
            if (ip) InetAddress.getByName(s); // fails on a malformed address
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, s));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        X509Certificate cert = sign(b, caKey);
        writeCert(dir.resolve(name + ".crt"), List.of(cert, ca));
        writeKey(dir.resolve(name + ".key"), kp.getPrivate());
        return cert;
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static BigInteger serial() { return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE); }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    public static X509Certificate readCert(Path p) throws Exception {
        try (var in = Files.newInputStream(p)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    public static PrivateKey readKey(Path p) throws Exception {
        String pem = Files.readString(p);
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static void writeCert(Path p, List<X509Certificate> chain) throws Exception {
        StringBuilder s = new StringBuilder();
        for (X509Certificate c : chain) s.append(pem("CERTIFICATE", c.getEncoded()));
        Files.writeString(p, s);
    }

    private static void writeKey(Path p, PrivateKey k) throws IOException {
        writeOwnerOnly(p, pem("PRIVATE KEY", k.getEncoded()));
    }

    /** Writes a secret (a key, a token) to a file created readable by its owner only (where the file system has POSIX modes). */
    static void writeOwnerOnly(Path p, String text) throws IOException {
        Files.deleteIfExists(p);
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(p);
        }
        Files.writeString(p, text, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
