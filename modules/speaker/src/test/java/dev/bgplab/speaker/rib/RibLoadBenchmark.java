package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a load driver that prints figures. Two eBGP peers each announce the same 500,000
 * IPv4 /24s (1,000,000 routes) in UPDATEs of 100 prefixes, 500 distinct attribute sets per peer
 * (1,000 in all), freshly built per UPDATE as a decoder would. Prints insertion time and retained
 * heap per route, then the cost of re-running every decision and of a peer going down.
 *
 * <p>Run after {@code mvn test-compile}:
 * {@code java -Xmx4g -cp modules/speaker/target/test-classes:modules/speaker/target/classes:modules/wire/target/classes
 * dev.bgplab.speaker.rib.RibLoadBenchmark}
 */
public final class RibLoadBenchmark {

    private static final int PREFIXES = 500_000;
    private static final int PER_UPDATE = 100;
    private static final int SETS_PER_PEER = 500;

    public static void main(String[] args) {
        PeerInfo a = Routes.ebgp("upstream-a", "10.0.0.1", 64501);
        PeerInfo b = Routes.ebgp("upstream-b", "10.0.0.2", 64502);
        long before = usedHeap();
        Rib rib = new Rib();
        long t0 = System.nanoTime();
        load(rib, a);
        load(rib, b);
        long insertNanos = System.nanoTime() - t0;
        long after = usedHeap();
        int routes = rib.routeCount();
        System.out.printf("routes: %,d in %,d prefixes, %d attribute sets interned%n", routes,
                rib.prefixCount(AddressFamily.IPV4_UNICAST), rib.interner().attributeSetCount());
        System.out.printf("insert: %,d ms total, %,d ns per route%n", insertNanos / 1_000_000, insertNanos / routes);
        System.out.printf("heap:   %,d MB retained, %,d bytes per route%n", (after - before) >> 20, (after - before) / routes);

        long t1 = System.nanoTime();
        rib.setOptions(DecisionOptions.DEFAULT.withAsPathMultipathRelax(true));
        long reselect = System.nanoTime() - t1;
        System.out.printf("re-run every decision (multipath-relax on, %,d ECMP sets of 2): %,d ms%n",
                countEcmp(rib), reselect / 1_000_000);

        long t2 = System.nanoTime();
        rib.peerDown(a);
        System.out.printf("peer down (%,d routes removed): %,d ms; %,d routes left%n", PREFIXES,
                (System.nanoTime() - t2) / 1_000_000, rib.routeCount());
    }

    private static void load(Rib rib, PeerInfo peer) {
        for (int first = 0; first < PREFIXES; first += PER_UPDATE) {
            int set = (first / PER_UPDATE) % SETS_PER_PEER;
            PathAttributes attrs = attributes(peer, set); // a new object per UPDATE, as the decoder makes
            List<Route> update = new ArrayList<>(PER_UPDATE);
            for (int i = first; i < first + PER_UPDATE; i++) {
                Prefix p = new Prefix(AddressFamily.IPV4_UNICAST, 0, 0x0100_0000L + ((long) i << 8), 24);
                update.add(new Route(p, 0, attrs, peer, 0, false));
            }
            rib.accept(peer, AddressFamily.IPV4_UNICAST, update);
        }
    }

    private static PathAttributes attributes(PeerInfo peer, int set) {
        List<PathAttribute> a = new ArrayList<>();
        a.add(Origin.IGP);
        a.add(AsPath.of(peer.peerAsn(), 3000 + set % 50, 4000 + set));
        a.add(NextHop.of(peer.address()));
        a.add(new MultiExitDisc(set % 10));
        a.add(new Communities(List.of(Community.of((int) (peer.peerAsn() & 0xFFFF), set % 20))));
        return PathAttributes.of(a);
    }

    private static int countEcmp(Rib rib) {
        int[] n = {0};
        rib.locRib().forEach(AddressFamily.IPV4_UNICAST, e -> { if (e.multipath().size() > 1) n[0]++; });
        return n[0];
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100); // lets the collector finish; a benchmark, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
