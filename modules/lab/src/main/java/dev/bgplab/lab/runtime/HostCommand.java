package dev.bgplab.lab.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run on the host (as the harness's user, root): {@code ip link add ... type veth},
 * {@code nsenter -t PID -n ...}. Links are made from the host because a veth pair has to be created
 * in one namespace and its ends moved into the two nodes' namespaces, as containerlab does.
 */
final class HostCommand {

    private HostCommand() {
    }

    static CommandResult run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new CommandResult(-1, "", "did not finish within 60 s");
            }
            return new CommandResult(p.exitValue(), out, "");
        } catch (IOException e) {
            return new CommandResult(-1, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "", "interrupted");
        }
    }

    /** Runs and fails, naming {@code what} and the command's output, when it exits non-zero. */
    static String check(String what, String... argv) {
        CommandResult r = run(argv);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(what + ": '" + String.join(" ", argv) + "' failed (" + r.exitCode() + "): "
                    + r.output().strip() + (r.output().contains("Operation not permitted") || r.exitCode() == -1
                            ? " (links are veth pairs made on the host: run bgplab as root, with iproute2 and nsenter installed)" : ""));
        }
        return r.output();
    }

    /** The same command inside the network namespace of process {@code pid}. */
    static String[] inNetns(int pid, String... argv) {
        List<String> out = new ArrayList<>(List.of("nsenter", "-t", Integer.toString(pid), "-n", "--"));
        out.addAll(Arrays.asList(argv));
        return out.toArray(String[]::new);
    }
}
