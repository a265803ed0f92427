package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.runtime.DockerLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `bgplab lab up` then `lab inspect` on a containerlab-style lab: containerlab's table and its clab-<lab>/ files. */
@Tag("docker")
class LabUpInspectDockerTest {

    private static final String LAB = "ospf01";

    @AfterEach
    void down() {
        DockerLab.teardown(LAB);
    }

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            assertThat(code).as("exit code of %s; output:%n%s", String.join(" ", args), out).isZero();
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        saved.print(text);
        return text;
    }

    @Test
    void labUpThenInspectShowsContainerlabsTableAndWritesTopologyData() throws Exception {
        DockerLab.teardown(LAB);
        Path file = LabCommandTest.repo().resolve("lab-configs/ospf01/ospf01.clab.yml");
        Path labDir = file.getParent().resolve("clab-" + LAB);
        String up = run("lab", "up", file.toString(), "--no-bootstrap");
        assertThat(up).contains("clab-ospf01-router1").contains("is up");
        String table = run("lab", "inspect", file.toString());
        assertThat(table).contains("│ Name").contains("Kind/Image").contains("IPv4/6 Address")
                .contains("clab-ospf01-PC1").contains("running").contains("wbitt/network-multitool:latest");
        assertThat(run("lab", "inspect", LAB)).isEqualTo(table);
        assertThat(labDir.resolve("topology-data.json")).exists();
        assertThat(labDir.resolve("ansible-inventory.yml")).exists();
        assertThat(Files.readString(labDir.resolve("topology-data.json"))).contains("\"longname\" : \"clab-ospf01-router3\"");
        run("lab", "down", file.toString());
        assertThat(Leftovers.findLab(LAB).isEmpty()).isTrue();
        assertThat(labDir).doesNotExist();
    }
}
