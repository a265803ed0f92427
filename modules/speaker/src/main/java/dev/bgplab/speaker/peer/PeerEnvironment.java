package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.fib.KernelFib;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Rib;
import dev.bgplab.speaker.role.RoleSteps;
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
    /** The Azure role's steps policy cannot express (dev.bgplab.speaker.role); null without a role. Replaced on reload. */
    RoleSteps roleSteps;
    /** The kernel data plane (dev.bgplab.speaker.fib) when kernel-routes is on, else null. */
    KernelFib fib;
    /** The unit of maximum-prefix's restart: minutes, as in FRR; tests shorten it to seconds. */
    volatile TimeUnit maximumPrefixRestartUnit = TimeUnit.MINUTES;
    /** Loc-RIB changes and session transitions with their times (GET /api/events). */
    final dev.bgplab.speaker.api.RouteEventLog events = new dev.bgplab.speaker.api.RouteEventLog(java.time.Clock.systemUTC());
    /** Established peers by outbound settings: one export and one encoded stream per group. */
    final UpdateGroups groups = new UpdateGroups(this);

    public PeerEnvironment(EventLoop loop, Rib rib, SpeakerMetrics metrics, SpeakerConfig config, PolicyConfig policy) {
        this.loop = loop;
        this.rib = rib;
        this.metrics = metrics;
        this.config = config;
        this.policy = policy;
        this.local = PeerInfo.local(config.asn(), config.routerId());
        this.roleSteps = RoleSteps.of(config);
    }

    public RoleSteps roleSteps() { return roleSteps; }

    /** Hands the speaker's kernel data plane to the reconciler (static routes follow reloads). */
    public void fib(KernelFib fib) { this.fib = fib; }

    /** The role's static routes for the kernel: azure.static-routes and an SD-WAN NVA's /32s to its Route Server instances. */
    public static java.util.Map<dev.bgplab.wire.nlri.Prefix, java.net.InetAddress> staticRoutes(SpeakerConfig c) {
        RoleSteps steps = RoleSteps.of(c);
        return steps == null ? java.util.Map.of() : steps.kernelStaticRoutes(dev.bgplab.speaker.fib.KernelFib.connectedSubnets());
    }

    public SpeakerConfig config() { return config; }
    public PolicyConfig policy() { return policy; }
    public PeerInfo local() { return local; }
    public Rib rib() { return rib; }
    public dev.bgplab.speaker.api.RouteEventLog events() { return events; }
    public UpdateGroups groups() { return groups; }

    public void maximumPrefixRestartUnit(TimeUnit unit) { maximumPrefixRestartUnit = unit; }
}
