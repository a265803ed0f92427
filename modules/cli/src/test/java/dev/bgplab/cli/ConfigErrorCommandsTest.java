package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config mistakes reach the user as "file:line: field ..." and exit code 2, before anything starts. */
class ConfigErrorCommandsTest {
    @TempDir Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static final String BAD_HOLD = """
            router-id: 10.0.0.1
            asn: 65001
            listen: {address: 127.0.7.1, port: 0}
            peers:
              - name: r2
                address: 127.0.7.2
                asn: 65002
                hold-time: 2
            """;

    private static final String BAD_POLICY = """
            router-id: 10.0.0.1
            asn: 65001
            listen: {address: 127.0.7.1, port: 0}
            policy: |
              route-map IN permit 10
               set local-preference lots
            peers:
              - {name: r2, address: 127.0.7.2, asn: 65002, route-map-in: IN}
            """;

    @Test
    void checkConfigNamesFileLineAndFieldAndExitsWithTwo() throws Exception {
        Path bad = write("bad.yml", BAD_HOLD);
        Cli r = Cli.run("check-config", "-c", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad + ":8: field '").contains("hold-time").contains("valid: 0 (no keepalives) or 3..65535");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void checkConfigNamesThePolicyLineInsideTheFile() throws Exception {
        Path bad = write("bad-policy.yml", BAD_POLICY);
        Cli r = Cli.run("check-config", "--config", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad + ":6: field 'policy'").contains("local-preference");
    }

    @Test
    void speakerRefusesABadConfigWithTheSameMessageAndExitsWithTwo() throws Exception {
        Path bad = write("bad.yml", BAD_HOLD);
        Cli r = Cli.run("speaker", "-c", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad + ":8: field '").contains("hold-time");

        Path badPolicy = write("bad-policy.yml", BAD_POLICY);
        r = Cli.run("speaker", "-c", badPolicy.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(badPolicy + ":6: field 'policy'");
    }

    @Test
    void checkConfigSummarisesAGoodConfigAndExitsWithZero() throws Exception {
        Path good = write("good.yml", BAD_HOLD.replace("hold-time: 2", "hold-time: 9"));
        Cli r = Cli.run("check-config", "-c", good.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("AS 65001", "1 peer(s)");
    }

    @Test
    void checkConfigListsARolesPresetValuesAndWhichWereOverridden() throws Exception {
        Path rs = write("rs.yml", "router-id: 10.0.0.4\nrole: azure-route-server\noverrides: {hold-time: 3, keepalive: 1}\n"
                + "peers:\n  - {name: nva1, address: 10.0.1.10, asn: 65001}\n");
        Cli r = Cli.run("check-config", "-c", rs.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("AS 65515", "role azure-route-server", "hold-time = 3 (overrides; preset 180)",
                "routes-per-peer = 1000 [unconfirmed default]", "peer nva1: nva");
        Path banana = write("banana.yml", "router-id: 10.0.0.4\nasn: 65001\nrole: banana\n");
        r = Cli.run("check-config", "-c", banana.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(banana + ":3: field 'role' is 'banana'; valid: azure-route-server");
    }

    @Test
    void missingConfigFileIsAConfigError() {
        Cli r = Cli.run("check-config", "-c", dir.resolve("nope.yml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yml: no such config file");
    }
}
