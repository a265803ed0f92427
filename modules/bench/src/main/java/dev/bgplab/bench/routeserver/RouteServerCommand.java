package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.bgplab.bench.routeserver.RouteServerBench.CellResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench routeserver}: every scenario against every DUT in one run, one table. */
@Command(name = "routeserver", mixinStandardHelpOptions = true,
        description = "Route-server benchmark on loopback (127.0.200.0/24): own feeders and receivers against "
                + "bgplab, FRR bgpd, BIRD 2 and GoBGP as separate processes; prints one table.")
public final class RouteServerCommand implements Callable<Integer> {
    static final List<String> ALL_DUTS = List.of("relay", "bgplab", "frr", "bird", "gobgp");
    /**
     * The JVM options `./bgplab speaker` adds (see the bgplab script): parallel GC, promotion at the
     * first young collection survived, a 128 MB young generation, compact object headers (JDK 25+,
     * the bench's own JVM).
     */
    static final String SPEAKER_JVM = "-XX:+UseParallelGC -XX:MaxTenuringThreshold=0 -Xmn128m -XX:+UseCompactObjectHeaders";
    /** A lab node sized for a small table: small heap, serial GC, C1 only, small thread stacks. */
    static final String LAB_NODE_JVM = "-XX:+UseSerialGC -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 -Xss512k -XX:CICompilerCount=1";

