package dev.bgplab.lab.scenario;

import dev.bgplab.lab.docker.Bootstrap;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.runtime.DockerLab;
import dev.bgplab.lab.runtime.EmbeddedLab;
import dev.bgplab.lab.runtime.ImageMap;
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
     * @param imageMap  which local image runs each node's image
     * @param bootstrap null, or what makes sure of the engine and images first (the CLI's lab run/up)
     * @param scenario null: the scenario beside the topology; else a name ({@code <dir>/<name>.scenario.yml}), a file, or a
     *                 folder whose {@code *.scenario.yml} files run one after another on the same deployment
     * @param failFast stop at the first failed step
     */
    public record Options(Runtime runtime, boolean keep, Consumer<String> progress, ImageMap imageMap, Bootstrap bootstrap,
            String scenario, boolean failFast) {
        public Options(Runtime runtime, boolean keep, Consumer<String> progress) {
            this(runtime, keep, progress, ImageMap.defaults(), null, null, false);
        }

        public Options(Runtime runtime, boolean keep, Consumer<String> progress, ImageMap imageMap, Bootstrap bootstrap) {
            this(runtime, keep, progress, imageMap, bootstrap, null, false);
        }

        /** The same options running another scenario (see {@link #scenario()}), stopping at the first failure or not. */
        public Options withScenario(String scenario, boolean failFast) {
            return new Options(runtime, keep, progress, imageMap, bootstrap, scenario, failFast);
        }

        public static Options defaults() {
            return new Options(Runtime.AUTO, false, s -> { });
        }
    }

    /** The scenario of a topology that has none beside it: every node ready and every configured session up. */
    static final String DEFAULT_SCENARIO = """
            steps:
              - name: every configured session comes up
                wait: {established: all}
                timeout: 90s
            """;

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

    /**
     * Reads the topology and the scenario beside it ({@code x.clab.yml} -> {@code x.scenario.yml});
     * without one, deploys, waits for every node and every configured session, and reports that.
     */
    public static LabReport run(Path topologyFile, Options options) {
        Topology topology = TopologyLoader.load(topologyFile);
        dev.bgplab.lab.runtime.SpeakerConfigs.check(topology);
        List<Scenario> scenarios;
        String scenarioFile;
        if (options.scenario() == null && !Files.isRegularFile(topology.scenarioFile())) {
            options.progress().accept("no scenario beside the topology (" + topology.scenarioFile().getFileName()
                    + "): deploying, waiting for every node and every configured session");
            scenarios = List.of(ScenarioLoader.parse(topology.scenarioFile(), DEFAULT_SCENARIO, topology));
            scenarioFile = topology.scenarioFile().toString();
        } else {
            List<Path> scenarioFiles = scenarioFiles(topology, options.scenario());
            scenarios = scenarioFiles.stream().map(f -> ScenarioLoader.load(f, topology)).toList();
            scenarioFile = String.join(", ", scenarioFiles.stream().map(Path::toString).toList());
        }
        Instant started = Instant.now();
        RunningLab lab = deploy(topology, options);
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
            if (options.scenario() == null && !Files.isRegularFile(topology.scenarioFile())) {
                awaitIgpSettled(lab);
            }
            summarise(lab, options.progress());
            return new LabReport(topology.name(), topologyFile.toString(), scenarioFile, lab.runtime(), started,
                    Instant.now(), lab.reportNodes(), lab.reportLinks(), runner.results(), runner.timeline(), runner.routeChanges(),
                    runner.captures(), effectiveRoutes(lab));
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

    /** The effective routes of every bgplab node with an Azure role, as the run ends (GET /api/effective-routes). */
    static List<LabReport.NodeEffectiveRoutes> effectiveRoutes(RunningLab lab) {
        List<LabReport.NodeEffectiveRoutes> out = new java.util.ArrayList<>();
        for (var n : lab.nodes().values()) {
            if (n.speakerApi().isEmpty()) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode t;
            try {
                t = n.speakerApi().get().get("/api/effective-routes");
            } catch (RuntimeException e) {
                continue; // stopped, or a speaker without the endpoint
            }
            if (t.path("role").isNull() || t.path("role").asText("").isEmpty()) {
                continue;
            }
            List<String> vms = new java.util.ArrayList<>();
            for (var vm : lab.topology().nodes()) {
                if (vm.role() == dev.bgplab.lab.topology.NodeRole.VM
                        && dev.bgplab.lab.runtime.VmRoutes.serving(lab.topology(), vm).map(s -> s[0].equals(n.name())).orElse(false)) {
                    vms.add(vm.name());
                }
            }
            List<LabReport.EffectiveRoute> routes = new java.util.ArrayList<>();
            for (var r : t.path("routes")) {
                List<String> hops = new java.util.ArrayList<>();
                r.path("nextHops").forEach(h -> hops.add(h.asText()));
                routes.add(new LabReport.EffectiveRoute(r.path("prefix").asText(), hops, r.path("source").asText(), r.path("asPath").asText()));
            }
            List<String> vnet = new java.util.ArrayList<>();
            t.path("virtualNetwork").forEach(v -> vnet.add(v.asText()));
            List<String> skipped = new java.util.ArrayList<>();
            t.path("notProgrammed").forEach(x -> skipped.add(x.path("prefix").asText() + ": " + x.path("reason").asText()));
            out.add(new LabReport.NodeEffectiveRoutes(n.name(), t.path("role").asText(), vnet, vms, routes, skipped));
        }
        return out;
    }

    /** One line per node: its sessions and how many are Established (what converged). */
    static void summarise(RunningLab lab, Consumer<String> progress) {
        for (var n : lab.nodes().values()) {
            if (n.spec().role() == dev.bgplab.lab.topology.NodeRole.VM) {
                continue;
            }
            try {
                var sessions = n.sessions();
                long up = sessions.stream().filter(dev.bgplab.lab.runtime.Session::established).count();
                String igp = n.igpSummary();
                progress.accept(n.name() + ": " + (sessions.isEmpty() ? "ready, no BGP session configured"
                        : up + "/" + sessions.size() + " BGP session(s) Established " + sessions.stream().map(x -> x.peer() + "=" + x.state()).toList())
                        + (igp.isEmpty() ? "" : "; " + igp));
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                progress.accept(n.name() + ": " + (why.contains("is not running") ? "not running (stopped by the scenario)"
                        : "sessions unreadable now (" + why.lines().findFirst().orElse("") + ")"));
            }
        }
    }

    /**
     * Without a scenario there is nothing to wait on for an IGP-only lab: give its adjacencies up to
     * 30 s, until what every node reports has not changed for 4 s, so that the summary shows them converged.
     */
    static void awaitIgpSettled(RunningLab lab) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String last = null;
        long since = System.nanoTime();
        while (System.nanoTime() < end) {
            StringBuilder now = new StringBuilder();
            for (var n : lab.nodes().values()) {
                try {
                    now.append(n.igpSummary()).append('|');
                } catch (RuntimeException e) {
                    now.append("?|");
                }
            }
            if (now.toString().replace("|", "").isEmpty()) {
                return; // no IGP anywhere
            }
            if (!now.toString().equals(last)) {
                last = now.toString();
                since = System.nanoTime();
            } else if (System.nanoTime() - since > java.time.Duration.ofSeconds(4).toNanos()) {
                return;
            }
            try {
                Thread.sleep(500); // polling a converging IGP, with the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Makes sure of the engine and images (when the options carry a bootstrap), then deploys. */
    public static RunningLab deploy(Topology topology, Options options) {
        Bootstrap b = options.bootstrap();
        if (b != null && options.runtime() != Runtime.EMBEDDED) {
            if (!Bootstrap.engineAnswers()) {
                try {
                    b.ensureEngine();
                } catch (IllegalStateException e) {
                    if (options.runtime() == Runtime.DOCKER || !topology.allBgplab()) {
                        throw e;
                    }
                    options.progress().accept("no Docker engine (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
            if (Bootstrap.engineAnswers()) {
                Path jar = runningJar();
                for (String image : new java.util.LinkedHashSet<>(DockerLab.resolveImages(topology, options.imageMap(), s -> { }, false)
                        .values())) {
                    ImageMap.buildTarget(image).ifPresent(t -> b.ensureImage(t, image, jar));
                }
            }
        }
        return deploy(topology, options.runtime(), options.imageMap(), options.progress());
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(LabRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (p.toString().endsWith(".jar")) {
                return p;
            }
        } catch (Exception e) {
            // not from a jar
        }
        String env = System.getenv("BGPLAB_JAR");
        return env == null ? null : Path.of(env);
    }

    /** Deploys in the runtime asked for; says why when it picks embedded. */
    public static RunningLab deploy(Topology topology, Runtime runtime, Consumer<String> progress) {
        return deploy(topology, runtime, ImageMap.defaults(), progress);
    }

    /** Deploys in the runtime asked for, with this image map; says why when it picks embedded. */
    public static RunningLab deploy(Topology topology, Runtime runtime, ImageMap imageMap, Consumer<String> progress) {
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
                return DockerLab.deploy(topology, imageMap, progress);
            }
            default -> {
                if (DockerLab.engineAvailable()) {
                    progress.accept("runtime: docker");
                    return DockerLab.deploy(topology, imageMap, progress);
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
