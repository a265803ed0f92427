package dev.bgplab.bench.micro;

import dev.bgplab.speaker.rib.DecisionOptions;
import dev.bgplab.speaker.rib.DecisionProcess;
import dev.bgplab.speaker.rib.NextHopResolver;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decision process over one prefix's candidates: {@code paths} eBGP routes from different
 * peers with equal AS-path length, two neighbouring ASes and different MEDs, so the comparison runs
 * past AS-path length and MED to the peer tie-breaks, as a route server with many clients does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {
    @Param({"2", "8"})
    int paths;

    private final DecisionProcess dp = new DecisionProcess(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE);
    private List<Route> candidates;

    @Setup
    public void setup() throws UnknownHostException {
        candidates = new ArrayList<>();
        Prefix prefix = Prefix.parse("11.0.0.0/24");
        for (int i = 0; i < paths; i++) {
            InetAddress addr = InetAddress.getByName("198.18.1." + (i + 1));
            long asn = 65101 + (i % 2);
            PeerInfo peer = new PeerInfo("p" + i, addr, asn, addr, 65000, true);
            PathAttributes attrs = PathAttributes.of(Origin.IGP, AsPath.of(asn, 4_200_000_000L + i, 64999),
                    NextHop.of(addr), new MultiExitDisc(i % 3));
            candidates.add(new Route(prefix, 0, attrs, peer, 0, false));
        }
    }

    @Benchmark
    public DecisionProcess.Selection select() {
        return dp.select(candidates, null);
    }
}
