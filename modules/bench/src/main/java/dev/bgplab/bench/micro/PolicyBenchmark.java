package dev.bgplab.bench.micro;

import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.ImportPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.policy.PolicyParser;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Policy per route: the import pipeline with an Azure-style route-map (as-path access-list match,
 * {@code set as-path exclude}, {@code prepend}, local-preference), the same pipeline with no
 * route-map (route-server client, the route-server benchmark's case), and the export pipeline
 * towards an eBGP peer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {
    private static final String POLICY = """
            no bgp ebgp-requires-policy
            bgp as-path access-list AZURE seq 5 permit _65515_
            route-map SDWAN-IN permit 10
             match as-path AZURE
             set as-path exclude 65515 65520
             set as-path prepend 65001 65001
             set local-preference 200
            route-map SDWAN-IN permit 20
            neighbor 10.0.1.4 route-map SDWAN-IN in
            """;

    private Route azureRoute;
    private Route plainRoute;
    private PeerContext withRouteMap;
    private PeerContext routeServerClient;
    private PeerContext exportTo;

    @Setup
    public void setup() throws UnknownHostException {
        InetAddress nva = InetAddress.getByName("10.0.1.4");
        InetAddress client = InetAddress.getByName("10.0.2.4");
        InetAddress local = InetAddress.getByName("10.255.0.1");
        PeerInfo fromNva = new PeerInfo("nva", nva, 65515, nva, 65001, false);
        PeerInfo fromClient = new PeerInfo("client", client, 65101, client, 65000, true);
        PeerInfo toPeer = new PeerInfo("out", InetAddress.getByName("10.0.3.4"), 65201, InetAddress.getByName("10.0.3.4"), 65000, true);
        PolicyConfig cfg = PolicyParser.parse(POLICY);
        PolicyConfig open = PolicyParser.parse("no bgp ebgp-requires-policy\n");
        withRouteMap = new PeerContext(fromNva, 65001, local, null, cfg);
        routeServerClient = new PeerContext(fromClient, 65000, local, null, open);
        exportTo = new PeerContext(toPeer, 65000, local, null, open);
        azureRoute = new Route(Prefix.parse("10.2.0.0/16"), 0, PathAttributes.of(Origin.IGP,
                AsPath.of(65515, 65520, 65520, 65002, 4_200_000_007L), NextHop.of(nva)), fromNva, 0, false);
        plainRoute = new Route(Prefix.parse("11.0.0.0/24"), 0, PathAttributes.of(Origin.IGP,
                AsPath.of(65101, 4_200_000_007L, 64999), NextHop.of(InetAddress.getByName("198.18.0.1"))), fromClient, 0, false);
    }

    @Benchmark
    public PolicyResult importWithAsPathRouteMap() {
        return ImportPolicy.apply(azureRoute, withRouteMap);
    }

    @Benchmark
    public PolicyResult importRouteServerClient() {
        return ImportPolicy.apply(plainRoute, routeServerClient);
    }

    @Benchmark
    public PolicyResult exportToRouteServerClient() {
        return ExportPolicy.apply(plainRoute, exportTo);
    }
}
