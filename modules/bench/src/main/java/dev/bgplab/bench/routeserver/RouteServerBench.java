package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each scenario against each DUT, one fresh DUT process per run, and collects seconds, the
 * DUT's peak RSS and its CPU seconds. Everything is on loopback: the DUT on 127.0.200.1, feeders
 * on 127.0.200.11-12, receivers on 127.0.200.101 upwards.
 */
public final class RouteServerBench {
    static final String DUT_ADDRESS = "127.0.200.1";
    static final long DUT_AS = 65000;
    static final long FIRST_RECEIVER_AS = 65201;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** One measured run; {@code error} is set instead of figures when it failed. */
    public record CellResult(double seconds, long peakRssKb, double cpuSeconds, String error) {
        static CellResult failed(String error) {
            return new CellResult(Double.NaN, -1, Double.NaN, error);
        }

        boolean ok() {
            return error == null;
        }
    }

    private final Path workRoot;
    private final int basePort;
    private final Duration timeout;
    /** After each bgplab run, write the JVM's class histogram (jcmd GC.class_histogram) beside the run's logs. */
    boolean heapHistogram;
    private int runCounter;

    public RouteServerBench(Path workRoot, int basePort, Duration timeout) {
        this.workRoot = workRoot;
        this.basePort = basePort;
        this.timeout = timeout;
    }

    static String feederAddress(int f) {
        return "127.0.200." + (10 + f);
    }

    static String receiverAddress(int r) {
        return "127.0.200." + (100 + r);
    }

    /** Best (minimum time) of {@code runs} runs; RSS and CPU are those of the best run. */
    public CellResult best(Dut dut, BenchScenario s, int runs) {
        CellResult best = null;
        for (int i = 0; i < runs; i++) {
            CellResult r = run(dut, s);
            System.out.printf(Locale.ROOT, "  %-7s %-55s %s%n", dut.name(), s.label(), format(r));
            if (best == null || (r.ok() && (!best.ok() || r.seconds() < best.seconds()))) {
                best = r;
            }
        }
        return best;
    }

    static String format(CellResult r) {
        return r.ok() ? String.format(Locale.ROOT, "%.2f s / %d MB / %.1f CPU s", r.seconds(), r.peakRssKb() / 1024, r.cpuSeconds())
                : "failed: " + r.error();
    }

