package dev.bgplab.lab.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes sure of the Docker engine and the lab's images before a {@code bgplab lab run|up}, exactly
 * as {@code ./bgplab test} does: {@code docker/engine.sh} (installs Debian's docker.io and starts
 * dockerd when none answers) and {@code docker/images.sh TARGET} for each of bgplab's own images a
 * topology needs (built offline with debootstrap; rebuilt only when their inputs changed). The
 * scripts' own lines are shown as progress; their whole output goes to a log file.
 */
public final class Bootstrap {

    private final Path root;
    private final Path logFile;
    private final Consumer<String> progress;

    private Bootstrap(Path root, Path logFile, Consumer<String> progress) {
        this.root = root;
        this.logFile = logFile;
        this.progress = progress;
    }

    /**
     * The project's checkout (where docker/engine.sh is): {@code BGPLAB_HOME}, set by the
     * {@code ./bgplab} launcher, else the folders above the running jar and the working directory.
     */
    public static Optional<Bootstrap> find(Path logFile, Consumer<String> progress) {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("BGPLAB_HOME");
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home));
        }
        try {
            Path jar = Path.of(Bootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = jar.getParent(); d != null; d = d.getParent()) {
                candidates.add(d);
            }
        } catch (Exception e) {
            // no code source: rely on the others
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            candidates.add(d);
        }
        return candidates.stream().filter(d -> Files.isExecutable(d.resolve("docker/engine.sh"))
                && Files.isExecutable(d.resolve("docker/images.sh"))).findFirst().map(d -> new Bootstrap(d, logFile, progress));
    }

    /**
     * True when {@code docker info} answers. Asked with the docker CLI, not the Docker client
     * library: the library remembers a failed first look for the rest of the process, so it must
     * not look before the engine has been started.
     */
    public static boolean engineAnswers() {
        try {
            Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no docker CLI: engine.sh installs it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path logFile() {
        return logFile;
    }

    /** Runs docker/engine.sh (at once when an engine answers; 1-2 min when it installs docker.io). */
    public void ensureEngine() {
        progress.accept("checking the Docker engine (docker/engine.sh; installs and starts one when none answers, "
                + "usually 1-2 min the first time)");
        run(List.of(root.resolve("docker/engine.sh").toString()), Map.of(), "docker/engine.sh");
    }

    /**
     * Runs docker/images.sh for one of bgplab's images ({@code frr}, {@code speaker}, {@code host}),
     * named {@code image}: seconds when it is up to date, 3-6 min the first time (debootstrap).
     */
    public void ensureImage(String target, String image, Path speakerJar) {
        progress.accept("image " + image + " (docker/images.sh " + target + "; seconds when up to date, "
                + "3-6 min the first time: debootstrap of a Debian rootfs)");
        Map<String, String> env = new java.util.HashMap<>();
        switch (target) {
            case "frr" -> env.put("BGPLAB_FRR_IMAGE", image);
            case "speaker" -> {
                env.put("BGPLAB_SPEAKER_IMAGE", image);
                if (speakerJar != null) {
                    env.put("BGPLAB_JAR", speakerJar.toString());
                }
            }
            case "host" -> env.put("BGPLAB_HOST_IMAGE", image);
            default -> throw new IllegalArgumentException("no image target " + target);
        }
        if (System.getenv("BGPLAB_JAVA_HOME") == null) {
            env.put("BGPLAB_JAVA_HOME", System.getProperty("java.home"));
        }
        run(List.of(root.resolve("docker/images.sh").toString(), target), env, "docker/images.sh " + target);
    }

    private void run(List<String> argv, Map<String, String> env, String what) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process p = pb.start();
            try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                log.write("$ " + String.join(" ", argv) + " " + env + "\n");
                List<String> tail = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line + "\n");
                    log.flush();
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                    if (line.startsWith("engine.sh: ") || line.startsWith("images.sh: ")) {
                        progress.accept("  " + line);
                    }
                }
                int code = p.waitFor();
                if (code != 0) {
                    throw new IllegalStateException(what + " failed (exit " + code + "); its last lines:\n  "
                            + String.join("\n  ", tail) + "\nwhole output: " + logFile);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        if (s >= 5) {
            progress.accept("  " + what + " took " + s + " s");
        }
    }
}
