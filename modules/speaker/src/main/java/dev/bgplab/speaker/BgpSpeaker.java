package dev.bgplab.speaker;

import dev.bgplab.speaker.api.ManagementApi;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.ImportPolicy;
import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.rib.AdjRibIn;
import dev.bgplab.speaker.rib.AdjRibOut;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.speaker.rib.LocRibEntry;
import dev.bgplab.speaker.rib.MraiScheduler;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Rib;
import dev.bgplab.speaker.rib.RibQuery;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.rib.UpdatePacker;
import dev.bgplab.speaker.session.BgpListener;
import dev.bgplab.speaker.session.BgpSession;
import dev.bgplab.speaker.session.BgpTransport;
import dev.bgplab.speaker.session.DownReason;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.speaker.session.MessageCodec;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.speaker.session.SessionListener;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BGP speaker: its sessions, RIBs, policy, originated networks, management API and metrics,
 * wired along one direction of flow: bytes, messages, routes, import policy, Adj-RIB-In, decision,
 * Loc-RIB, export policy, Adj-RIB-Out, messages, bytes.
 *
 * <p>Threading: ONE Netty event loop thread owns everything here (every session, the RIB, the
 * policy contexts), like BIRD's single-threaded control plane, so there are no locks. Public
 * methods hop onto that loop; the management API does the same through {@link SpeakerApiView}.
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);
    /** FRR gives locally originated routes this weight, so they win over learnt ones. */
    static final int LOCAL_WEIGHT = 32768;
    private static final MessageCodec CODEC = dev.bgplab.speaker.session.WireMessageCodec.INSTANCE;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean ownsGroup;
    private final Rib rib;
    private final SpeakerMetrics metrics;
    final Map<String, Neighbor> neighbors = new LinkedHashMap<>();
    private final Map<String, Long> addPathIds = new HashMap<>();
    private final Set<Prefix> dirty = new LinkedHashSet<>();
    private boolean flushScheduled;
    private SpeakerConfig config;
    private PolicyConfig policy;
    /** The Azure role's steps that policy cannot express (dev.bgplab.speaker.role); null without a role. */
    private dev.bgplab.speaker.role.RoleSteps roleSteps;
    /** Programs best paths into the kernel when the config says kernel-routes (dev.bgplab.speaker.fib); else null. */
    private dev.bgplab.speaker.fib.KernelFib fib;
    private PeerInfo local;
    private BgpListener listener;
    private ManagementApi api;
    private long burstStartNanos = -1;
    private long lastChangeNanos;
    private boolean convergenceCheckScheduled;
    /** The unit of maximum-prefix's restart: minutes, as in FRR; tests in this package shorten it to seconds. */
    volatile TimeUnit maximumPrefixRestartUnit = TimeUnit.MINUTES;

    private BgpSpeaker(SpeakerConfig config, PolicyConfig policy, EventLoopGroup group, boolean ownsGroup) {
        this.config = config;
        this.policy = policy;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.loop = group.next();
        this.rib = new Rib(SpeakerPolicy.decisionOptions(config), dev.bgplab.speaker.rib.NextHopResolver.ALL_REACHABLE);
        this.metrics = new SpeakerMetrics(this::sessionsByState);
        this.local = PeerInfo.local(config.asn(), config.routerId());
        rib.addListener(this::locRibChanged);
        this.roleSteps = dev.bgplab.speaker.role.RoleSteps.of(config);
        if (config.kernelRoutes()) {
            fib = dev.bgplab.speaker.fib.KernelFib.start(dev.bgplab.speaker.fib.KernelFib.ipCommand(),
                    p -> roleSteps == null || roleSteps.programmable(p));
            rib.addListener(fib::onChange);
            fib.setStaticRoutes(staticRoutes(config));
        }
    }

    // ------------------------------------------------------------------ life cycle

    /** Loads a YAML config file and starts a speaker with it. */
    public static BgpSpeaker start(java.nio.file.Path configFile) throws Exception {
        return start(ConfigLoader.load(configFile));
    }

    /** Starts a speaker on its own event loop thread. */
    public static BgpSpeaker start(SpeakerConfig config) throws Exception {
        return start(config, BgpTransport.newEventLoopGroup(1, "bgplab-" + config.routerId().getHostAddress()), true);
    }

    /** Starts a speaker on an event loop of the given group (several in-process speakers may share one). */
    public static BgpSpeaker start(SpeakerConfig config, EventLoopGroup group, boolean ownsGroup) throws Exception {
        PolicyConfig policy = SpeakerPolicy.of(config);
        BgpSpeaker s = new BgpSpeaker(config, policy, group, ownsGroup);
        try {
            s.call(() -> { s.prepareOnLoop(); return null; });
            s.bindListener(); // binding waits for the loop, so it runs on this thread
            s.call(() -> { s.startOnLoop(); return null; });
            s.startApi();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void prepareOnLoop() throws Exception {
        InetAddress bind = config.listenAddress() != null ? config.listenAddress() : InetAddress.getByName("0.0.0.0");
        listener = new BgpListener(loop, new InetSocketAddress(bind, config.listenPort()));
        for (PeerConfig p : config.peers()) addNeighbor(p);
    }

    private void bindListener() {
        InetSocketAddress at = listener.localAddress();
        try {
            listener.bind();
        } catch (Exception e) {
            throw new ConfigException(config.source() + ": field 'listen' cannot listen on " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + ": " + e.getMessage()
                    + (at.getPort() < 1024 && at.getPort() > 0 ? " (ports below 1024 need root)" : ""));
        }
    }

    private void startOnLoop() {
        for (NetworkConfig n : config.networks()) originate(n);
        for (Neighbor n : neighbors.values()) if (!n.config.shutdown()) n.session.start();
        log.info("speaker AS{} router-id {} started with {} neighbor(s), {} network(s)", config.asn(),
                config.routerId().getHostAddress(), neighbors.size(), config.networks().size());
    }

    private void startApi() throws Exception {
        if (config.apiPort() < 0) return;
        api = new ManagementApi(new InetSocketAddress(config.apiAddress(), config.apiPort()), new SpeakerApiView(this),
                metrics.registry());
        api.start();
    }

    /** Sends Cease / Administrative Shutdown to every peer and stops. */
    @Override
    public void close() {
        if (api != null) api.close();
        try {
            List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
            if (!loop.isShuttingDown()) {
                call(() -> {
                    for (Neighbor n : neighbors.values()) stops.add(n.session.stop());
                    return null;
                });
                for (io.netty.util.concurrent.Future<?> f : stops) f.await(2, TimeUnit.SECONDS);
                call(() -> {
                    if (listener != null) listener.close();
                    return null;
                });
            }
        } catch (Exception e) {
            log.warn("speaker stop: {}", e.toString());
        }
        if (ownsGroup) group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (fib != null) fib.close(); // every route it installed is removed
    }

    /** Runs a task on the speaker's event loop and waits for its result (10 s at most). */
    public <T> T call(Callable<T> task) throws Exception {
        if (loop.inEventLoop()) return task.call();
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the speaker's event loop did not answer within 10 s", e);
        }
    }

    public EventLoop eventLoop() { return loop; }
    public SpeakerConfig config() { return config; }
    public SpeakerMetrics metrics() { return metrics; }
    public InetSocketAddress listenAddress() { return listener == null ? null : listener.localAddress(); }
    public InetSocketAddress apiAddress() { return api == null ? null : api.address(); }

    /** The RIB; touch it only from {@link #eventLoop()} (e.g. inside {@link #call}). */
    public Rib rib() { return rib; }

    /** The state of a neighbor's session, by name or address; readable from any thread. */
    public FsmState state(String neighbor) {
        Neighbor n = find(neighbor);
        return n == null ? null : n.session.state();
    }

    Neighbor find(String nameOrAddress) {
        Neighbor n = neighbors.get(nameOrAddress);
        if (n != null) return n;
        for (Neighbor x : neighbors.values()) {
            if (x.config.address().getHostAddress().equals(nameOrAddress)) return x;
        }
        return null;
    }

    PolicyConfig policy() { return policy; }

    /** The role's static routes (azure.static-routes), for the kernel. */
    private static Map<Prefix, InetAddress> staticRoutes(SpeakerConfig c) {
        Map<Prefix, InetAddress> m = new LinkedHashMap<>();
        if (c.roleSettings() != null) for (var r : c.roleSettings().staticRoutes()) m.put(r.prefix(), r.nextHop());
        return m;
    }

    /** What the kernel-routes data plane installed, or null when it is off. */
    SpeakerApiView.KernelRoutes kernelRoutes() {
        return fib == null ? null : new SpeakerApiView.KernelRoutes(fib.installed().size(), fib.batches(), fib.lastError());
    }

    /** The kernel data plane, or null when kernel-routes is off. */
    public dev.bgplab.speaker.fib.KernelFib kernelFib() { return fib; }
    PeerInfo local() { return local; }

    private Map<String, Long> sessionsByState() {
        Map<String, Long> m = new HashMap<>();
        for (Neighbor n : List.copyOf(neighbors.values())) m.merge(n.session.state().rfcName(), 1L, Long::sum);
        return m;
    }

    // ------------------------------------------------------------------ neighbors

    private void addNeighbor(PeerConfig p) {
        Neighbor[] holder = new Neighbor[1];
        SessionListener events = new SessionListener() {
            @Override public void onEstablished(NegotiatedSession s) { established(holder[0], s); }
            @Override public void onUpdate(UpdateMessage u) { update(holder[0], u); }
            @Override public void onRouteRefresh(RouteRefreshMessage r) { routeRefresh(holder[0], r); }
            @Override public void onDown(DownReason r) { down(holder[0], r); }
        };
        BgpSession session = new BgpSession(sessionConfig(p), loop, CODEC, events);
        Neighbor n = new Neighbor(p, session, metrics.peer(p.name()));
        holder[0] = n;
        neighbors.put(p.name(), n);
        if (listener != null) listener.add(session);
    }

    private void removeNeighbor(Neighbor n, int ceaseSubcode) {
        n.session.stop(NotificationMessage.of(NotificationMessage.CEASE, ceaseSubcode));
        if (listener != null) listener.remove(n.session);
        cancelTimers(n);
        if (n.info != null) rib.peerDown(n.info);
        if (n.restartingInfo != null) rib.peerDown(n.restartingInfo);
        neighbors.remove(n.name());
    }

    private dev.bgplab.speaker.session.PeerConfig sessionConfig(PeerConfig p) {
        long localAsn = p.localAs() != null ? p.localAs().asn() : config.asn();
        InetAddress localAddress = p.localAddress();
        if (localAddress == null && config.listenAddress() != null && !config.listenAddress().isAnyLocalAddress()
                && (config.listenAddress() instanceof Inet4Address) == (p.address() instanceof Inet4Address)) {
            localAddress = config.listenAddress();
        }
        Map<AddressFamily, AddPathCapability.Mode> addPath = new EnumMap<>(AddressFamily.class);
        if (p.addPath() != PeerConfig.AddPathMode.OFF) {
            AddPathCapability.Mode m = AddPathCapability.Mode.valueOf(p.addPath().name());
            for (AddressFamily f : p.families()) addPath.put(f, m);
        }
        GracefulRestartCapability gr = null;
        if (p.gracefulRestart()) {
            List<GracefulRestartCapability.Family> fams = new ArrayList<>();
            for (AddressFamily f : p.families()) fams.add(new GracefulRestartCapability.Family(f.afi(), f.safi(), false));
            gr = new GracefulRestartCapability(false, false, config.gracefulRestartTime(), fams);
        }
        return dev.bgplab.speaker.session.PeerConfig.builder(p.address(), localAsn, p.asn(), config.routerId())
                .name(p.name())
                .remotePort(p.port())
                .localAddress(localAddress)
                .holdTime(p.holdTime())
                .keepaliveTime(p.keepalive())
                .connectRetryTime(p.connectRetry())
                // After a failed attempt the FSM idles (and refuses connections) before retrying;
                // never longer than the connect-retry the user asked for.
                .idleHoldTime(Math.min(5, p.connectRetry()))
                .mode(p.passive() ? dev.bgplab.speaker.session.PeerConfig.Mode.PASSIVE : dev.bgplab.speaker.session.PeerConfig.Mode.BOTH)
                .families(p.families())
                .routeRefresh(p.routeRefresh())
                .enhancedRouteRefresh(p.routeRefresh())
                .extendedMessages(p.extendedMessages())
                .gracefulRestart(gr)
                .addPath(addPath)
                .ebgpMultihop(p.ebgpMultihop())
                .ttlSecurityHops(p.ttlSecurityHops())
                .password(p.password())
                .build();
    }

    private void established(Neighbor n, NegotiatedSession s) {
        PeerConfig p = n.config;
        long localAsn = p.localAs() != null ? p.localAs().asn() : config.asn();
        n.info = new PeerInfo(p.name(), p.address(), s.peerAsn(), s.peerId(), localAsn, p.routeServerClient());
        n.negotiated = s;
        n.context = new PeerContext(n.info, config.asn(), n.session.localAddress(), null, policy);
        n.packer = new UpdatePacker(s.codecContext());
        n.mrai = MraiScheduler.withDefaults(n.info);
        n.establishedAt = Instant.now();
        n.maxPrefix.clear();
        log.info("neighbor {} Established: AS{} id {} families {}", p.name(), s.peerAsn(), s.peerId().getHostAddress(),
                s.families().stream().map(AddressFamily::label).toList());
        for (AddressFamily f : AddressFamily.values()) {
            if (!n.carries(f)) continue;
            for (LocRibEntry e : rib.entries(RibQuery.family(f))) exportPrefix(n, e.prefix());
            originateDefault(n, f);
        }
        sendPending(n);
        for (AddressFamily f : AddressFamily.values()) {
            if (n.carries(f)) n.session.send(UpdateMessage.endOfRib(f)); // RFC 4724 2: End-of-RIB after the initial table
        }
        if (n.restartingInfo != null && n.restartTimer != null) {
            // RFC 4724 4.2: the peer is back; its stale routes wait for its End-of-RIB or the stale timer.
            n.restartTimer.cancel(false);
            PeerInfo stale = n.restartingInfo;
            n.restartTimer = loop.schedule(() -> {
                rib.flushStale(stale);
                n.restartingInfo = null;
            }, Math.max(1, config.gracefulRestartTime()), TimeUnit.SECONDS);
        }
        updateMeters(n);
    }

    private void down(Neighbor n, DownReason r) {
        metrics.sessionDown(n.name(), r.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (r.notification() == null ? "" : "_" + r.notification().code() + "_" + r.notification().subcode()));
        if (!r.wasEstablished() || n.info == null) return;
        n.meters.flaps.increment();
        n.lastReset = new dev.bgplab.speaker.session.LastError(r, Instant.now());
        log.info("neighbor {} down: {}", n.name(), r);
        // RFC 4724 4.2: without a NOTIFICATION (TCP reset, hold timer) a graceful-restart peer's routes stay as stale.
        GracefulRestartCapability peerGr = n.negotiated.peerGracefulRestart();
        boolean gr = peerGr != null && n.config.gracefulRestart()
                && (r.kind() == DownReason.Kind.TCP_RESET || r.kind() == DownReason.Kind.HOLD_TIMER_EXPIRED);
        rib.peerDown(n.info, gr);
        if (gr) {
            PeerInfo stale = n.info;
            n.restartingInfo = stale;
            if (n.restartTimer != null) n.restartTimer.cancel(false);
            n.restartTimer = loop.schedule(() -> {
                if (n.restartingInfo == stale) {
                    rib.flushStale(stale);
                    n.restartingInfo = null;
                }
            }, Math.max(1, peerGr.restartTime()), TimeUnit.SECONDS);
            log.info("neighbor {}: graceful restart, keeping its routes as stale for {} s", n.name(), peerGr.restartTime());
        }
        if (n.mraiTimer != null) n.mraiTimer.cancel(false);
        n.info = null;
        n.context = null;
        n.negotiated = null;
        n.packer = null;
        n.mrai = null;
        updateMeters(n);
    }

    private void cancelTimers(Neighbor n) {
        if (n.mraiTimer != null) n.mraiTimer.cancel(false);
        if (n.restartTimer != null) n.restartTimer.cancel(false);
        if (n.maxPrefixRestart != null) n.maxPrefixRestart.cancel(false);
    }

    // ------------------------------------------------------------------ inbound

    private void update(Neighbor n, UpdateMessage u) {
        if (n.info == null) return;
        n.meters.updatesIn.increment();
        AddressFamily eor = u.endOfRibFamily();
        if (eor != null) {
            if (n.restartingInfo != null) {
                rib.endOfRib(n.info, eor);
                boolean anyStale = false;
                for (AddressFamily f : AddressFamily.values()) {
                    anyStale |= rib.findAdjRibIn(n.info, f).map(in -> in.staleCount() > 0).orElse(false);
                }
                if (!anyStale) {
                    n.restartingInfo = null;
                    if (n.restartTimer != null) n.restartTimer.cancel(false);
                }
            }
            return;
        }
        for (AddressFamily f : AddressFamily.values()) {
            List<NlriEntry> wd = u.withdrawn(f);
            List<NlriEntry> ann = u.announced(f);
            if (wd.isEmpty() && ann.isEmpty()) continue;
            if (!n.carries(f)) {
                log.debug("neighbor {}: ignoring {} NLRI of a family not negotiated", n.name(), f.label());
                continue;
            }
            AdjRibIn in = rib.adjRibIn(n.info, f);
            // Role step (dev.bgplab.speaker.role): Azure Route Server counts held plus incoming routes.
            if (roleSteps != null && !ann.isEmpty()
                    && dev.bgplab.speaker.role.RoleSteps.overRouteLimit(in.receivedCount(), ann.size(), roleSteps.routesPerPeer())) {
                routeLimitCease(n, f, roleSteps.routesPerPeer(), in.receivedCount() + ann.size());
                return;
            }
            List<NlriEntry> withdrawals = new ArrayList<>(wd);
            for (NlriEntry w : wd) in.recordWithdrawn(w.prefix(), w.pathId());
            List<Route> accepted = new ArrayList<>(ann.size());
            if (!ann.isEmpty()) {
                PathAttributes attrs = u.treatAsWithdraw() ? null : routeAttributes(u.attributes(), f);
                if (attrs == null) {
                    // RFC 7606 2: treat-as-withdraw. Remember why, for explain.
                    for (NlriEntry a : ann) {
                        in.recordWithdrawn(a.prefix(), a.pathId());
                        withdrawals.add(a);
                        n.treatAsWithdraw.put(a.prefix(), u.errors());
                    }
                    log.info("neighbor {}: {} prefix(es) treated as withdrawn (RFC 7606): {}", n.name(), ann.size(), u.errors());
                } else {
                    for (NlriEntry a : ann) {
                        Route r = new Route(a.prefix(), a.pathId(), attrs, n.info, 0, false);
                        in.recordReceived(r);
                        if (!n.treatAsWithdraw.isEmpty()) n.treatAsWithdraw.remove(a.prefix());
                        PolicyResult res = ImportPolicy.decide(r, n.context);
                        if (res.isAccepted()) accepted.add(res.route());
                        else withdrawals.add(a);
                    }
                }
            }
            rib.accept(n.info, f, accepted, withdrawals);
            if (checkMaximumPrefix(n, f, in.acceptedCount())) return;
        }
        updateMeters(n);
    }

    /**
     * The attributes a route is stored with: the UPDATE's, minus MP_REACH/MP_UNREACH, with the next
     * hop as NEXT_HOP for every family. Null when an announcement has no next hop at all.
     */
    private static PathAttributes routeAttributes(PathAttributes a, AddressFamily f) {
        MpReachNlri mp = a.mpReach();
        PathAttributes out = a.without(PathAttribute.MP_REACH_NLRI).without(PathAttribute.MP_UNREACH_NLRI);
        if (mp != null && AddressFamily.of(mp.afi(), mp.safi()) == f && mp.nextHop() != null) {
            return out.with(mp.nextHop());
        }
        return f == AddressFamily.IPV4_UNICAST && out.nextHop() != null ? out : null;
    }

    /** True when the session was torn down (RFC 4486 Cease / Maximum Number of Prefixes Reached). */
    private boolean checkMaximumPrefix(Neighbor n, AddressFamily f, long count) {
        NeighborPolicy np = n.context.neighbor();
        MaximumPrefix mp = np.maximumPrefix();
        if (mp == null) return false;
        MaximumPrefix.Decision d = mp.decide(count);
        switch (d.outcome()) {
            case BELOW -> { return false; }
            case THRESHOLD_REACHED, EXCEEDED_WARNING_ONLY -> {
                log.warn("neighbor {}: {} {} prefixes, maximum-prefix {} ({})", n.name(), count, f.label(), mp.limit(),
                        d.outcome() == MaximumPrefix.Outcome.THRESHOLD_REACHED ? "threshold reached" : "exceeded, warning-only");
                return false;
            }
            default -> { }
        }
        // RFC 4486 4: data is AFI (2), SAFI (1) and the prefix upper bound (4).
        byte[] data = {(byte) (f.afi() >> 8), (byte) f.afi(), (byte) f.safi(),
                (byte) (mp.limit() >>> 24), (byte) (mp.limit() >>> 16), (byte) (mp.limit() >>> 8), (byte) mp.limit()};
        n.heldDown = true;
        n.heldDownReason = "maximum-prefix " + mp.limit() + " exceeded with " + count + " " + f.label() + " prefixes";
        log.warn("neighbor {}: {}; sending Cease / Maximum Number of Prefixes Reached", n.name(), n.heldDownReason);
        n.session.stop(new NotificationMessage(NotificationMessage.CEASE, NotificationMessage.MAXIMUM_PREFIXES_REACHED, data));
        if (mp.restartMinutes() != null) {
            n.maxPrefixRestart = loop.schedule(() -> {
                n.heldDown = false;
                n.heldDownReason = null;
                n.session.start();
            }, mp.restartMinutes(), maximumPrefixRestartUnit);
        }
        return true;
    }

    /**
     * Azure Route Server's per-peer limit (role step): Cease / Maximum Number of Prefixes Reached
     * (RFC 4486), then the session comes back after connect-retry, so an NVA that keeps sending too
     * many routes flaps, as it does against Azure.
     */
    private void routeLimitCease(Neighbor n, AddressFamily f, long limit, long count) {
        byte[] data = {(byte) (f.afi() >> 8), (byte) f.afi(), (byte) f.safi(),
                (byte) (limit >>> 24), (byte) (limit >>> 16), (byte) (limit >>> 8), (byte) limit};
        n.heldDown = true;
        n.heldDownReason = "Route Server limit of " + limit + " routes per peer exceeded: " + count
                + " (routes held plus routes in the incoming UPDATE)";
        log.warn("neighbor {}: {}; sending Cease / Maximum Number of Prefixes Reached", n.name(), n.heldDownReason);
        n.session.stop(new NotificationMessage(NotificationMessage.CEASE, NotificationMessage.MAXIMUM_PREFIXES_REACHED, data));
        n.maxPrefixRestart = loop.schedule(() -> {
            n.heldDown = false;
            n.heldDownReason = null;
            if (!n.config.shutdown()) n.session.start();
        }, Math.max(1, n.config.connectRetry()), TimeUnit.SECONDS);
    }

    private void routeRefresh(Neighbor n, RouteRefreshMessage r) {
        AddressFamily f = r.family();
        if (n.info == null || f == null || !n.carries(f)) return; // RFC 2918 4: ignore an AFI/SAFI not advertised
        if (r.subtype() != RouteRefreshMessage.REQUEST) {
            // RFC 7313 4: BoRR/EoRR from the peer bracket its re-advertisement; our Adj-RIB-In replaces routes as they come.
            log.debug("neighbor {}: {} for {}", n.name(), r.subtype() == RouteRefreshMessage.BORR ? "BoRR" : "EoRR", f.label());
            return;
        }
        resendAdjRibOut(n, f);
    }

    /** Answers a route refresh from the Adj-RIB-Out (RFC 2918 4), bracketed by BoRR/EoRR when enhanced (RFC 7313 4). */
    private void resendAdjRibOut(Neighbor n, AddressFamily f) {
        boolean enhanced = n.negotiated.enhancedRouteRefresh();
        if (enhanced) n.session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.BORR));
        List<AdjRibOutChange> all = rib.adjRibOut(n.info, f).advertisedRoutes();
        for (UpdateMessage m : n.packer.pack(f, all)) send(n, m);
        if (enhanced) n.session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.EORR));
    }

    // ------------------------------------------------------------------ outbound

    private void locRibChanged(LocRibChange c) {
        dirty.add(c.prefix());
        long now = System.nanoTime();
        if (burstStartNanos < 0) burstStartNanos = now;
        lastChangeNanos = now;
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    /** Exports every changed prefix to every Established neighbor, then sends what MRAI allows. */
    private void flush() {
        flushScheduled = false;
        if (dirty.isEmpty()) return;
        List<Prefix> changed = new ArrayList<>(dirty);
        dirty.clear();
        for (Neighbor n : neighbors.values()) {
            if (!n.established()) continue;
            for (Prefix p : changed) if (n.carries(p.family())) exportPrefix(n, p);
            sendPending(n);
            updateMeters(n);
        }
        metrics.locRibPrefixes(rib.prefixCount(AddressFamily.IPV4_UNICAST) + rib.prefixCount(AddressFamily.IPV6_UNICAST));
        scheduleConvergenceCheck();
    }

    private void scheduleConvergenceCheck() {
        if (convergenceCheckScheduled) return;
        convergenceCheckScheduled = true;
        loop.schedule(() -> {
            convergenceCheckScheduled = false;
            if (burstStartNanos < 0) return;
            if (System.nanoTime() - lastChangeNanos >= 900_000_000L) {
                metrics.convergence((lastChangeNanos - burstStartNanos) / 1_000_000);
                burstStartNanos = -1;
            } else {
                scheduleConvergenceCheck();
            }
        }, 1, TimeUnit.SECONDS);
    }

    /**
     * Queues the default route we generate for a neighbor with default-originate; returns its prefix,
     * or null when default-originate is off.
     */
    private Prefix originateDefault(Neighbor n, AddressFamily f) {
        if (!n.context.neighbor().defaultOriginate()) return null;
        PolicyResult d = ExportPolicy.defaultOriginate(n.context, f);
        if (!d.isAccepted()) return null;
        rib.adjRibOut(n.info, f).announce(d.route().prefix(), 0, fixNextHop(n, f, d.route().attributes()));
        return d.route().prefix();
    }

    /** Runs export for one prefix towards one neighbor and queues the difference in its Adj-RIB-Out. */
    private void exportPrefix(Neighbor n, Prefix p) {
        AddressFamily f = p.family();
        // With default-originate the peer keeps our generated default whatever the table's default does.
        if (p.length() == 0 && n.context.neighbor().defaultOriginate()) return;
        AdjRibOut out = rib.adjRibOut(n.info, f);
        List<Route> paths = rib.bestPaths(p);
        if (!n.negotiated.addPathSend().contains(f)) {
            PathAttributes attrs = paths.isEmpty() ? null : exportAttributes(n, f, paths.get(0));
            if (attrs == null) out.withdraw(p);
            else out.announce(p, 0, attrs);
            return;
        }
        // RFC 7911: with ADD-PATH, every ECMP path goes, each with a path id stable per source.
        Set<Long> sent = new java.util.HashSet<>();
        for (Route r : paths) {
            PathAttributes attrs = exportAttributes(n, f, r);
            if (attrs == null) continue;
            long id = addPathIds.computeIfAbsent(r.source().name(), k -> (long) addPathIds.size() + 1);
            out.announce(p, id, attrs);
            sent.add(id);
        }
        for (long id : addPathIds.values()) {
            if (!sent.contains(id) && out.advertised(p, id) != null) out.withdraw(p, id);
        }
    }

    private PathAttributes exportAttributes(Neighbor n, AddressFamily f, Route best) {
        // Role step (dev.bgplab.speaker.role): Route Server branch-to-branch and NVA-to-NVA.
        if (roleSteps != null && !best.source().isLocal() && !roleSteps.mayExport(best.source().name(), n.name())) return null;
        PolicyResult res = ExportPolicy.decide(best, n.context);
        if (!res.isAccepted()) return null;
        PathAttributes a = res.route().attributes();
        // An IPv6 route towards an eBGP peer over IPv4 transport: the policy leaves its next hop
        // alone (it has no IPv6 address of ours); unless a route-map or route-server-client chose
        // it, the peer gets ours, IPv4-mapped, as FRR sends.
        if (f == AddressFamily.IPV6_UNICAST && n.info.isEbgp() && !n.context.routeServerClient()
                && !n.context.neighbor().nextHopUnchanged() && !(n.session.localAddress() instanceof Inet6Address)
                && Objects.equals(a.nextHop(), best.attributes().nextHop()) && !best.source().isLocal()) {
            a = a.without(PathAttribute.NEXT_HOP);
        }
        return fixNextHop(n, f, a);
    }

    /**
     * A next hop the peer can use: ours when the route has none or an unspecified one (locally
     * originated), or one of the wrong family for the route (IPv6 over an IPv4 session gets our
     * address as IPv4-mapped IPv6, as FRR does).
     */
    private PathAttributes fixNextHop(Neighbor n, AddressFamily f, PathAttributes a) {
        NextHop nh = a.nextHop();
        boolean wrongFamily = nh != null && (f == AddressFamily.IPV4_UNICAST) != (nh.address() instanceof Inet4Address);
        if (nh != null && !nh.address().isAnyLocalAddress() && !wrongFamily) return a;
        InetAddress self = n.session.localAddress();
        if (self == null) self = config.routerId();
        InetAddress use;
        if (f == AddressFamily.IPV4_UNICAST) {
            use = self instanceof Inet4Address ? self : config.routerId();
        } else {
            use = self instanceof Inet6Address ? self : mapped((Inet4Address) self);
        }
        return a.with(NextHop.of(use));
    }

    static Inet6Address mapped(Inet4Address v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendPending(Neighbor n) {
        if (!n.established()) return;
        long wait = 0;
        for (AddressFamily f : AddressFamily.values()) {
            if (!n.carries(f)) continue;
            AdjRibOut out = rib.adjRibOut(n.info, f);
            if (!out.hasPending()) continue;
            if (n.mrai.mayAdvertise()) {
                for (UpdateMessage m : n.mrai.takeMessages(out, n.packer)) send(n, m);
            } else {
                wait = Math.max(wait, n.mrai.nanosUntilNextBatch());
            }
        }
        if (wait > 0 && (n.mraiTimer == null || n.mraiTimer.isDone())) {
            n.mraiTimer = loop.schedule(() -> sendPending(n), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void send(Neighbor n, UpdateMessage m) {
        n.session.send(m);
        n.meters.updatesOut.increment();
    }

    private void updateMeters(Neighbor n) {
        long received = 0, accepted = 0, advertised = 0;
        if (n.info != null) {
            for (AddressFamily f : AddressFamily.values()) {
                var in = rib.findAdjRibIn(n.info, f);
                if (in.isPresent()) {
                    received += in.get().receivedCount();
                    accepted += in.get().acceptedCount();
                }
                if (n.carries(f)) advertised += rib.adjRibOut(n.info, f).advertisedCount();
            }
        }
        n.meters.prefixesReceived.set(received);
        n.meters.prefixesAccepted.set(accepted);
        n.meters.prefixesAdvertised.set(advertised);
    }

    // ------------------------------------------------------------------ origination

    private void originate(NetworkConfig n) {
        List<PathAttribute> attrs = new ArrayList<>();
        attrs.add(Origin.IGP);
        attrs.add(n.asPathPrepend() == null ? AsPath.EMPTY : AsPath.parse(n.asPathPrepend()));
        attrs.add(NextHop.of(n.prefix().isIpv4() ? anyV4() : anyV6()));
        if (!n.communities().isEmpty()) attrs.add(new Communities(n.communities()));
        if (!n.largeCommunities().isEmpty()) attrs.add(new LargeCommunities(n.largeCommunities()));
        if (n.med() != null) attrs.add(new MultiExitDisc(n.med()));
        rib.originate(new Route(n.prefix(), 0, PathAttributes.of(attrs), local, LOCAL_WEIGHT, false));
    }

    private static InetAddress anyV4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress anyV6() {
        try {
            return InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Originates networks at run time (as if added to `networks:`), e.g. a benchmark's million
     * prefixes or a scenario step; safe from any thread.
     */
    public void originate(List<NetworkConfig> networks) throws Exception {
        call(() -> {
            for (NetworkConfig n : networks) originate(n);
            return null;
        });
    }

    /** Stops originating the prefixes; safe from any thread. */
    public void withdrawOriginated(List<Prefix> prefixes) throws Exception {
        call(() -> {
            for (Prefix p : prefixes) rib.withdrawLocal(p);
            return null;
        });
    }

    // ------------------------------------------------------------------ run-time changes

    /**
     * Soft reset (no session drop): inbound asks the peer for its routes again with ROUTE-REFRESH
     * (RFC 2918), or re-runs import over the kept pre-policy Adj-RIB-In when the peer lacks route
     * refresh; outbound re-runs export and sends the difference. {@code peer} null means all.
     */
    List<String> softReset(String peer, boolean in, boolean out) {
        List<String> done = new ArrayList<>();
        for (Neighbor n : List.copyOf(neighbors.values())) {
            if (peer != null && find(peer) != n) continue;
            if (!n.established()) {
                done.add(n.name() + ": not Established, nothing to reset");
                continue;
            }
            n.context = new PeerContext(n.info, config.asn(), n.session.localAddress(), null, policy);
            for (AddressFamily f : AddressFamily.values()) {
                if (!n.carries(f)) continue;
                if (in) {
                    if (n.negotiated.routeRefresh()) {
                        n.session.send(RouteRefreshMessage.request(f));
                        done.add(n.name() + " " + f.label() + ": ROUTE-REFRESH sent");
                    } else {
                        reimport(n, f);
                        done.add(n.name() + " " + f.label() + ": import re-run over the pre-policy Adj-RIB-In");
                    }
                }
                if (out) {
                    for (LocRibEntry e : rib.entries(RibQuery.family(f))) exportPrefix(n, e.prefix());
                    Prefix generated = originateDefault(n, f); // turned on, or kept
                    // Prefixes no longer in the Loc-RIB but still advertised (e.g. default-originate turned off).
                    for (AdjRibOutChange c : rib.adjRibOut(n.info, f).advertisedRoutes()) {
                        if (rib.best(c.prefix()) == null && !c.prefix().equals(generated)) {
                            rib.adjRibOut(n.info, f).withdraw(c.prefix(), c.pathId());
                        }
                    }
                    done.add(n.name() + " " + f.label() + ": export re-run");
                }
            }
            if (out) sendPending(n);
        }
        if (peer != null && done.isEmpty()) throw new IllegalArgumentException("no neighbor named or addressed '" + peer + "'");
        return done;
    }

    private void reimport(Neighbor n, AddressFamily f) {
        AdjRibIn in = rib.adjRibIn(n.info, f);
        List<Route> accepted = new ArrayList<>();
        List<NlriEntry> withdrawals = new ArrayList<>();
        for (Route r : in.receivedRoutes()) {
            PolicyResult res = ImportPolicy.decide(r, n.context);
            if (res.isAccepted()) accepted.add(res.route());
            else withdrawals.add(new NlriEntry(r.prefix(), r.pathId()));
        }
        rib.accept(n.info, f, accepted, withdrawals);
    }

    /**
     * Applies a new config without restarting the speaker: neighbors added or removed, neighbors
     * whose session settings changed restarted (Cease / Other Configuration Change), policy and
     * neighbor options soft-reset, networks originated or withdrawn, decision options re-run.
     * Identity and listener changes need a restart and are refused.
     */
    List<String> reload(SpeakerConfig next) {
        PolicyConfig nextPolicy = SpeakerPolicy.of(next);
        if (next.asn() != config.asn() || !next.routerId().equals(config.routerId())
                || !Objects.equals(next.listenAddress(), config.listenAddress()) || next.listenPort() != config.listenPort()) {
            throw new ConfigException(next.source() + ": asn, router-id and listen change only with a restart of the speaker");
        }
        List<String> done = new ArrayList<>();
        SpeakerConfig old = config;
        config = next;
        boolean policyChanged = !nextPolicy.equals(policy);
        policy = nextPolicy;
        roleSteps = dev.bgplab.speaker.role.RoleSteps.of(next);
        if (fib != null && !staticRoutes(old).equals(staticRoutes(next))) {
            fib.setStaticRoutes(staticRoutes(next));
            done.add("static routes now " + staticRoutes(next).keySet());
        }
        if (!old.decision().equals(next.decision())) {
            rib.setOptions(SpeakerPolicy.decisionOptions(next));
            done.add("decision options changed: every prefix re-decided");
        }
        Map<Prefix, NetworkConfig> oldNets = new LinkedHashMap<>();
        for (NetworkConfig n : old.networks()) oldNets.put(n.prefix(), n);
        for (NetworkConfig n : next.networks()) {
            NetworkConfig was = oldNets.remove(n.prefix());
            if (!n.equals(was)) {
                originate(n);
                done.add("network " + n.prefix() + (was == null ? " originated" : " changed"));
            }
        }
        for (Prefix gone : oldNets.keySet()) {
            rib.withdrawLocal(gone);
            done.add("network " + gone + " withdrawn");
        }
        Map<String, PeerConfig> nextPeers = new LinkedHashMap<>();
        for (PeerConfig p : next.peers()) nextPeers.put(p.name(), p);
        for (Neighbor n : List.copyOf(neighbors.values())) {
            PeerConfig p = nextPeers.get(n.name());
            if (p == null) {
                removeNeighbor(n, NotificationMessage.PEER_DECONFIGURED);
                done.add(n.name() + ": removed (Cease / Peer De-configured)");
            } else if (!sessionConfig(p).equals(n.session.config())) {
                removeNeighbor(n, NotificationMessage.OTHER_CONFIGURATION_CHANGE);
                addNeighbor(p);
                if (!p.shutdown()) neighbors.get(p.name()).session.start();
                done.add(n.name() + ": session settings changed, restarted (Cease / Other Configuration Change)");
            } else if (p.shutdown() != n.config.shutdown()) {
                n.config = p;
                if (p.shutdown()) {
                    if (n.maxPrefixRestart != null) n.maxPrefixRestart.cancel(false);
                    n.session.stop(); // RFC 4486 Cease / Administrative Shutdown
                    done.add(n.name() + ": shut down (Cease / Administrative Shutdown)");
                } else {
                    n.heldDown = false;
                    n.heldDownReason = null;
                    n.session.start();
                    done.add(n.name() + ": shutdown removed, started");
                }
            } else if (!p.equals(n.config)) {
                n.config = p; // same session settings: the options apply through a soft reset
                if (n.established()) softReset(n.name(), true, true);
                done.add(n.name() + ": options changed, soft reset");
            } else if (policyChanged && n.established()) {
                softReset(n.name(), true, true);
                done.add(n.name() + ": policy changed, soft reset");
            }
        }
        for (PeerConfig p : next.peers()) {
            if (!neighbors.containsKey(p.name())) {
                addNeighbor(p);
                if (!p.shutdown()) neighbors.get(p.name()).session.start();
                done.add(p.name() + ": added");
            }
        }
        // Role step (dev.bgplab.speaker.role): a Route Server whose virtual network changed (a spoke
        // added) sends ROUTE-REFRESH to every NVA, or hard-resets an NVA without route refresh.
        if (roleSteps != null) {
            for (String name : roleSteps.peersToRefresh(old, next)) {
                Neighbor n = neighbors.get(name);
                if (n == null || !n.established()) continue;
                if (n.negotiated.routeRefresh()) {
                    for (AddressFamily f : AddressFamily.values()) if (n.carries(f)) n.session.send(RouteRefreshMessage.request(f));
                    done.add(name + ": virtual network changed, ROUTE-REFRESH sent");
                } else {
                    n.session.stop(NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.OTHER_CONFIGURATION_CHANGE));
                    loop.schedule(() -> { if (!n.config.shutdown()) n.session.start(); }, 1, TimeUnit.SECONDS);
                    done.add(name + ": virtual network changed, no route refresh: hard reset (Cease / Other Configuration Change)");
                }
            }
        }
        if (done.isEmpty()) done.add("nothing changed");
        return done;
    }

    /** Establishment time of a neighbor, or null; on the loop. */
    Duration uptime(Neighbor n) {
        return n.establishedAt == null || !n.established() ? Duration.ZERO : Duration.between(n.establishedAt, Instant.now());
    }
}
