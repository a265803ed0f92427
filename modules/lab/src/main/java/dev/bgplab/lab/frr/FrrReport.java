package dev.bgplab.lab.frr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes what is needed to understand a failed scenario from one FRR node: FRR's log, the running
 * configuration, neighbors and BGP tables as FRR prints them, and the container's output. A part
 * that cannot be read (node stopped, paused) is written as the error instead.
 */
public final class FrrReport {

    private FrrReport() {
    }

    /** Writes the node's files into {@code dir/<node name>/} and returns that folder. */
    public static Path write(Path dir, FrrNode node) {
        Path out = dir.resolve(node.name());
        try {
            Files.createDirectories(out);
            write(out.resolve("frr.log"), node::logs);
            write(out.resolve("running-config.txt"), node::config);
            write(out.resolve("bgp-neighbors.json"), () -> node.vtysh("show bgp neighbors json"));
            for (FrrFamily family : FrrFamily.values()) {
                write(out.resolve("bgp-" + family.name().toLowerCase().replace('_', '-') + ".txt"),
                        () -> node.vtysh("show bgp " + family.command()));
            }
            write(out.resolve("kernel-routes.txt"), () -> node.exec("ip", "-4", "route") + node.exec("ip", "-6", "route"));
            write(out.resolve("container.log"), node::containerLogs);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the FRR report of " + node.name() + " to " + out, e);
        }
        return out;
    }

    private static void write(Path file, Supplier<String> content) throws IOException {
        String text;
        try {
            text = content.get();
        } catch (RuntimeException e) {
            text = "(could not be read: " + e + ")\n";
        }
        Files.writeString(file, text);
    }
}
