package dev.bgplab.cli;

import java.nio.file.Path;
import dev.bgplab.lab.tls.LabCa;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bgplab ca init|issue}: the lab CA that signs the management API's TLS certificates. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "A lab certificate authority for the management API's TLS (api.tls in a speaker config).",
        subcommands = {CaCommand.Init.class, CaCommand.Issue.class})
final class CaCommand implements Runnable {

    @Override public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create ca.crt and ca.key in DIR.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = ".bgplab/ca", description = "where the CA lives (default ${DEFAULT-VALUE})") Path dir;
        @Option(names = "--name", defaultValue = "bgplab lab CA", description = "the CA's common name") String name;
        @Option(names = "--days", defaultValue = "365") int days;

        @Override public Integer call() throws Exception {
            X509Certificate c = LabCa.init(dir, name, days);
            System.out.println("CA '" + name + "' created: " + dir.resolve(LabCa.CA_CERT) + " (valid until " + c.getNotAfter().toInstant()
                    + "), key " + dir.resolve(LabCa.CA_KEY));
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issue NAME.crt and NAME.key, a TLS server certificate for one node's management API.")
    static final class Issue implements Callable<Integer> {
        @Parameters(index = "0", description = "node name (also a DNS subject alternative name)") String name;
        @Option(names = "--dir", defaultValue = ".bgplab/ca", description = "the CA directory (default ${DEFAULT-VALUE})") Path dir;
        @Option(names = "--san", split = ",", description = "more DNS names or IP addresses, e.g. --san 127.0.0.1,r1.lab") List<String> sans = List.of();
        @Option(names = "--days", defaultValue = "90") int days;

        @Override public Integer call() throws Exception {
            LabCa.issue(dir, name, sans, days);
            Path crt = dir.resolve(name + ".crt"), key = dir.resolve(name + ".key");
            System.out.println("issued " + crt + " and " + key + " for " + name + (sans.isEmpty() ? "" : " " + sans));
            System.out.println("speaker config:  api: {address: ..., port: 8443, tls: {cert: " + crt.toAbsolutePath() + ", key: "
                    + key.toAbsolutePath() + "}, token-file: ...}");
            System.out.println("client:          curl --cacert " + dir.resolve(LabCa.CA_CERT) + " -H \"Authorization: Bearer $TOKEN\" https://...");
            return 0;
        }
    }
}