    /** One run: fresh DUT, receivers, feeders, the clock, then everything stopped by its own handle. */
    public CellResult run(Dut dut, BenchScenario s) {
        int port = basePort + 2 * (runCounter++ % 50);
        // short: BIRD's control socket path must fit in sun_path (108 bytes)
        Path dir = workRoot.resolve(dut.name() + "-" + runCounter);
        List<Dut.Client> neighbors = new ArrayList<>();
        for (int f = 1; f <= s.feeders(); f++) {
            neighbors.add(new Dut.Client("feeder" + f, feederAddress(f), Workload.feederAs(f)));
        }
        for (int r = 1; r <= s.receivers(); r++) {
            neighbors.add(new Dut.Client("receiver" + r, receiverAddress(r), FIRST_RECEIVER_AS + r - 1));
        }
        Dut.Layout topo = new Dut.Layout(DUT_ADDRESS, port, DUT_AS, "10.255.0.1", neighbors, dir);
        // Encode before the DUT starts so the clock sees only sending.
        List<List<ByteBuffer>> streams = new ArrayList<>();
        for (int f = 1; f <= s.feeders(); f++) {
            streams.add(Workload.updates(f, s.failover() ? 0 : (f - 1) * s.prefixes(), s.prefixes()));
        }
        List<BenchPeer> peers = new ArrayList<>();
        ScheduledExecutorService keepalives = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-keepalive");
            t.setDaemon(true);
            return t;
        });
        try (Dut.Running dutProcess = dut.start(topo, 0)) {
            Files.writeString(dir.resolve("scenario.txt"), s.label() + "\n");
            long pid = dutProcess.pid();
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(DUT_ADDRESS), port);
            List<RouteCounter> counters = new ArrayList<>();
            for (int r = 1; r <= s.receivers(); r++) {
                RouteCounter counter = new RouteCounter(s.expected(), DUT_AS);
                BenchPeer p = BenchPeer.connect("receiver" + r, InetAddress.getByName(receiverAddress(r)), server,
                        FIRST_RECEIVER_AS + r - 1, CONNECT_TIMEOUT, dutProcess);
                peers.add(p.startReading(counter));
                counters.add(counter);
            }
            List<BenchPeer> feeders = new ArrayList<>();
            for (int f = 1; f <= s.feeders(); f++) {
                BenchPeer p = BenchPeer.connect("feeder" + f, InetAddress.getByName(feederAddress(f)), server,
                        Workload.feederAs(f), CONNECT_TIMEOUT, dutProcess);
                peers.add(p.startReading((a, from, to) -> { }));
                feeders.add(p);
            }
            keepalives.scheduleAtFixedRate(() -> peers.forEach(BenchPeer::keepalive), 20, 20, TimeUnit.SECONDS);
            Thread.sleep(500); // the DUT finishes its own side of the handshakes
            double cpu0 = ProcStats.cpuSeconds(pid);
            long t0 = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (int f = 0; f < feeders.size(); f++) {
                BenchPeer feeder = feeders.get(f);
                List<ByteBuffer> stream = streams.get(f);
                Thread t = new Thread(() -> {
                    try {
                        feeder.send(stream);
                    } catch (IOException e) {
                        System.err.println(feeder.name + ": " + e.getMessage());
                    }
                }, "bench-send-" + feeder.name);
                t.start();
                senders.add(t);
            }
            String wait = awaitAll(counters, peers, dutProcess, c -> c.fullAt != 0, t0);
            if (wait != null) {
                return CellResult.failed(wait);
            }
            long end = counters.stream().mapToLong(c -> c.fullAt).max().orElseThrow();
            double seconds = (end - t0) / 1e9;
            if (s.failover()) {
                RouteCounter first = counters.get(0);
                int closed = first.via1 >= first.via2 ? 1 : 2;
                int other = 3 - closed;
                long tc = System.nanoTime();
                feeders.get(closed - 1).close();
                wait = awaitAll(counters, peers.stream().filter(p -> p != feeders.get(closed - 1)).toList(), dutProcess,
                        c -> c.fullViaAt(other) != 0, tc);
                if (wait != null) {
                    return CellResult.failed("failover: " + wait);
                }
                end = counters.stream().mapToLong(c -> Math.max(tc, c.fullViaAt(other))).max().orElseThrow();
                seconds = (end - tc) / 1e9;
            }
            double cpu = ProcStats.cpuSeconds(pid) - cpu0;
            long hwm = ProcStats.peakRssKb(pid);
            if (heapHistogram && dut instanceof BgplabDut) {
                // what the heap holds once every receiver has every route (a full collection first: live objects only)
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("histogram.txt").toFile()).start().waitFor();
                System.out.println("  heap histogram: " + dir.resolve("histogram.txt"));
            }
            for (Thread t : senders) {
                t.join();
            }
            return new CellResult(seconds, hwm, cpu, null);
        } catch (IOException e) {
            return CellResult.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellResult.failed("interrupted");
        } finally {
            keepalives.shutdownNow();
            peers.forEach(BenchPeer::close);
        }
    }

    private interface Done {
        boolean test(RouteCounter c);
    }

    private String awaitAll(List<RouteCounter> counters, List<BenchPeer> peers, Dut.Running dut, Done done, long since)
            throws InterruptedException {
        long deadline = since + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (RouteCounter c : counters) {
                if (!done.test(c)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return null;
            }
            for (BenchPeer p : peers) {
                if (p.isClosed()) {
                    return p.name + ": " + p.error() + " (DUT log: " + dut.log() + ")";
                }
            }
            if (!dut.alive()) {
                return "DUT " + dut.exit() + " (log: " + dut.log() + ")";
            }
            if (System.nanoTime() > deadline) {
                RouteCounter c = counters.get(0);
                return "timeout after " + timeout.toSeconds() + " s; receiver1 holds " + c.heldNow + " (via feeder1 "
                        + c.via1 + ", feeder2 " + c.via2 + ") (DUT log: " + dut.log() + ")";
            }
            Thread.sleep(5);
        }
    }

    /** The Markdown table: a row per scenario, a column per DUT, ratios against bgplab. */
    public static String table(List<BenchScenario> scenarios, List<String> duts, Map<BenchScenario, Map<String, CellResult>> results) {
        StringBuilder b = new StringBuilder("| scenario (IPv4 /24s, N/10 AS paths) |");
        duts.forEach(d -> b.append(' ').append(d).append(" |"));
        b.append("\n|---|");
        duts.forEach(d -> b.append("---|"));
        b.append('\n');
        for (BenchScenario s : scenarios) {
            Map<String, CellResult> row = results.getOrDefault(s, new LinkedHashMap<>());
            CellResult ours = row.get("bgplab");
            b.append("| ").append(s.label()).append(" |");
            for (String d : duts) {
                CellResult r = row.get(d);
                b.append(' ');
                if (r == null) {
                    b.append('-');
                } else if (!r.ok()) {
                    b.append(r.error().startsWith("not run") ? "" : "failed: ").append(r.error().replace('|', '/'));
                } else {
                    b.append(format(r));
                    if (!d.equals("bgplab") && ours != null && ours.ok()) {
                        b.append(String.format(Locale.ROOT, " (bgplab x%.1f time, x%.1f RSS)",
                                ours.seconds() / r.seconds(), (double) ours.peakRssKb() / r.peakRssKb()));
                    }
                }
                b.append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Cores, memory, kernel, CPU and load for the report. */
    public static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", read("/proc/meminfo", "MemTotal:").replaceAll("\\s+", " ").trim());
        m.put("kernel", readAll("/proc/sys/kernel/osrelease"));
        m.put("cpu", read("/proc/cpuinfo", "model name").replaceFirst("^\\s*:\\s*", ""));
        m.put("load average", readAll("/proc/loadavg"));
        return m;
    }

    private static String read(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String readAll(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
