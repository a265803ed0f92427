package dev.bgplab.speaker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The speaker's Micrometer meters, exported in Prometheus format on the management API. Values
 * are written by the speaker's event loop and read by the scrape thread, hence atomics; the
 * per-peer meters carry a {@code peer} tag.
 */
public final class SpeakerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, PeerMeters> peers = new ConcurrentHashMap<>();
    private final AtomicLong lastConvergenceMillis = new AtomicLong(-1);
    private final AtomicLong locRibPrefixes = new AtomicLong();

    public SpeakerMetrics(Supplier<Map<String, Long>> sessionsByState) {
        for (String state : new String[] {"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"}) {
            Gauge.builder("bgp_sessions", () -> sessionsByState.get().getOrDefault(state, 0L))
                    .tag("state", state)
                    .description("BGP sessions by FSM state")
                    .register(registry);
        }
        Gauge.builder("bgp_last_convergence_seconds", () -> lastConvergenceMillis.get() / 1000.0)
                .description("Time from the last Loc-RIB change burst starting to it settling (no change for 1 s)")
                .register(registry);
        Gauge.builder("bgp_loc_rib_prefixes", locRibPrefixes::get).description("Prefixes in the Loc-RIB").register(registry);
    }

    public PrometheusMeterRegistry registry() { return registry; }

    public PeerMeters peer(String name) {
        return peers.computeIfAbsent(name, n -> new PeerMeters(registry, n));
    }

    /**
     * Counts a session ending or a connection attempt failing, by why: hold timer expired, TCP
     * reset, NOTIFICATION received or sent (with its code), stopped, connect failed.
     */
    public void sessionDown(String peer, String reason) {
        Counter.builder("bgp_session_down").description("Sessions or connection attempts that ended, by reason")
                .tag("peer", peer).tag("reason", reason).register(registry).increment();
    }

    public void convergence(long millis) { lastConvergenceMillis.set(millis); }

    public void locRibPrefixes(long n) { locRibPrefixes.set(n); }

    /** Meters for one peer. */
    public static final class PeerMeters {
        public final Counter updatesIn;
        public final Counter updatesOut;
        public final Counter flaps;
        /** UPDATEs whose NLRI were treated as withdrawn (RFC 7606 2), decoder's and normalisation's verdicts alike. */
        public final Counter treatAsWithdraw;
        private final MeterRegistry registry;
        private final String peer;
        public final AtomicLong prefixesReceived = new AtomicLong();
        public final AtomicLong prefixesAccepted = new AtomicLong();
        public final AtomicLong prefixesAdvertised = new AtomicLong();

        PeerMeters(MeterRegistry r, String peer) {
            this.registry = r;
            this.peer = peer;
            treatAsWithdraw = Counter.builder("bgp_treat_as_withdraw").tag("peer", peer)
                    .description("UPDATEs whose NLRI were treated as withdrawn (RFC 7606)").register(r);
            updatesIn = Counter.builder("bgp_updates_received").tag("peer", peer).register(r);
            updatesOut = Counter.builder("bgp_updates_sent").tag("peer", peer).register(r);
            flaps = Counter.builder("bgp_session_flaps").description("Transitions out of Established").tag("peer", peer).register(r);
            Gauge.builder("bgp_prefixes_received", prefixesReceived::get).tag("peer", peer)
                    .description("Prefixes in the pre-policy Adj-RIB-In").register(r);
            Gauge.builder("bgp_prefixes_accepted", prefixesAccepted::get).tag("peer", peer)
                    .description("Prefixes in the post-policy Adj-RIB-In").register(r);
            Gauge.builder("bgp_prefixes_advertised", prefixesAdvertised::get).tag("peer", peer)
                    .description("Prefixes in the Adj-RIB-Out").register(r);
        }

        /** Counts one attribute left out of an UPDATE (RFC 7606 2 attribute-discard), by attribute name. */
        public void attributeDiscarded(String attribute) {
            Counter.builder("bgp_attribute_discards").tag("peer", peer).tag("attribute", attribute)
                    .description("Attributes discarded from received UPDATEs (RFC 7606 attribute-discard)")
                    .register(registry).increment();
        }
    }
}
