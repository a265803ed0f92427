package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A device under test: a route-server daemon started as its own process with a generated config. */
interface Dut {
    /** Short name used on the command line and as the table's column. */
    String name();

    /** Version line for the report, or why it is unavailable. */
    String version();

    /** Null when the DUT can run here, otherwise why not (binary missing, ...). */
    String unavailable();

    /** Writes the config into {@code t.workDir()} and starts the daemon; {@code originate} /24s from 10.0.0.0 for the footprint run. */
    Running start(Topology t, int originate) throws IOException;

    /** The DUT's own flags/config note for the report. */
    default String notes() {
        return "";
    }

    /** One BGP neighbour of the route server. */
    record Neighbor(String name, String address, long asn) {
    }

    /** Where the route server listens and whom it serves. */
    record Topology(String address, int port, long asn, String routerId, List<Neighbor> neighbors, Path workDir) {
    }

    /** A started daemon; stopped by its own pid (SIGTERM, then SIGKILL after 5 s). */
    record Running(Process process, Path log) implements AutoCloseable {
        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Running launch(List<String> command, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("dut.log");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running(p, log);
    }

    static Path write(Path dir, String file, String text) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(file), text);
    }

    /** First line of {@code command}'s output that matches {@code pattern}, or the reason it failed. */
    static String firstLine(List<String> command, String pattern) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.toLowerCase().matches(".*" + pattern + ".*")).findFirst()
                    .orElse(out.lines().findFirst().orElse("?")).trim();
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The /24 number {@code i} of the footprint run's originated routes, 10.0.0.0/24 upwards. */
    static String originated(int i) {
        return "10." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".0/24";
    }
}
