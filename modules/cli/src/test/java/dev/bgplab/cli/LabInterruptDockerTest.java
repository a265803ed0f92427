package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.lab.docker.Leftovers;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGINT to `bgplab lab run` (a separate JVM) removes every container and network of the lab. */
@Tag("docker")
class LabInterruptDockerTest {

    private static final String LAB = "quickstart";

    @AfterEach
    void cleanUp() {
        dev.bgplab.lab.runtime.DockerLab.teardown("quickstart");
    }

    @Test
    void sigintDuringARunLeavesNoContainerOrNetwork(@TempDir Path dir) throws Exception {
        dev.bgplab.lab.runtime.DockerLab.teardown("quickstart");
        LabCommandTest.copyLab("quickstart-lab", dir, "quickstart.scenario.yml", """
                steps:
                  - expect: {node: rs, prefix: 192.0.2.0/24}
                    timeout: 120s
                """);
        for (String nva : List.of("nva1", "nva2")) {
            java.nio.file.Files.createDirectories(dir.resolve(nva));
            java.nio.file.Files.copy(LabCommandTest.repo().resolve("lab-configs/quickstart-lab/" + nva + "/frr.conf"),
                    dir.resolve(nva + "/frr.conf"));
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>();
        if (sigintIgnoredHere()) {
            // Started in the background (`cmd &` without job control, nohup): SIGINT is ignored and a child inherits
            // that, so the JVM under test would never see the Ctrl-C this test sends. Give it the default action back.
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lab", "run",
                dir.resolve("quickstart.clab.yml").toString(), "--reports", dir.resolve("reports").toString(), "--no-bootstrap"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            await("the lab's containers run").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> java.nio.file.Files.readString(dir.resolve("out.txt")).contains("step 1/1"));
            // every node of the quickstart topology: rs, nva1, nva2, vm, branch
            assertThat(Leftovers.findLab(LAB).containers()).hasSize(5);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            // on a failure, say where it hangs: its output and its threads
            assertThat(exited).as(() -> "exits after SIGINT; its output:\n" + read(dir.resolve("out.txt")) + "\nits threads:\n"
                    + threads(p.pid())).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(java.nio.file.Files.readString(dir.resolve("out.txt"))).contains("interrupted; removing lab quickstart");
        Leftovers.Found left = Leftovers.findLab(LAB);
        assertThat(left.containers()).isEmpty();
        assertThat(left.networks()).isEmpty();
        assertThat(dir.resolve("clab-quickstart")).doesNotExist();
        assertThat(new File(dir.toFile(), "reports")).doesNotExist();
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as a background job does. */
    private static boolean sigintIgnoredHere() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: nothing to restore
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The JVM's thread dump (jcmd Thread.print), for a process that did not exit. */
    private static String threads(long pid) {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "Thread.print").redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes());
            j.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }
}
