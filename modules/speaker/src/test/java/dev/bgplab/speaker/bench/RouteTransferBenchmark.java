package dev.bgplab.speaker.bench;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end figures, not a test: one speaker originates N IPv4 /24s (default 1,000,000, in 1,000
 * attribute sets) and a second learns them over TCP on loopback. Prints the time until the
 * receiver's Loc-RIB holds all of them, the rate, and the receiver's heap per route.
 *
 * <pre>
 * ./mvnw -q -pl modules/speaker -am test-compile
 * java -Xmx4g -cp "$(cat modules/speaker/target/classpath.txt)" dev.bgplab.speaker.bench.RouteTransferBenchmark [N]
 * </pre>
 * (classpath: {@code ./mvnw -q -pl modules/speaker dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}
 * plus target/classes, target/test-classes and the wire module's target/classes.)
 */
public final class RouteTransferBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String yaml = """
                router-id: %s
                asn: %d
                listen: {address: %s, port: %d}
                ebgp-requires-policy: false
                peers:
                  - {name: peer, address: %s, port: %d, asn: %d, hold-time: 90, connect-retry: 1}
                """;
        try (BgpSpeaker sender = BgpSpeaker.start(ConfigLoader.parse("sender.yml",
                     yaml.formatted("10.0.0.1", 65001, "127.0.0.1", port, "127.0.0.2", port, 65002)));
             BgpSpeaker receiver = BgpSpeaker.start(ConfigLoader.parse("receiver.yml",
                     yaml.formatted("10.0.0.2", 65002, "127.0.0.2", port, "127.0.0.1", port, 65001)))) {
            while (sender.state("peer") != FsmState.ESTABLISHED || receiver.state("peer") != FsmState.ESTABLISHED) Thread.sleep(50);
            List<NetworkConfig> nets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long addr = (10L << 24) + ((long) i << 8);
                nets.add(new NetworkConfig(Prefix.of(AddressFamily.IPV4_UNICAST, new byte[] {
                        (byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), 0}, 24),
                        List.of(Community.of(65001, i % 1000)), List.of(), null, null));
            }
            System.gc();
            long heapBefore = usedHeap();
            long t0 = System.nanoTime();
            sender.originate(nets);
            long originated = System.nanoTime();
            int have = 0;
            while (have < n) {
                Thread.sleep(100);
                have = receiver.call(() -> receiver.rib().prefixCount(AddressFamily.IPV4_UNICAST));
            }
            long t1 = System.nanoTime();
            nets = null;
            System.gc();
            long heapAfter = usedHeap();
            double secs = (t1 - t0) / 1e9;
            System.out.printf("routes: %,d in 1,000 attribute sets%n", n);
            System.out.printf("originate at sender: %.2f s%n", (originated - t0) / 1e9);
            System.out.printf("until receiver's Loc-RIB held all: %.2f s (%,.0f routes/s)%n", secs, n / secs);
            System.out.printf("heap growth, both speakers in one JVM: %,d MB (%.0f bytes per route per speaker)%n",
                    (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / (2.0 * n));
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
