package dev.bgplab.speaker.peer;

import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions by FSM state for the {@code bgp_sessions} gauge. The scrape thread never walks the peers:
 * it asks the event loop to publish a snapshot (a second at most) and reads that, or the last one
 * published when the loop is busy or gone.
 */
public final class SessionStates implements Supplier<Map<String, Long>> {
    private static final Logger log = LoggerFactory.getLogger(SessionStates.class);
    private final EventLoop loop;
    private volatile Collection<Peer> peers = List.of();
    private volatile Map<String, Long> snapshot = Map.of();

    public SessionStates(EventLoop loop) {
        this.loop = loop;
    }

    /** The live view of the peers, read only on the loop; set once the reconciler exists. */
    public void watch(Collection<Peer> peers) { this.peers = peers; }

    /** On the loop: takes a fresh snapshot. */
    public void publish() {
        Map<String, Long> m = new HashMap<>();
        for (Peer n : peers) m.merge(n.session().state().rfcName(), 1L, Long::sum);
        snapshot = Map.copyOf(m);
    }

    @Override
    public Map<String, Long> get() {
        if (loop.inEventLoop()) {
            publish();
        } else if (!loop.isShuttingDown()) {
            try {
                loop.submit(this::publish).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("session state snapshot: {}", e.toString());
            }
        }
        return snapshot;
    }
}
