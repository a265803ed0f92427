package dev.bgplab.lab.scenario;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.runtime.DockerLab;
import dev.bgplab.lab.runtime.EmbeddedLab;
import dev.bgplab.lab.runtime.RunningLab;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Deploys a topology, runs its scenario and tears the lab down: what {@code bgplab lab run} and
 * {@code @LabTest} do. A JVM shutdown hook removes the lab's containers and networks if the
 * process is interrupted (Ctrl-C) meanwhile.
 */
public final class LabRun {

    /** Where to run: {@code auto} (Docker when an engine answers, else embedded when every node is a bgplab speaker), {@code docker}, {@code embedded}. */
    public enum Runtime { AUTO, DOCKER, EMBEDDED }

    /**
     * @param scenario null: the scenario beside the topology; else a name ({@code <dir>/<name>.scenario.yml}), a file, or a
     *                 folder whose {@code *.scenario.yml} files run one after another on the same deployment
     * @param failFast stop at the first failed step
     */
    public record Options(Runtime runtime, boolean keep, Consumer<String> progress, String scenario, boolean failFast) {
        public Options(Runtime runtime, boolean keep, Consumer<String> progress) {
            this(runtime, keep, progress, null, false);
        }

        public static Options defaults() {
            return new Options(Runtime.AUTO, false, s -> { });
        }
    }

    /** The scenario files to run, in order: see {@link Options#scenario()}. */
    public static List<Path> scenarioFiles(Topology topology, String asked) {
        if (asked == null) {
            if (!Files.isRegularFile(topology.scenarioFile())) {
                throw new TopologyException(topology.file() + ": no scenario beside it; expected " + topology.scenarioFile()
                        + " (or pick one with --scenario NAME|PATH)");
            }
            return List.of(topology.scenarioFile());
        }
        for (Path p : List.of(Path.of(asked), topology.dir().resolve(asked), topology.dir().resolve(asked + ".scenario.yml"))) {
            if (Files.isDirectory(p)) {
                try (var files = Files.list(p)) {
                    List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".scenario.yml")).sorted().toList();
                    if (all.isEmpty()) {
                        throw new TopologyException(p + ": no *.scenario.yml in this folder");
                    }
                    return all;
                } catch (java.io.IOException e) {
                    throw new TopologyException(p + ": cannot list: " + e.getMessage());
                }
            }
            if (Files.isRegularFile(p)) {
                return List.of(p);
            }
        }
        throw new TopologyException("--scenario " + asked + ": no such scenario; give a file, a folder of *.scenario.yml, or a name N"
                + " for " + topology.dir().resolve("N.scenario.yml"));
    }

    private LabRun() {
    }

    /** Reads the topology and the scenario beside it ({@code x.clab.yml} -> {@code x.scenario.yml}). */
    public static LabReport run(Path topologyFile, Options options) {
        Topology topology = TopologyLoader.load(topologyFile);
        dev.bgplab.lab.runtime.SpeakerConfigs.check(topology);
        List<Path> scenarioFiles = scenarioFiles(topology, options.scenario());
        List<Scenario> scenarios = scenarioFiles.stream().map(f -> ScenarioLoader.load(f, topology)).toList();
        String scenarioFile = String.join(", ", scenarioFiles.stream().map(Path::toString).toList());
        Instant started = Instant.now();
        RunningLab lab = deploy(topology, options.runtime(), options.progress());
        Thread hook = new Thread(() -> {
            System.err.println("bgplab: interrupted; removing lab " + topology.name());
            lab.close();
        }, "bgplab-lab-teardown");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        try {
            ScenarioRunner runner = new ScenarioRunner(lab, options.progress());
            runner.failFast(options.failFast());
            for (Scenario scenario : scenarios) {
                if (scenarios.size() > 1) {
                    options.progress().accept("scenario " + scenario.file());
                }
                if (!runner.run(scenario)) {
                    break;
                }
            }
            runner.stopCaptures();
            return new LabReport(topology.name(), topologyFile.toString(), scenarioFile, lab.runtime(), started,
                    Instant.now(), lab.reportNodes(), lab.reportLinks(), runner.results(), runner.timeline(), runner.routeChanges(),
                    runner.captures());
        } finally {
            if (!options.keep() || !lab.containers()) {
                options.progress().accept("tearing down " + topology.name());
                lab.close();
            } else {
                options.progress().accept("keeping " + topology.name() + " up (--keep); remove it with: bgplab lab down " + topologyFile);
            }
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** Deploys in the runtime asked for; says why when it picks embedded. */
    public static RunningLab deploy(Topology topology, Runtime runtime, Consumer<String> progress) {
        switch (runtime) {
            case EMBEDDED -> {
                progress.accept("runtime: embedded (asked for), nodes run in this JVM on 127/8");
                return EmbeddedLab.deploy(topology, "asked for with --runtime embedded", progress);
            }
            case DOCKER -> {
                if (!DockerLab.engineAvailable()) {
                    throw new IllegalStateException("no Docker engine answers (start one with docker/engine.sh)");
                }
                progress.accept("runtime: docker");
                return DockerLab.deploy(topology, progress);
            }
            default -> {
                if (DockerLab.engineAvailable()) {
                    progress.accept("runtime: docker");
                    return DockerLab.deploy(topology, progress);
                }
                if (topology.allBgplab()) {
                    progress.accept("runtime: embedded, because no Docker engine answers and every node is a bgplab speaker;"
                            + " nodes run in this JVM on 127/8");
                    return EmbeddedLab.deploy(topology, "no Docker engine answers", progress);
                }
                List<String> need = topology.nodes().stream().filter(n -> n.role() != dev.bgplab.lab.topology.NodeRole.BGPLAB)
                        .map(n -> n.name() + " (" + n.role().name().toLowerCase(Locale.ROOT) + ")").toList();
                throw new IllegalStateException("no Docker engine answers, and nodes " + need
                        + " need one (only all-bgplab topologies run embedded); start one with docker/engine.sh");
            }
        }
    }
}
