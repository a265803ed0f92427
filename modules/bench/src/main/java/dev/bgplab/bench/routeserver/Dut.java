package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
    Running start(Layout t, int originate) throws IOException;

    /** The DUT's own flags/config note for the report. */
    default String notes() {
        return "";
    }

    /** One BGP neighbour of the route server: a client, feeder or receiver, of the DUT. */
    record Client(String name, String address, long asn) {
    }

    /** Where the route server listens and whom it serves. */
    record Layout(String address, int port, long asn, String routerId, List<Client> neighbors, Path workDir) {
    }

    /**
     * When set, FRR, BIRD and GoBGP start under {@code flock FILE} and hold that lock while they run
     * (for machines where other jobs start the same daemons and take the same lock).
     */
    AtomicReference<Path> DAEMON_LOCK = new AtomicReference<>();

    /** Shutdown hooks of the running daemons, by pid. */
    Map<Long, Thread> HOOKS = new ConcurrentHashMap<>();

    /**
     * A started daemon: {@code daemon} is the DUT itself (measured and stopped by its own pid:
     * SIGTERM, then SIGKILL after 5 s); {@code process} is what we spawned, the daemon or the
     * {@code flock} holding the lock for it.
     */
    record Running(Process process, ProcessHandle daemon, Path log) implements AutoCloseable {
        /** Stops the daemon also when the bench itself is interrupted (Ctrl-C, SIGTERM). */
        public Running {
            ProcessHandle d = daemon;
            Process p = process;
            HOOKS.put(d.pid(), new Thread(() -> {
                d.destroyForcibly();
                p.destroyForcibly();
            }));
            Runtime.getRuntime().addShutdownHook(HOOKS.get(d.pid()));
        }

        long pid() {
            return daemon.pid();
        }

        boolean alive() {
            return daemon.isAlive();
        }

        String exit() {
            return process.isAlive() ? "exited" : "exited with " + process.exitValue();
        }

        @Override
        public void close() {
            Thread hook = HOOKS.remove(daemon.pid());
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
            try {
                daemon.destroy();
                try {
                    daemon.onExit().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    daemon.destroyForcibly();
                }
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Running launch(List<String> command, Path workDir) throws IOException {
        return launch(command, workDir, null);
    }

    /** Starts {@code command}; under {@code flock lock} when {@code lock} is set, waiting up to 10 min for it. */
    static Running launch(List<String> command, Path workDir, Path lock) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("dut.log");
        List<String> cmd = new ArrayList<>();
        if (lock != null) {
            cmd.addAll(List.of("flock", lock.toString()));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (lock == null) {
            return new Running(p, p.toHandle(), log);
        }
        // while flock waits for the lock, stopping the bench must stop it too, or it starts the daemon later
        Thread waiting = new Thread(p::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(waiting);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = p.toHandle().children().findFirst();
            if (child.isPresent()) {
                Running running = new Running(p, child.get(), log);
                Runtime.getRuntime().removeShutdownHook(waiting);
                return running;
            }
            if (!p.isAlive()) {
                throw new IOException("flock " + lock + " " + command.get(0) + " exited with " + p.exitValue() + "; log: " + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + lock);
            }
        }
        p.destroy();
        throw new IOException("no lock " + lock + " within 10 minutes");
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
