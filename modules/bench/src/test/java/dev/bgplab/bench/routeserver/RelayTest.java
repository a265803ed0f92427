package dev.bgplab.bench.routeserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bench's own instrument end to end: feeder -> relay -> receivers over loopback TCP. */
class RelayTest {
    private static final long AS = 65000;

    @Test
    void everyReceiverHoldsEveryPrefixTheFeederSentThroughTheRelay() throws Exception {
        InetAddress relayAddress = InetAddress.getByName("127.0.201.1");
        InetAddress feederAddress = InetAddress.getByName("127.0.201.11");
        int prefixes = 20_000;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(relayAddress, 0));
            Relay relay = new Relay();
            Thread serving = new Thread(() -> {
                try {
                    relay.serve(server, AS, relayAddress, Set.of(feederAddress));
                } catch (AsynchronousCloseException closed) {
                    // test over
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            serving.setDaemon(true);
            serving.start();
            InetSocketAddress at = (InetSocketAddress) server.getLocalAddress();
            List<BenchPeer> peers = new ArrayList<>();
            List<RouteCounter> counters = new ArrayList<>();
            try {
                for (int r = 1; r <= 3; r++) {
                    RouteCounter c = new RouteCounter(prefixes, AS);
                    peers.add(BenchPeer.connect("receiver" + r, InetAddress.getByName("127.0.201." + (100 + r)), at,
                            65200 + r, Duration.ofSeconds(10), null).startReading(c));
                    counters.add(c);
                }
                // the relay adds a receiver once its side of the handshake is done
                await().atMost(Duration.ofSeconds(10)).until(() -> relay.receivers() == 3);
                BenchPeer feeder = BenchPeer.connect("feeder", feederAddress, at, Workload.feederAs(1), Duration.ofSeconds(10), null);
                peers.add(feeder.startReading((a, from, to) -> { }));
                feeder.send(Workload.updates(1, 0, prefixes));

                await().atMost(Duration.ofSeconds(20)).until(() -> counters.stream().allMatch(c -> c.fullAt != 0));
                for (RouteCounter c : counters) {
                    assertThat(c.heldNow).isEqualTo(prefixes);
                    assertThat(c.via1).isEqualTo(prefixes);
                    assertThat(c.updates()).isEqualTo(prefixes / Workload.PREFIXES_PER_PATH);
                }
            } finally {
                peers.forEach(BenchPeer::close);
            }
        }
    }
}
