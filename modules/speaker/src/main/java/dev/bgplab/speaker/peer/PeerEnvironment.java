package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Rib;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * What every {@link Peer} of one speaker shares: the event loop, the RIB, the metrics, and the
 * speaker-wide config and policy in force. The {@link ConfigReconciler} replaces config and policy
 * on a reload; peers only read them, so data flows down from the reconciler to the peers.
 *
 * <p>Owned by the speaker's event loop.
 */
public final class PeerEnvironment {
    /** FRR gives locally originated routes this weight, so they win over learnt ones. */
    public static final int LOCAL_WEIGHT = 32768;

    final EventLoop loop;
    final Rib rib;
    final SpeakerMetrics metrics;
    final PeerInfo local;
    SpeakerConfig config;
    PolicyConfig policy;
    /** The unit of maximum-prefix's restart: minutes, as in FRR; tests shorten it to seconds. */
    volatile TimeUnit maximumPrefixRestartUnit = TimeUnit.MINUTES;
    /** Loc-RIB changes and session transitions with their times (GET /api/events). */
    final dev.bgplab.speaker.api.RouteEventLog events = new dev.bgplab.speaker.api.RouteEventLog(java.time.Clock.systemUTC());

    public PeerEnvironment(EventLoop loop, Rib rib, SpeakerMetrics metrics, SpeakerConfig config, PolicyConfig policy) {
        this.loop = loop;
        this.rib = rib;
        this.metrics = metrics;
        this.config = config;
        this.policy = policy;
        this.local = PeerInfo.local(config.asn(), config.routerId());
    }

    public SpeakerConfig config() { return config; }
    public PolicyConfig policy() { return policy; }
    public PeerInfo local() { return local; }
    public Rib rib() { return rib; }
    public dev.bgplab.speaker.api.RouteEventLog events() { return events; }

    public void maximumPrefixRestartUnit(TimeUnit unit) { maximumPrefixRestartUnit = unit; }
}
