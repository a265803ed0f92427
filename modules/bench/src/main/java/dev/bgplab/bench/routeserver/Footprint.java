package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A lab node's cost: a speaker originating a few routes with one neighbour. Start-up time runs
 * from spawning the process to the first completed BGP handshake (OPEN and KEEPALIVE both ways);
 * idle RSS is read 3 s later.
 */
public final class Footprint {
    public static final int ROUTES = 10;

    /** Seconds until ready, idle RSS, peak RSS; or the error. */
    public record FootprintFigures(double readySeconds, long idleRssKb, long peakRssKb, String error) {
    }

    private Footprint() {
    }

    public static FootprintFigures measure(Dut dut, Path workDir, int port) {
        Dut.Layout topo = new Dut.Layout(RouteServerBench.DUT_ADDRESS, port, RouteServerBench.DUT_AS, "10.255.0.1",
                List.of(new Dut.Client("receiver1", RouteServerBench.receiverAddress(1), RouteServerBench.FIRST_RECEIVER_AS)),
                workDir);
        long t0 = System.nanoTime();
        try (Dut.Running running = dut.start(topo, ROUTES);
             BenchPeer peer = BenchPeer.connect("receiver1", InetAddress.getByName(RouteServerBench.receiverAddress(1)),
                     new InetSocketAddress(InetAddress.getByName(RouteServerBench.DUT_ADDRESS), port),
                     RouteServerBench.FIRST_RECEIVER_AS, java.time.Duration.ofSeconds(30), running)) {
            double ready = (System.nanoTime() - t0) / 1e9;
            peer.startReading((a, from, to) -> { });
            Thread.sleep(3000);
            return new FootprintFigures(ready, ProcStats.rssKb(running.pid()), ProcStats.peakRssKb(running.pid()), null);
        } catch (IOException e) {
            return new FootprintFigures(Double.NaN, -1, -1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FootprintFigures(Double.NaN, -1, -1, "interrupted");
        }
    }

    public static String row(String name, FootprintFigures r) {
        return r.error() != null ? "| " + name + " | failed: " + r.error() + " | | |"
                : String.format(Locale.ROOT, "| %s | %.2f s | %d MB | %d MB |", name, r.readySeconds(),
                        r.idleRssKb() / 1024, r.peakRssKb() / 1024);
    }
}