    @Option(names = "--sizes", split = ",", defaultValue = "100k", description = "prefixes per feeder (e.g. 100k,1m,10m); default ${DEFAULT-VALUE}")
    List<String> sizes;
    @Option(names = "--receivers", split = ",", defaultValue = "1,4", description = "receiver counts (1..64); default ${DEFAULT-VALUE}")
    List<Integer> receivers;
    @Option(names = "--duts", split = ",", defaultValue = "relay,bgplab,frr,bird,gobgp",
            description = "devices under test, in column order; default ${DEFAULT-VALUE}")
    List<String> duts;
    @Option(names = "--runs", defaultValue = "1", description = "runs per cell, the fastest is kept; default ${DEFAULT-VALUE}")
    int runs;
    @Option(names = "--no-two-feeders", negatable = true, defaultValue = "true", description = "add the 2-feeder row per size")
    boolean twoFeeders;
    @Option(names = "--no-failover", negatable = true, defaultValue = "true", description = "add the failover row per size")
    boolean failover;
    @Option(names = "--no-footprint", negatable = true, defaultValue = "true", description = "measure idle lab-node RSS and start-up")
    boolean footprint;
    @Option(names = "--timeout", defaultValue = "600", description = "seconds per run before it counts as failed; default ${DEFAULT-VALUE}")
    int timeoutSeconds;
    @Option(names = "--port", defaultValue = "17900", description = "first TCP port the DUT listens on; default ${DEFAULT-VALUE}")
    int port;
    @Option(names = "--bgplab-jar", defaultValue = "modules/cli/target/bgplab.jar")
    Path bgplabJar;
    @Option(names = "--baseline-jar", defaultValue = "modules/bench/target/bgplab-baseline.jar",
            description = "an older bgplab.jar, run as DUT bgplab-before (before/after under the same load); default ${DEFAULT-VALUE}")
    Path baselineJar;
    @Option(names = "--baseline-jvm-opts", defaultValue = "", description = "JVM options of bgplab-before; default: JVM defaults")
    String baselineJvmOpts;
    @Option(names = "--bench-jar", defaultValue = "modules/bench/target/bgplab-bench.jar")
    Path benchJar;
    @Option(names = "--bgplab-jvm-opts", defaultValue = SPEAKER_JVM,
            description = "JVM options of the bgplab DUT; default: what ./bgplab speaker adds (${DEFAULT-VALUE}); '' for JVM defaults")
    String bgplabJvmOpts;
    @Option(names = "--out", description = "also write the report (Markdown) to this file, e.g. docs/benchmark-routeserver.md")
    Path out;
    @Option(names = "--note", defaultValue = "", description = "a sentence for the report, e.g. that the machine was loaded")
    String note;
    @Option(names = "--work", defaultValue = "modules/bench/target/rs", description = "configs and DUT logs")
    Path work;
    @Option(names = "--daemon-lock", description = "run FRR, BIRD and GoBGP under `flock FILE` (machines where other jobs start them)")
    Path daemonLock;
    @Option(names = "--heap-histogram", description = "after each bgplab run, write the live objects by class (jcmd GC.class_histogram) to the run's directory")
    boolean heapHistogram;
    @Option(names = "--limit", split = ",", description = "DUT=SIZE: skip a DUT above that size, e.g. gobgp=100k (GoBGP takes minutes per 1M)")
    Map<String, String> limits = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        List<Integer> n = sizes.stream().map(BenchScenario::parseSize).toList();
        for (int k : receivers) {
            if (k < 1 || k > 64) {
                throw new IllegalArgumentException("--receivers: " + k + " is out of range; valid: 1..64");
            }
        }
        List<BenchScenario> scenarios = BenchScenario.table(n, receivers, twoFeeders, failover);
        Map<String, Dut> available = new LinkedHashMap<>();
        for (String d : duts) {
            Dut dut = dut(d);
            String why = dut.unavailable();
            if (why != null) {
                System.out.println("skipping " + d + ": " + why);
            } else {
                available.put(d, dut);
            }
        }
        Dut.DAEMON_LOCK.set(daemonLock == null ? null : daemonLock.toAbsolutePath());
        Map<String, Integer> maxSize = new LinkedHashMap<>();
        limits.forEach((d, size) -> maxSize.put(d, BenchScenario.parseSize(size)));
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        Map<String, String> machineBefore = RouteServerBench.machine();
        RouteServerBench bench = new RouteServerBench(work.toAbsolutePath(), port, Duration.ofSeconds(timeoutSeconds));
        bench.heapHistogram = heapHistogram;
        Map<BenchScenario, Map<String, CellResult>> results = new LinkedHashMap<>();
        for (BenchScenario s : scenarios) {
            System.out.println(s.label());
            Map<String, CellResult> row = new LinkedHashMap<>();
            for (Dut dut : available.values()) {
                if (dut instanceof RelayDut && s.failover()) {
                    continue; // no RIB, nothing to fail over to
                }
                Integer max = maxSize.get(dut.name());
                if (max != null && s.prefixes() > max) {
                    row.put(dut.name(), CellResult.failed("not run (--limit " + dut.name() + "=" + BenchScenario.human(max) + ")"));
                    continue;
                }
                row.put(dut.name(), bench.best(dut, s, runs));
            }
            results.put(s, row);
        }
        String table = RouteServerBench.table(scenarios, new ArrayList<>(available.keySet()), results);
        StringBuilder fp = new StringBuilder();
        if (footprint) {
            fp.append("| lab node (").append(Footprint.ROUTES).append(" routes, 1 neighbour) | ready | idle RSS | peak RSS |\n|---|---|---|---|\n");
            List<Dut> nodes = new ArrayList<>();
            if (available.containsKey("bgplab")) {
                nodes.add(available.get("bgplab"));
                nodes.add(new BgplabDut("bgplab (lab-node JVM)", bgplabJar.toAbsolutePath(), Arrays.asList(LAB_NODE_JVM.split(" "))));
            }
            available.values().stream().filter(d -> !(d instanceof BgplabDut) && !(d instanceof RelayDut)).forEach(nodes::add);
            int i = 0;
            for (Dut d : nodes) {
                Footprint.FootprintFigures r = Footprint.measure(d, work.toAbsolutePath().resolve("fp-" + d.name().replaceAll("\\W+", "-")),
                        port + 150 + 2 * i++);
                fp.append(Footprint.row(d.name(), r)).append('\n');
            }
        }
        String report = report(started, machineBefore, available, table, fp.toString());
        System.out.println();
        System.out.println(table);
        System.out.println(fp);
        if (out != null) {
            Files.writeString(out, report);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private Dut dut(String name) {
        return switch (name) {
            case "relay" -> new RelayDut(benchJar.toAbsolutePath(), List.of(RouteServerBench.feederAddress(1), RouteServerBench.feederAddress(2)));
            case "bgplab" -> new BgplabDut("bgplab", bgplabJar.toAbsolutePath(),
                    bgplabJvmOpts.isBlank() ? List.of() : Arrays.asList(bgplabJvmOpts.trim().split("\\s+")));
            case "bgplab-before" -> new BgplabDut("bgplab-before", baselineJar.toAbsolutePath(),
                    baselineJvmOpts.isBlank() ? List.of() : Arrays.asList(baselineJvmOpts.trim().split("\\s+")));
            case "frr" -> new FrrDut();
            case "bird" -> new BirdDut();
            case "gobgp" -> new GobgpDut();
            default -> throw new IllegalArgumentException("--duts: unknown '" + name + "'; valid: " + String.join(", ", ALL_DUTS));
        };
    }

    private String report(String started, Map<String, String> machine, Map<String, Dut> duts, String table, String footprintTable) {
        StringBuilder b = new StringBuilder("# Route-server benchmark\n\n");
        b.append("Written by `./bgplab bench routeserver` (modules/bench). Date: ").append(started).append(".\n\n");
        if (!note.isBlank()) {
            b.append("**").append(note.trim()).append("**\n\n");
        }
        b.append("Command: `./bgplab bench routeserver --sizes ").append(String.join(",", sizes)).append(" --receivers ")
                .append(receivers.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElse(""))
                .append(" --duts ").append(String.join(",", duts.keySet())).append(" --runs ").append(runs);
        limits.forEach((d, size) -> b.append(" --limit ").append(d).append('=').append(size));
        b.append("`\n\n");
        b.append("Machine: ");
        machine.forEach((k, v) -> b.append(k).append(" ").append(v).append("; "));
        b.append("load average at the end ").append(RouteServerBench.machine().get("load average")).append(".\n\n");
        b.append("Versions:\n");
        duts.values().forEach(d -> b.append("- ").append(d.name()).append(": ").append(d.version())
                .append(d.notes().isEmpty() ? "" : " (" + d.notes() + ")").append('\n'));
        b.append("""

                Each cell: seconds from the first UPDATE sent to the last receiver holding every route (failover:
                from closing one feeder's TCP to the last receiver holding every prefix through the other feeder) /
                the DUT's peak RSS (VmHWM, whole process life) / the DUT's CPU seconds (utime+stime) from the
                first UPDATE to the end (failover: the initial load and the failover); fastest of the runs. "bgplab xA time, xB RSS": bgplab takes A times as long and
                holds B times the memory. `relay` forwards the feeders' bytes without a RIB: the bench's own ceiling.
                Feeders announce disjoint sets of prefixes (2 feeders: each receiver ends with 2N routes); in
                failover both announce the same N with AS paths of equal length.

                """);
        b.append(table).append('\n');
        if (!footprintTable.isEmpty()) {
            b.append("Lab footprint: ready = from spawning the process to the first completed BGP handshake; idle RSS 3 s later.\n")
                    .append("bgplab (lab-node JVM) runs with `").append(LAB_NODE_JVM).append("`.\n\n").append(footprintTable);
        }
        return b.toString();
    }

    /** {@code bench profile}: one bgplab run under JFR, then where its CPU samples and allocation went. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Run bgplab as route server under JFR (1 feeder, default 1M prefixes to 4 receivers) and print the top frames.")
    public static final class ProfileCommand implements Callable<Integer> {
        @Option(names = "--size", defaultValue = "1m")
        String size;
        @Option(names = "--receivers", defaultValue = "4")
        int receivers;
        @Option(names = "--top", defaultValue = "25")
        int top;
        @Option(names = "--bgplab-jar", defaultValue = "modules/cli/target/bgplab.jar")
        Path bgplabJar;
        @Option(names = "--bgplab-jvm-opts", defaultValue = SPEAKER_JVM)
        String jvmOpts;
        @Option(names = "--jfr", description = "summarize this existing recording instead of running")
        Path existing;
        @Option(names = "--port", defaultValue = "18300")
        int port;

        @Override
        public Integer call() throws IOException {
            Path jfr = existing;
            if (jfr == null) {
                Path work = Path.of("modules/bench/target/profile").toAbsolutePath();
                Files.createDirectories(work);
                jfr = work.resolve("bgplab-routeserver.jfr");
                Files.deleteIfExists(jfr);
                List<String> opts = new ArrayList<>(jvmOpts.isBlank() ? List.of() : Arrays.asList(jvmOpts.trim().split("\\s+")));
                // the profile settings sample a thread every 10-20 ms: a 2 s load gave ~130 samples; every 1 ms gives ~1500
                opts.add("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true,settings=profile,jdk.ExecutionSample#period=1ms");
                BenchScenario s = new BenchScenario(BenchScenario.parseSize(size), 1, receivers, false);
                CellResult r = new RouteServerBench(work, port, Duration.ofSeconds(900))
                        .run(new BgplabDut("bgplab", bgplabJar.toAbsolutePath(), opts), s);
                System.out.println(s.label() + ": " + RouteServerBench.format(r) + " (with JFR on)");
                System.out.println("recording: " + jfr);
            }
            System.out.println(JfrSummary.summarize(jfr, top));
            return 0;
        }
    }

    /** {@code bench footprint}: only the lab-node table. */
    @Command(name = "footprint", mixinStandardHelpOptions = true,
            description = "Idle RSS and start-up time of a lab node: bgplab (default and lab-node JVM) next to FRR, BIRD, GoBGP.")
    public static final class FootprintCommand implements Callable<Integer> {
        @Option(names = "--duts", split = ",", defaultValue = "bgplab,frr,bird,gobgp")
        List<String> duts;
        @Option(names = "--port", defaultValue = "18100")
        int port;
        @Option(names = "--bgplab-jar", defaultValue = "modules/cli/target/bgplab.jar")
        Path bgplabJar;
        @Option(names = "--daemon-lock", description = "run FRR, BIRD and GoBGP under `flock FILE`")
        Path daemonLock;

        @Override
        public Integer call() {
            Dut.DAEMON_LOCK.set(daemonLock == null ? null : daemonLock.toAbsolutePath());
            RouteServerCommand rs = new RouteServerCommand();
            rs.bgplabJar = bgplabJar;
            rs.benchJar = Path.of("unused");
            rs.bgplabJvmOpts = SPEAKER_JVM;
            rs.baselineJvmOpts = "";
            List<Dut> nodes = new ArrayList<>();
            for (String d : duts) {
                nodes.add(rs.dut(d));
                if (d.equals("bgplab")) {
                    nodes.add(new BgplabDut("bgplab (lab-node JVM)", bgplabJar.toAbsolutePath(), Arrays.asList(LAB_NODE_JVM.split(" "))));
                }
            }
            System.out.println("| lab node (" + Footprint.ROUTES + " routes, 1 neighbour) | ready | idle RSS | peak RSS |\n|---|---|---|---|");
            int i = 0;
            for (Dut d : nodes) {
                String why = d.unavailable();
                if (why != null) {
                    System.out.println("| " + d.name() + " | " + why + " | | |");
                    continue;
                }
                Path dir = Path.of("modules/bench/target/fp").toAbsolutePath().resolve(d.name().replaceAll("\\W+", "-"));
                System.out.println(Footprint.row(d.name(), Footprint.measure(d, dir, port + 2 * i++)));
            }
            System.out.println("bgplab (lab-node JVM): " + LAB_NODE_JVM);
            return 0;
        }
    }
}
