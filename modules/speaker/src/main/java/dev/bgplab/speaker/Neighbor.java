package dev.bgplab.speaker;

import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.rib.MraiScheduler;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.UpdatePacker;
import dev.bgplab.speaker.session.BgpSession;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the speaker keeps about one configured neighbor beyond its {@link BgpSession}: who it
 * is once Established, its policy context, update packing and MRAI state, maximum-prefix counters,
 * graceful-restart timers and the recent RFC 7606 treat-as-withdraw events (for explain).
 *
 * <p>Owned by the speaker's event loop; the API reads it only through tasks on that loop.
 */
final class Neighbor {
    /** How many RFC 7606 treat-as-withdraw events are remembered per neighbor for explain. */
    private static final int MAX_REMEMBERED_ERRORS = 10_000;

    /** Replaced in place when a reload changes only the neighbor's options (not its session settings). */
    PeerConfig config;
    final BgpSession session;
    final SpeakerMetrics.PeerMeters meters;

    PeerInfo info;
    PeerContext context;
    NegotiatedSession negotiated;
    UpdatePacker packer;
    MraiScheduler mrai;
    ScheduledFuture<?> mraiTimer;
    final EnumMap<AddressFamily, MaximumPrefix.Counter> maxPrefix = new EnumMap<>(AddressFamily.class);
    /** Set while the peer is restarting gracefully (RFC 4724 4.2): routes are stale, not gone. */
    PeerInfo restartingInfo;
    ScheduledFuture<?> restartTimer;
    ScheduledFuture<?> maxPrefixRestart;
    /** True once we tore the session down for maximum-prefix; stays down until the restart timer. */
    boolean heldDown;
    String heldDownReason;
    Instant establishedAt;

    /** Last RFC 7606 treat-as-withdraw per prefix (bounded, oldest forgotten first). */
    final Map<Prefix, List<AttributeError>> treatAsWithdraw = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<Prefix, List<AttributeError>> e) {
            return size() > MAX_REMEMBERED_ERRORS;
        }
    };

    Neighbor(PeerConfig config, BgpSession session, SpeakerMetrics.PeerMeters meters) {
        this.config = config;
        this.session = session;
        this.meters = meters;
    }

    String name() { return config.name(); }

    boolean established() { return info != null; }

    boolean carries(AddressFamily f) { return negotiated != null && negotiated.families().contains(f); }
}
