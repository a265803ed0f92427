package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FRR node is ready when every daemon its daemons file enables answers; when one never does,
 * the error names that node only (not the healthy ones), says which daemon, and shows its log.
 */
@Tag("docker")
class ReadinessDockerTest {

    @BeforeEach
    void shortTimeout() {
        System.setProperty("bgplab.lab.ready-timeout", "10");
    }

    @AfterEach
    void restore() {
        System.clearProperty("bgplab.lab.ready-timeout");
    }

    @Test
    void aNodeWhoseDaemonNeverAnswersIsTheOnlyOneNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bad"));
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/daemons"), "ospfd=yes\nvtysh_enable=yes\n");
        // isisd is enabled but cannot start: it is given an option it does not know
        Files.writeString(dir.resolve("bad/daemons"), "ospfd=yes\nisisd=yes\nisisd_options=\"--no-such-option\"\nvtysh_enable=yes\n");
        Path file = dir.resolve("ready.clab.yml");
        Files.writeString(file, """
                name: readiness
                topology:
                  nodes:
                    good: {kind: linux, image: quay.io/frrouting/frr:10.5.1, binds: [good/daemons:/etc/frr/daemons]}
                    bad: {kind: linux, image: quay.io/frrouting/frr:10.5.1, binds: [bad/daemons:/etc/frr/daemons]}
                    pc: {kind: linux, image: alpine:3}
                """);
        Topology t = TopologyLoader.load(file);
        DockerLab.teardown(t.name());
        assertThatThrownBy(() -> DockerLab.deploy(t, s -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 node(s) not ready")
                .hasMessageContaining("bad (isisd is not running)")
                .hasMessageContaining("--- clab-readiness-bad log (last lines) ---")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("good (").doesNotContain("pc ("));
        assertThat(Leftovers.findLab(t.name()).isEmpty()).isTrue();
    }
}
