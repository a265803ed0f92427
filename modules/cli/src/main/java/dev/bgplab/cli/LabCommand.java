package dev.bgplab.cli;

import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.runtime.DockerLab;
import dev.bgplab.lab.runtime.RunningLab;
import dev.bgplab.lab.runtime.Session;
import dev.bgplab.lab.scenario.LabRun;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import dev.bgplab.lab.topology.TopologyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `bgplab lab up|run|down|status FILE`: containerlab topologies with FRR and bgplab nodes, and their scenarios. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Deploy containerlab topologies (*.clab.yml) and run their scenarios.",
        subcommands = {LabCommand.Run.class, LabCommand.Up.class, LabCommand.Down.class, LabCommand.Inspect.class,
                LabCommand.Status.class, LabCommand.Validate.class, LabCommand.EffectiveRoutesCommand.class, LabCommand.LabExplainCommand.class})
final class LabCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static void progress(String line) {
        System.err.println("lab: " + line);
    }

    /** How nodes' images map to local ones, and the first-run bootstrap of engine and images. */
    static final class Images {
        @Option(names = "--image-map", paramLabel = "FROM=TO", description = "run image FROM (an image, a repository for any tag,"
                + " or a glob) as the local image TO; repeatable; before --image-map-file, $BGPLAB_IMAGE_MAP and the built-in map"
                + " (FRR images -> bgplab/frr:8.4, host images -> bgplab/host:latest)")
        java.util.List<String> rules = new java.util.ArrayList<>();
        @Option(names = "--image-map-file", paramLabel = "FILE", description = "FROM=TO lines (# comments)")
        Path file;
        @Option(names = "--no-bootstrap", description = "do not run docker/engine.sh and docker/images.sh first")
        boolean noBootstrap;

        LabRun.Options options(LabRun.Runtime runtime, boolean keep) {
            dev.bgplab.lab.docker.Bootstrap b = noBootstrap ? null
                    : dev.bgplab.lab.docker.Bootstrap.find(Main.logFile(), LabCommand::progress).orElse(null);
            return new LabRun.Options(runtime, keep, LabCommand::progress, dev.bgplab.lab.runtime.ImageMap.of(rules, file), b);
        }
    }

    /** A topology file, or the name of a lab (for down/status). */
    static String labName(String fileOrName) {
        Path p = Path.of(fileOrName);
        return Files.isRegularFile(p) ? TopologyLoader.load(p).name() : fileOrName;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Deploy, run the scenario beside the topology (x.scenario.yml), write a report, tear down."
            + " Exits 1 when an expectation fails.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "topology, e.g. lab-configs/quickstart-lab/quickstart.clab.yml")
        Path file;
        @Option(names = "--runtime", defaultValue = "auto", description = "auto (default), docker or embedded")
        LabRun.Runtime runtime;
        @Option(names = "--keep", description = "leave the lab up afterwards (docker runtime)")
        boolean keep;
        @Option(names = "--reports", defaultValue = "reports", description = "folder for reports/<lab>-<timestamp>/ (default: reports)")
        Path reports;
        @Option(names = "--scenario", paramLabel = "NAME|PATH", description = "the scenario to run instead of the one beside the topology:"
                + " a name (<topology folder>/NAME.scenario.yml), a file, or a folder whose *.scenario.yml run one after another"
                + " on the same deployment")
        String scenario;
        @Option(names = "--fail-fast", description = "stop at the first failed step")
        boolean failFast;
        @picocli.CommandLine.Mixin
        Images images = new Images();

        @Override
        public Integer call() throws IOException {
            LabReport report;
            try {
                report = LabRun.run(file, images.options(runtime, keep).withScenario(scenario, failFast));
            } catch (TopologyException e) {
                System.err.println(e.getMessage());
                return 2;
            } catch (IllegalStateException e) {
                System.err.println("lab: " + e.getMessage());
                return 3;
            }
            var written = dev.bgplab.lab.report.ReportFiles.write(report,
                    dev.bgplab.lab.report.ReportFiles.directoryFor(reports, report));
            System.out.print(dev.bgplab.lab.report.TextReport.render(report, System.console() != null));
            System.out.println("report: " + written.directory().toAbsolutePath() + " (report.txt, report.json, report.html)");
            if (keep) {
                System.out.print(dev.bgplab.lab.runtime.ClabFiles.table(dev.bgplab.lab.runtime.ClabFiles.inspect(report.name())));
            }
            Main.mentionLog();
            return report.passed() ? 0 : 1;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Deploy a topology and leave it running (docker); embedded runs until Ctrl-C.")
    static final class Up implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--runtime", defaultValue = "auto", description = "auto (default), docker or embedded")
        LabRun.Runtime runtime;
        @picocli.CommandLine.Mixin
        Images images = new Images();

        @Override
        public Integer call() throws InterruptedException {
            Topology t;
            RunningLab lab;
            try {
                t = TopologyLoader.load(file);
                lab = LabRun.deploy(t, images.options(runtime, true));
            } catch (TopologyException e) {
                System.err.println(e.getMessage());
                return 2;
            } catch (IllegalStateException e) {
                System.err.println("lab: " + e.getMessage());
                return 3;
            }
            if (lab.containers()) {
                System.out.print(dev.bgplab.lab.runtime.ClabFiles.table(dev.bgplab.lab.runtime.ClabFiles.inspect(t.name())));
                System.out.println("lab " + t.name() + " is up (" + t.labDir() + "); take it down with: bgplab lab down " + file);
                return 0;
            }
            for (Map.Entry<String, dev.bgplab.lab.runtime.LabNode> e : lab.nodes().entrySet()) {
                System.out.println(e.getKey() + ": " + e.getValue().spec().role().name().toLowerCase());
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                lab.close();
                stopped.countDown();
            }, "bgplab-lab-down"));
            System.out.println("lab " + t.name() + " runs in this process; Ctrl-C stops it");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Remove a lab's containers and networks (those labelled with the lab's name), the host bridges it made and its clab-<lab>/ folder.")
    static final class Down implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME")
        String target;

        @Override
        public Integer call() {
            String name = labName(target);
            Leftovers.Found removed = DockerLab.teardown(name);
            System.out.println("removed " + removed.containers().size() + " container(s) " + removed.containers() + " and "
                    + removed.networks().size() + " network(s) " + removed.networks());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List a lab's containers and networks and its nodes' BGP sessions.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME")
        String target;

        @Override
        public Integer call() {
            String name = labName(target);
            Leftovers.Found found = Leftovers.findLab(name);
            if (found.isEmpty()) {
                System.out.println("lab " + name + " is not up");
                return 1;
            }
            System.out.println("lab " + name + ": containers " + found.containers() + ", networks " + found.networks());
            java.util.Optional<Path> topo = topologyFile(target);
            if (topo.isEmpty()) {
                System.out.println("  (its topology file is not known: give the file to see sessions)");
                return 0;
            }
            for (Map.Entry<String, dev.bgplab.lab.runtime.LabNode> e : DockerLab.attach(TopologyLoader.load(topo.get())).entrySet()) {
                String state;
                try {
                    state = e.getValue().spec().role() == dev.bgplab.lab.topology.NodeRole.VM ? "host"
                            : "sessions " + sessions(e.getValue().sessions());
                } catch (RuntimeException x) {
                    state = "not answering (" + x.getMessage() + ")";
                }
                String api = e.getValue() instanceof dev.bgplab.lab.runtime.ContainerNode c && !c.apiUrl().isEmpty() ? ", API " + c.apiUrl() : "";
                System.out.println("  " + e.getKey() + " (" + e.getValue().spec().role().name().toLowerCase() + api + "): " + state);
            }
            return 0;
        }
    }

    @Command(name = "effective-routes", mixinStandardHelpOptions = true, description = "What Azure would program into the VMs a bgplab Azure node serves (a running lab):"
            + " prefix, next-hop set, source, AS path.")
    static final class EffectiveRoutesCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "the lab's topology (*.clab.yml), deployed with lab up or run --keep")
        Path file;

        @Parameters(index = "1", paramLabel = "NODE|VNET", description = "a bgplab Azure node (a Route Server instance, hub or gateway),"
                + " a vm node (the node that serves it), or a virtual network prefix (every node whose virtual network it is)")
        String node;

        @Override
        public Integer call() {
            dev.bgplab.lab.topology.Topology topology = TopologyLoader.load(file);
            Map<String, dev.bgplab.lab.runtime.LabNode> nodes = DockerLab.attach(topology);
            java.util.List<String> targets = new java.util.ArrayList<>();
            dev.bgplab.lab.runtime.LabNode asked = nodes.get(node);
            if (asked != null && asked.spec().role() == dev.bgplab.lab.topology.NodeRole.VM) {
                java.util.Optional<String[]> s = dev.bgplab.lab.runtime.VmRoutes.serving(topology, asked.spec());
                if (s.isEmpty()) {
                    System.err.println(file + ": vm node '" + node + "' is linked to no bgplab node (label it bgplab.served-by: NODE)");
                    return 2;
                }
                System.out.println(node + " is served by " + s.get()[0] + " (its kernel gets these routes; next hops off its subnet go through "
                        + s.get()[1] + ")");
                targets.add(s.get()[0]);
            } else if (asked != null) {
                targets.add(node);
            } else if (node.contains("/")) {
                for (Map.Entry<String, dev.bgplab.lab.runtime.LabNode> e : nodes.entrySet()) {
                    try {
                        if (e.getValue().speakerApi().isPresent() && e.getValue().speakerApi().get().get("/api/effective-routes")
                                .path("virtualNetwork").toString().contains("\"" + node + "\"")) {
                            targets.add(e.getKey());
                        }
                    } catch (RuntimeException x) {
                        // not answering: not listed
                    }
                }
            }
            if (targets.isEmpty() || targets.stream().anyMatch(t -> nodes.get(t).speakerApi().isEmpty())) {
                System.err.println(file + ": no bgplab node, vm or virtual network '" + node + "'; bgplab nodes: " + nodes.entrySet().stream()
                        .filter(e -> e.getValue().speakerApi().isPresent())
                        .map(Map.Entry::getKey).toList());
                return 2;
            }
            for (String target : targets) {
                print(target, nodes.get(target).speakerApi().get().get("/api/effective-routes"));
            }
            return 0;
        }

        private static void print(String node, com.fasterxml.jackson.databind.JsonNode t) {
            System.out.println(node + " (" + t.path("role").asText() + "), virtual network " + t.path("virtualNetwork"));
            System.out.printf("%-20s %-34s %-44s %s%n", "prefix", "next hops", "source", "AS path");
            for (com.fasterxml.jackson.databind.JsonNode r : t.path("routes")) {
                java.util.List<String> hops = new java.util.ArrayList<>();
                r.path("nextHops").forEach(h -> hops.add(h.asText()));
                System.out.printf("%-20s %-34s %-44s %s%n", r.path("prefix").asText(), String.join(", ", hops), r.path("source").asText(),
                        r.path("asPath").asText());
            }
            for (com.fasterxml.jackson.databind.JsonNode r : t.path("notProgrammed")) {
                System.out.println("not programmed: " + r.path("prefix").asText() + ": " + r.path("reason").asText());
            }
        }
    }

    /** A topology file given as such, or the one a lab that is up was deployed from (by its name). */
    static java.util.Optional<Path> topologyFile(String fileOrName) {
        Path p = Path.of(fileOrName);
        if (Files.isRegularFile(p)) {
            return java.util.Optional.of(p);
        }
        return DockerLab.topologyOf(fileOrName);
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, description = "Why a bgplab node of a running lab has (or lacks) a prefix: its explain, in sentences.")
    static final class LabExplainCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;
        @Parameters(index = "1", paramLabel = "PREFIX")
        String prefix;
        @Option(names = "--lab", required = true, paramLabel = "FILE|NAME", description = "the lab: its topology file or its name")
        String lab;

        @Override
        public Integer call() {
            java.util.Optional<Path> topo = topologyFile(lab);
            if (topo.isEmpty()) {
                System.err.println("lab " + lab + " is not up (and is not a topology file); start it with: bgplab lab up FILE");
                return 2;
            }
            var nodes = DockerLab.attach(TopologyLoader.load(topo.get()));
            var n = nodes.get(node);
            if (n == null) {
                System.err.println("lab " + lab + ": no running node '" + node + "'; nodes are " + nodes.keySet());
                return 2;
            }
            if (n.spec().role() != dev.bgplab.lab.topology.NodeRole.BGPLAB) {
                System.err.println(node + " is not a bgplab node (" + n.spec().role().name().toLowerCase() + "); explain needs a bgplab speaker");
                return 2;
            }
            try {
                n.explain(prefix).forEach(System.out::println);
                return 0;
            } catch (RuntimeException e) {
                System.err.println(node + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show a lab's nodes as containerlab's inspect does: name, kind/image, state, management IPv4/IPv6,"
                    + " and the API of bgplab nodes.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE|NAME")
        String target;

        @Override
        public Integer call() {
            String name;
            try {
                name = labName(target);
            } catch (TopologyException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            var rows = dev.bgplab.lab.runtime.ClabFiles.inspect(name);
            if (rows.isEmpty()) {
                System.out.println("lab " + name + " is not up");
                return 1;
            }
            System.out.print(dev.bgplab.lab.runtime.ClabFiles.table(rows));
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a topology against containerlab's schema and its scenario, without deploying.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try {
                Topology t = TopologyLoader.load(file);
                dev.bgplab.lab.runtime.SpeakerConfigs.check(t);
                String scenario = "no scenario";
                if (Files.isRegularFile(t.scenarioFile())) {
                    scenario = dev.bgplab.lab.scenario.ScenarioLoader.load(t.scenarioFile(), t).steps().size() + " scenario step(s)";
                }
                t.warnings().forEach(w -> System.err.println("warning: " + w));
                System.out.println(file + ": valid: lab " + t.name() + ", " + t.nodes().size() + " node(s), " + t.links().size()
                        + " link(s), " + scenario + (t.allBgplab() ? "; can run embedded" : ""));
                return 0;
            } catch (TopologyException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    static String sessions(java.util.List<Session> sessions) {
        return sessions.stream().map(s -> s.peer() + "=" + s.state()).toList().toString();
    }
}
