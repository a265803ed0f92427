package dev.bgplab.lab.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external BGP daemon (BIRD, gobgpd, ExaBGP) run as a child process of this JVM with its
 * config, sockets and log in a temp dir of its own. {@link #close()} stops exactly that process
 * and the children it spawned, by pid, and waits for them; nothing is ever stopped by name.
 *
 * <p>Owned by the test thread that built it; {@link #logs()} and the views may be called from
 * any thread.
 */
public abstract class ExternalDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExternalDaemon.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Daemons started and not yet closed, stopped by pid if the JVM exits without closing them. */
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(daemon -> {
            daemon.descendants().forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }), "bgplab-interop-daemon-reaper"));
    }

    private final String name;
    private final Path workDir;
    private final Path logFile;
    private Process process;
    private final List<Long> stoppedPids = new ArrayList<>();
    private String finalLogs;

    protected ExternalDaemon(String name) {
        this.name = name;
        try {
            this.workDir = Files.createTempDirectory("bgplab-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for " + name, e);
        }
        this.logFile = workDir.resolve(name + ".log");
    }

    /** Output of one short command such as {@code birdc} or the {@code gobgp} CLI. */
    public record CommandOutput(List<String> command, int exitCode, String text) {
        public boolean ok() {
            return exitCode == 0;
        }

        public CommandOutput requireOk() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + text);
            }
            return this;
        }
    }

    /** Thrown when a deadline passes; its message carries the tail of the daemon's log. */
    public static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public final String name() {
        return name;
    }

    public final Path workDir() {
        return workDir;
    }

    public final Path logFile() {
        return logFile;
    }

    /** The daemon's pid; only valid once started. */
    public final long pid() {
        return requireStarted().pid();
    }

    public final boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Pids of the daemon and of every child it had when {@link #close()} stopped it. */
    public final synchronized List<Long> stoppedPids() {
        return List.copyOf(stoppedPids);
    }

    /** Writes {@code text} to {@code fileName} in the work dir and returns its path. */
    protected final Path writeFile(String fileName, String text) {
        Path file = workDir.resolve(fileName);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Starts the daemon with stdout and stderr appended to {@link #logFile()}. */
    protected final void launch(List<String> command, Map<String, String> environment) {
        if (process != null) {
            throw new IllegalStateException(name + " already started");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command)
                    + " (is the Debian package installed? see docker/peers.sh)", e);
        }
        RUNNING.add(process.toHandle());
        log.info("started {} pid {} in {}: {}", name, process.pid(), workDir, String.join(" ", command));
    }

    /** Runs a short client command (not a daemon) and returns its merged output. */
    protected final CommandOutput run(Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Process client;
        try {
            client = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        try {
            client.getOutputStream().close();
            // Outputs here are small (a few KB); read to EOF, then the process is done or closing.
            byte[] out = client.getInputStream().readAllBytes();
            if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                client.destroyForcibly();
                client.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                return new CommandOutput(command, -1, "timed out after " + timeout);
            }
            return new CommandOutput(command, client.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            client.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    /**
     * Waits until {@code condition} holds, polling every 100 ms, failing after {@code timeout}
     * or as soon as the daemon has exited. Exceptions from the condition count as "not yet".
     */
    public final void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Polls {@code probe} until {@code accept} holds and returns the accepted value. */
    public final <T> T await(Duration timeout, String what, Supplier<T> probe, Predicate<? super T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (process != null && !process.isAlive()) {
                throw new DeadlineExceeded(name + " exited with " + process.exitValue() + " while waiting for "
                        + what + "\n--- " + logFile + " ---\n" + tail(logs(), 60), lastError);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new DeadlineExceeded(name + ": no " + what + " within " + timeout + "; last seen: " + last
                        + "\n--- " + logFile + " ---\n" + tail(logs(), 60), lastError);
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what);
            }
        }
    }

    /** The daemon's stdout and stderr so far (also after {@link #close()}). */
    public final synchronized String logs() {
        if (finalLogs != null) {
            return finalLogs;
        }
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /**
     * Stops the daemon (SIGTERM, then SIGKILL after 5 s) and every descendant it had, each by
     * its own pid, waits for them, then removes the work dir. Idempotent.
     */
    @Override
    public final synchronized void close() {
        if (process == null || finalLogs != null) {
            finishLogs();
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        stoppedPids.add(process.pid());
        children.forEach(child -> stoppedPids.add(child.pid()));
        stop(process.toHandle());
        try {
            // Our own child: wait until the JVM has reaped it, not just until it is a zombie.
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            stop(child);
        }
        RUNNING.remove(process.toHandle());
        log.info("stopped {} pid {} (children {})", name, process.pid(),
                children.stream().map(ProcessHandle::pid).toList());
        finishLogs();
    }

    private void finishLogs() {
        if (finalLogs != null) {
            return;
        }
        finalLogs = logs();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", workDir, e.toString());
        }
    }

    private static void stop(ProcessHandle handle) {
        if (isGone(handle.pid())) {
            return;
        }
        handle.destroy();
        if (!waitGone(handle)) {
            handle.destroyForcibly();
            if (!waitGone(handle)) {
                log.warn("pid {} did not exit after SIGKILL", handle.pid());
            }
        }
    }

    /** Waits for the pid to be gone; polls {@link #isGone} because a reparented zombie never "exits". */
    private static boolean waitGone(ProcessHandle handle) {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                handle.onExit().get(50, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException notYet) {
                if (isGone(handle.pid())) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return isGone(handle.pid());
            } catch (ExecutionException e) {
                return isGone(handle.pid());
            }
        }
        return isGone(handle.pid());
    }

    /**
     * True when no process with this pid runs any more: gone, or a zombie left to an init that
     * has not reaped it yet (a grandchild of this JVM that outlived its parent).
     */
    public static boolean isGone(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                return state.equals("Z") || state.equals("X");
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }
        return true;
    }

    private Process requireStarted() {
        if (process == null) {
            throw new IllegalStateException(name + " not started");
        }
        return process;
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }
}
