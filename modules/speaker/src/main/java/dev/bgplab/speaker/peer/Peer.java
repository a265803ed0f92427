package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.ImportPolicy;
import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.role.RoleSteps;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.rib.AdjRibIn;
import dev.bgplab.speaker.rib.LocRib;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.session.BgpSession;
import dev.bgplab.speaker.session.DownReason;
import dev.bgplab.speaker.session.LastError;
import dev.bgplab.speaker.session.MessageCodec;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.speaker.session.SessionListener;
import dev.bgplab.speaker.session.SessionSettings;
import dev.bgplab.speaker.session.WireMessageCodec;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.codec.AttributeType;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured neighbour, its whole life: its settings, its {@link BgpSession}, what the session
 * negotiated, graceful restart (RFC 4724), maximum-prefix (RFC 4486), route refresh (RFC 2918 /
 * 7313), its Adj-RIB-In (through the inbound pipeline below) and, while Established, its
 * {@link Exporter} with the Adj-RIB-Out, MRAI and packing.
 *
 * <p>Inbound pipeline, {@link #update}: UPDATE, then routes per family, then
 * {@link InboundNormalisation} (RFC 4271 5.1.5 / RFC 7606 / RFC 7607 / RFC 5065), then
 * {@link ImportPolicy}, then the RIB.
 *
 * <p>Owned by the speaker's event loop; the management API reads it through tasks on that loop.
 */
public final class Peer {
    private static final Logger log = LoggerFactory.getLogger(Peer.class);
    private static final MessageCodec CODEC = WireMessageCodec.INSTANCE;
    /** How many RFC 7606 treat-as-withdraw events are remembered per neighbor for explain. */
    private static final int MAX_REMEMBERED_ERRORS = 10_000;

    private final PeerEnvironment env;
    /** Replaced in place by a reload that keeps the session (the options then apply through a soft reset). */
    private PeerConfig config;
    private final BgpSession session;
    private final SpeakerMetrics.PeerMeters meters;

    // while Established
    private PeerInfo info;
    private PeerContext context;
    private NegotiatedSession negotiated;
    private Exporter exporter;
    private Instant establishedAt;

    /** Set while the peer is restarting gracefully (RFC 4724 4.2): routes are stale, not gone. */
    private PeerInfo restartingInfo;
    private ScheduledFuture<?> restartTimer;
    private ScheduledFuture<?> maxPrefixRestart;
    /** True once we tore the session down for maximum-prefix; stays down until the restart timer. */
    private boolean heldDown;
    private String heldDownReason;
    /**
     * Set while an ExpressRoute gateway holds its circuit connection down for the routes-to-circuit
     * limit: the session as last seen, against which export is re-counted until it fits again.
     */
    private PeerContext circuitContext;
    private java.util.Set<AddressFamily> circuitFamilies;
    private ScheduledFuture<?> circuitRecount;
    /** Why the last Established session ended (FRR's "Last reset"); reconnect failures do not replace it. */
    private LastError lastReset;

    /** Last RFC 7606 treat-as-withdraw per prefix (bounded, oldest forgotten first). */
    private final Map<Prefix, List<AttributeError>> treatAsWithdraw = new LinkedHashMap<>(16, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<Prefix, List<AttributeError>> e) {
            return size() > MAX_REMEMBERED_ERRORS;
        }
    };

    Peer(PeerConfig config, PeerEnvironment env) {
        this.env = env;
        this.config = config;
        this.meters = env.metrics.peer(config.name());
        this.session = new BgpSession(sessionSettings(config, env.config), env.loop, CODEC, new SessionListener() {
            @Override public void onEstablished(NegotiatedSession s) { established(s); }
            @Override public void onUpdate(UpdateMessage u) { update(u); }
            @Override public void onRouteRefresh(RouteRefreshMessage r) { routeRefresh(r); }
            @Override public void onDown(DownReason r) { down(r); }
        });
    }

    // ------------------------------------------------------------------ reading

    public String name() { return config.name(); }
    public PeerConfig config() { return config; }
    public BgpSession session() { return session; }
    public boolean established() { return info != null; }
    public boolean carries(AddressFamily f) { return negotiated != null && negotiated.families().contains(f); }
    /** Who the peer is while Established, else null. */
    public PeerInfo info() { return info; }
    /** The previous session's identity while its routes are kept stale (RFC 4724 4.2), else null. */
    public PeerInfo restartingInfo() { return restartingInfo; }
    public PeerContext context() { return context; }
    public NegotiatedSession negotiated() { return negotiated; }
    public Exporter exporter() { return exporter; }
    public boolean heldDown() { return heldDown; }
    public String heldDownReason() { return heldDownReason; }
    public LastError lastReset() { return lastReset; }
    public List<AttributeError> lastTreatAsWithdraw(Prefix p) { return treatAsWithdraw.get(p); }

    public Duration uptime() {
        return establishedAt == null || !established() ? Duration.ZERO : Duration.between(establishedAt, Instant.now());
    }

    // ------------------------------------------------------------------ life cycle

    void start() { session.start(); }

    Future<?> stop() { return session.stop(); }

    /** Stops for good (removed from config or restarted with new session settings). */
    void remove(int ceaseSubcode) {
        session.stop(NotificationMessage.of(NotificationMessage.CEASE, ceaseSubcode));
        if (exporter != null) exporter.close();
        if (restartTimer != null) restartTimer.cancel(false);
        if (maxPrefixRestart != null) maxPrefixRestart.cancel(false);
        stopCircuitRecount();
        if (info != null) env.rib.peerDown(info);
        if (restartingInfo != null) env.rib.peerDown(restartingInfo);
    }

    /** {@code shutdown: true} in config: Cease / Administrative Shutdown (RFC 4486), no restart. */
    void shutDown(PeerConfig next) {
        config = next;
        if (maxPrefixRestart != null) maxPrefixRestart.cancel(false);
        stopCircuitRecount();
        session.stop();
    }

    /** {@code shutdown} removed: starts again, maximum-prefix hold-down lifted. */
    void startUp(PeerConfig next) {
        config = next;
        stopCircuitRecount();
        heldDown = false;
        heldDownReason = null;
        session.start();
    }

    /** Same session settings, other options (policy, next-hop-self, ...): taken by the next soft reset. */
    void optionsChanged(PeerConfig next) { config = next; }

    /** Our ASN towards the neighbor: its local-as when configured, else the router's. */
    private static long localAsn(PeerConfig p, long routerAsn) {
        Long localAs = p.policy().localAs();
        return localAs != null ? localAs : routerAsn;
    }

    /** The transport and OPEN settings of a neighbor under a speaker config (what a reload compares). */
    static SessionSettings sessionSettings(PeerConfig p, SpeakerConfig speaker) {
        long localAsn = localAsn(p, speaker.asn());
        InetAddress localAddress = p.localAddress();
        if (localAddress == null && speaker.listenAddress() != null && !speaker.listenAddress().isAnyLocalAddress()
                && (speaker.listenAddress() instanceof Inet4Address) == (p.address() instanceof Inet4Address)) {
            localAddress = speaker.listenAddress();
        }
        Map<AddressFamily, AddPathCapability.Mode> addPath = new EnumMap<>(AddressFamily.class);
        if (p.addPath() != PeerConfig.AddPathMode.OFF) {
            AddPathCapability.Mode m = AddPathCapability.Mode.valueOf(p.addPath().name());
            for (AddressFamily f : p.families()) addPath.put(f, m);
        }
        GracefulRestartCapability gr = null;
        if (p.gracefulRestart()) {
            List<GracefulRestartCapability.FamilyForwarding> fams = new ArrayList<>();
            // helper only (FRR's default) lists no family: peers must not keep our routes when we go away (RFC 4724 3)
            if (p.gracefulRestartRestarting()) {
                for (AddressFamily f : p.families()) fams.add(new GracefulRestartCapability.FamilyForwarding(f.afi(), f.safi(), false));
            }
            gr = new GracefulRestartCapability(false, false, speaker.gracefulRestartTime(), fams);
        }
        return SessionSettings.builder(p.address(), localAsn, p.asn(), speaker.routerId())
                .name(p.name())
                .remotePort(p.port())
                .localAddress(localAddress)
                .holdTime(p.holdTime())
                .keepaliveTime(p.keepalive())
                .connectRetryTime(p.connectRetry())
                // After a failed attempt the FSM idles (and refuses connections) before retrying;
                // never longer than the connect-retry the user asked for.
                .idleHoldTime(Math.min(5, p.connectRetry()))
                .mode(p.passive() ? SessionSettings.ConnectMode.PASSIVE : SessionSettings.ConnectMode.BOTH)
                .families(p.families())
                .routeRefresh(p.routeRefresh())
                .enhancedRouteRefresh(p.routeRefresh())
                .extendedMessages(p.extendedMessages())
                .gracefulRestart(gr)
                .addPath(addPath)
                .ebgpMultihop(p.ebgpMultihop())
                .ttlSecurityHops(p.ttlSecurityHops())
                .password(p.password())
                .openHoldTime(p.limits().openHoldTime())
                .outputQueueLimit(p.limits().outputQueueLimit())
                .build();
    }

    private PeerContext newContext() {
        return PeerContext.of(info, env.config.asn(), env.config.routerId(), session.localAddress(), config.ebgpMultihop(),
                env.policy);
    }

    private void established(NegotiatedSession s) {
        PeerConfig p = config;
        long localAsn = localAsn(p, env.config.asn());
        info = new PeerInfo(p.name(), p.address(), s.peerAsn(), s.peerId(), localAsn, p.policy().routeServerClient());
        negotiated = s;
        context = newContext();
        exporter = new Exporter(env, info, context, s, session, meters);
        establishedAt = Instant.now();
        env.events.session(p.name(), "Established", null);
        log.info("neighbor {} Established: AS{} id {} families {}", p.name(), s.peerAsn(), s.peerId().getHostAddress(),
                s.families().stream().map(AddressFamily::label).toList());
        if (restartingInfo != null && restartTimer != null) {
            // RFC 4724 4.2: the peer is back; its stale routes wait for its End-of-RIB or the stale timer.
            restartTimer.cancel(false);
            PeerInfo stale = restartingInfo;
            restartTimer = env.loop.schedule(() -> {
                env.rib.flushStale(stale);
                restartingInfo = null;
            }, Math.max(1, env.config.gracefulRestartTime()), TimeUnit.SECONDS);
        }
        exporter.exportInitialTable();
        if (!circuitLimitExceeded()) updateMeters();
    }

    private void down(DownReason r) {
        env.metrics.sessionDown(name(), r.kind().name().toLowerCase(Locale.ROOT)
                + (r.notification() == null ? "" : "_" + r.notification().code() + "_" + r.notification().subcode()));
        if (!r.wasEstablished() || info == null) return;
        env.events.session(name(), "Idle", r.toString()); // RFC 4271 8.2.2: every way down leads to Idle
        meters.flaps.increment();
        lastReset = new LastError(r, Instant.now());
        log.info("neighbor {} down: {}", name(), r);
        // RFC 4724 4.2: without a NOTIFICATION (TCP reset, hold timer) a graceful-restart peer's routes stay as stale.
        GracefulRestartCapability peerGr = negotiated.peerGracefulRestart();
        // RFC 4724 4.2: only for the families the peer listed; a helper-only peer (no family) loses its routes at once
        boolean gr = peerGr != null && config.gracefulRestart() && !peerGr.families().isEmpty()
                && (r.kind() == DownReason.Kind.TCP_RESET || r.kind() == DownReason.Kind.HOLD_TIMER_EXPIRED);
        env.rib.peerDown(info, gr);
        if (gr) {
            PeerInfo stale = info;
            restartingInfo = stale;
            if (restartTimer != null) restartTimer.cancel(false);
            restartTimer = env.loop.schedule(() -> {
                if (restartingInfo == stale) {
                    env.rib.flushStale(stale);
                    restartingInfo = null;
                }
            }, Math.max(1, peerGr.restartTime()), TimeUnit.SECONDS);
            log.info("neighbor {}: graceful restart, keeping its routes as stale for {} s", name(), peerGr.restartTime());
        }
        exporter.close(); // out of its update group
        info = null;
        context = null;
        negotiated = null;
        exporter = null;
        updateMeters();
    }

    // ------------------------------------------------------------------ inbound pipeline

    /** UPDATE -> routes -> normalisation -> import policy -> RIB. */
    private void update(UpdateMessage u) {
        if (info == null) return;
        meters.updatesIn.increment();
        AddressFamily eor = u.endOfRibFamily();
        if (eor != null) {
            endOfRib(eor);
            return;
        }
        InboundNormalisation.Normalised normalised = InboundNormalisation.apply(u,
                new InboundNormalisation.Sender(info.isEbgp(), session.localAddress()));
        if (!normalised.errors().isEmpty()) report(u, normalised);
        for (AddressFamily f : AddressFamily.values()) {
            List<NlriEntry> wd = u.withdrawn(f);
            List<NlriEntry> ann = u.announced(f);
            if (wd.isEmpty() && ann.isEmpty()) continue;
            if (!carries(f)) {
                log.debug("neighbor {}: ignoring {} NLRI of a family not negotiated", name(), f.label());
                continue;
            }
            AdjRibIn in = env.rib.adjRibIn(info, f);
            // Role step (dev.bgplab.speaker.role): Azure Route Server counts held plus incoming routes.
            if (env.roleSteps != null && !ann.isEmpty()
                    && RoleSteps.overRouteLimit(in.receivedCount(), ann.size(), env.roleSteps.routesPerPeer())) {
                routeLimitCease(f, env.roleSteps.routesPerPeer(), in.receivedCount() + ann.size());
                return;
            }
            List<NlriEntry> withdrawals = new ArrayList<>(wd);
            for (NlriEntry w : wd) in.recordWithdrawn(w.prefix(), w.pathId());
            List<Route> accepted = new ArrayList<>(ann.size());
            if (!ann.isEmpty()) {
                PathAttributes attrs = normalised.treatAsWithdraw() ? null : routeAttributes(normalised.attributes(), f);
                // one interned set per UPDATE: routes are made with it, so the RIB need not copy them
                if (attrs != null) attrs = env.rib.interner().intern(attrs);
                if (attrs == null) {
                    // RFC 7606 2: treat-as-withdraw. Remember why, for explain.
                    for (NlriEntry a : ann) {
                        in.recordWithdrawn(a.prefix(), a.pathId());
                        withdrawals.add(a);
                        treatAsWithdraw.put(a.prefix(), normalised.errors());
                    }
                } else {
                    // Without prefix-list or route-map in, import reads only the attributes: decide once per UPDATE.
                    NeighborPolicy np = context.neighbor();
                    boolean perPrefix = np.prefixListIn() != null || np.routeMapIn() != null;
                    PolicyResult shared = null;
                    LocRib locRib = env.rib.locRib();
                    for (NlriEntry a : ann) {
                        Route r = new Route(locRib.canonical(a.prefix()), a.pathId(), attrs, info, 0, false);
                        in.recordReceived(r);
                        if (!treatAsWithdraw.isEmpty()) treatAsWithdraw.remove(a.prefix());
                        PolicyResult res;
                        if (perPrefix) {
                            res = ImportPolicy.decide(r, context);
                        } else {
                            if (shared == null) shared = ImportPolicy.decide(r, context);
                            res = shared;
                        }
                        if (!res.isAccepted()) withdrawals.add(a);
                        else accepted.add(perPrefix ? res.route() : r.withAttributes(res.route().attributes()).withWeight(res.route().weight()));
                    }
                }
            }
            env.rib.accept(info, f, accepted, withdrawals);
            if (checkMaximumPrefix(f, in.acceptedCount())) return;
            if (checkMemoryBound()) return;
        }
        updateMetersSoon();
    }

    private boolean metersScheduled;

    /** The prefix gauges once per loop turn, not per UPDATE (a full table is 100,000 UPDATEs). */
    private void updateMetersSoon() {
        if (metersScheduled) return;
        metersScheduled = true;
        env.loop.execute(() -> {
            metersScheduled = false;
            updateMeters();
        });
    }

    private void endOfRib(AddressFamily eor) {
        if (restartingInfo == null) return;
        env.rib.endOfRib(info, eor);
        boolean anyStale = false;
        for (AddressFamily f : AddressFamily.values()) {
            anyStale |= env.rib.findAdjRibIn(info, f).map(in -> in.staleCount() > 0).orElse(false);
        }
        if (!anyStale) {
            restartingInfo = null;
            if (restartTimer != null) restartTimer.cancel(false);
        }
    }

    /** Every RFC 7606 action leaves a log line and a counter (the prefixes affected are in explain). */
    private void report(UpdateMessage u, InboundNormalisation.Normalised o) {
        int nlri = 0;
        for (AddressFamily f : AddressFamily.values()) nlri += u.announced(f).size();
        for (AttributeError e : o.discards()) {
            String attribute = AttributeType.of(e.typeCode()).label();
            meters.attributeDiscarded(attribute);
            log.info("neighbor {}: attribute {} discarded (RFC 7606 attribute-discard): {}", name(), attribute, e.reason());
        }
        if (o.treatAsWithdraw() && nlri > 0) {
            meters.treatAsWithdraw.increment();
            log.info("neighbor {}: {} prefix(es) treated as withdrawn (RFC 7606): {}", name(), nlri, o.errors());
        }
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
    private boolean checkMaximumPrefix(AddressFamily f, long count) {
        NeighborPolicy np = context.neighbor();
        MaximumPrefix mp = np.maximumPrefix();
        if (mp == null) return false;
        MaximumPrefix.PrefixCountCheck d = mp.decide(count);
        switch (d.outcome()) {
            case BELOW -> { return false; }
            case THRESHOLD_REACHED, EXCEEDED_WARNING_ONLY -> {
                log.warn("neighbor {}: {} {} prefixes, maximum-prefix {} ({})", name(), count, f.label(), mp.limit(),
                        d.outcome() == MaximumPrefix.PrefixCountLevel.THRESHOLD_REACHED ? "threshold reached" : "exceeded, warning-only");
                return false;
            }
            default -> { }
        }
        // RFC 4486 4: data is AFI (2), SAFI (1) and the prefix upper bound (4).
        byte[] data = {(byte) (f.afi() >> 8), (byte) f.afi(), (byte) f.safi(),
                (byte) (mp.limit() >>> 24), (byte) (mp.limit() >>> 16), (byte) (mp.limit() >>> 8), (byte) mp.limit()};
        heldDown = true;
        heldDownReason = "maximum-prefix " + mp.limit() + " exceeded with " + count + " " + f.label() + " prefixes";
        log.warn("neighbor {}: {}; sending Cease / Maximum Number of Prefixes Reached", name(), heldDownReason);
        session.stop(new NotificationMessage(NotificationMessage.CEASE, NotificationMessage.MAXIMUM_PREFIXES_REACHED, data));
        if (mp.restartMinutes() != null) {
            maxPrefixRestart = env.loop.schedule(() -> {
                heldDown = false;
                heldDownReason = null;
                session.start();
            }, mp.restartMinutes(), env.maximumPrefixRestartUnit);
        }
        return true;
    }

    /**
     * The per-peer memory bound (config {@code max-routes}, {@code max-attribute-bytes}): counted
     * over the pre-policy Adj-RIB-In, since that is what the peer makes us hold whatever policy
     * accepts. Past it: Cease / Out of Resources (RFC 4486 2), held down with the reason named.
     */
    private boolean checkMemoryBound() {
        PeerConfig.Limits l = config.limits();
        if (l.maxRoutes() == 0 && l.maxAttributeBytes() == 0) return false;
        long routes = 0, bytes = 0;
        for (AddressFamily f : AddressFamily.values()) {
            var in = env.rib.findAdjRibIn(info, f);
            if (in.isEmpty()) continue;
            routes += in.get().receivedCount();
            bytes += in.get().receivedAttributeBytes();
        }
        String why = l.maxRoutes() > 0 && routes > l.maxRoutes() ? "memory bound: " + routes + " routes held, max-routes " + l.maxRoutes()
                : l.maxAttributeBytes() > 0 && bytes > l.maxAttributeBytes()
                ? "memory bound: " + bytes + " attribute octets held, max-attribute-bytes " + l.maxAttributeBytes() : null;
        if (why == null) return false;
        heldDown = true;
        heldDownReason = why;
        log.warn("neighbor {}: {}; sending Cease / Out of Resources", name(), why);
        session.stop(NotificationMessage.of(NotificationMessage.CEASE, 8));
        return true;
    }

    /**
     * Azure Route Server's per-peer limit (role step): Cease / Maximum Number of Prefixes Reached
     * (RFC 4486), then the session comes back after connect-retry, so an NVA that keeps sending too
     * many routes flaps, as it does against Azure.
     */
    private void routeLimitCease(AddressFamily f, long limit, long count) {
        byte[] data = {(byte) (f.afi() >> 8), (byte) f.afi(), (byte) f.safi(),
                (byte) (limit >>> 24), (byte) (limit >>> 16), (byte) (limit >>> 8), (byte) limit};
        heldDown = true;
        heldDownReason = "Route Server limit of " + limit + " routes per peer exceeded: " + count
                + " (routes held plus routes in the incoming UPDATE)";
        log.warn("neighbor {}: {}; sending Cease / Maximum Number of Prefixes Reached", name(), heldDownReason);
        session.stop(new NotificationMessage(NotificationMessage.CEASE, NotificationMessage.MAXIMUM_PREFIXES_REACHED, data));
        maxPrefixRestart = env.loop.schedule(() -> {
            heldDown = false;
            heldDownReason = null;
            if (!config.shutdown()) session.start();
        }, Math.max(1, config.connectRetry()), TimeUnit.SECONDS);
    }

    /**
     * Role step (dev.bgplab.speaker.role): an ExpressRoute gateway advertises at most
     * {@code routes-to-circuit} routes to the circuit. Called after export ran (the update group
     * may already have sent the change): over the limit, the circuit connection is torn down (Cease /
     * Out of Resources, RFC 4486: the gateway ran out of what the circuit allows) and stays down,
     * export re-counted every connect-retry (at least 1 s), until the gateway is back under the
     * limit. True when the session was torn down.
     */
    private boolean circuitLimitExceeded() {
        long limit = env.roleSteps == null ? 0 : env.roleSteps.routesToCircuit(name());
        if (limit == 0 || !established()) return false;
        int count = exportableCount(env, context, negotiated.families());
        if (!RoleSteps.overCircuitLimit(count, limit)) return false;
        circuitContext = context;
        circuitFamilies = java.util.Set.copyOf(negotiated.families());
        heldDown = true;
        heldDownReason = circuitReason(limit, count);
        log.warn("neighbor {}: {}; sending Cease / Out of Resources", name(), heldDownReason);
        session.stop(NotificationMessage.of(NotificationMessage.CEASE, 8)); // RFC 4486 2: Out of Resources
        scheduleCircuitRecount();
        return true;
    }

    /**
     * How many prefixes export gives a peer ({@code context}, also for a session that is down, as
     * it was last seen): one per Loc-RIB prefix whose best path passes the role's export step and
     * export policy, plus the default route of default-originate.
     */
    static int exportableCount(PeerEnvironment env, PeerContext context, Iterable<AddressFamily> families) {
        int n = 0;
        for (AddressFamily f : families) {
            boolean defaultOriginate = context.neighbor().defaultOriginate()
                    && dev.bgplab.speaker.policy.ExportPolicy.defaultOriginate(context, f).isAccepted();
            if (defaultOriginate) n++;
            for (dev.bgplab.speaker.rib.LocRibEntry e : env.rib.entries(dev.bgplab.speaker.rib.RibQuery.family(f))) {
                if (defaultOriginate && e.prefix().length() == 0) continue;
                List<Route> paths = env.rib.bestPaths(e.prefix());
                if (paths.isEmpty()) continue;
                Route best = paths.get(0);
                if (env.roleSteps != null && !best.source().isLocal() && !env.roleSteps.mayExport(best.source().name(), context.peer().name())) {
                    continue;
                }
                if (dev.bgplab.speaker.policy.ExportPolicy.decide(best, context).isAccepted()) n++;
            }
        }
        return n;
    }

    private static String circuitReason(long limit, int count) {
        return "ExpressRoute gateway limit of " + limit + " routes advertised to the circuit exceeded: " + count
                + " routes to advertise; the circuit connection stays down until they are " + limit + " or fewer";
    }

    private void scheduleCircuitRecount() {
        circuitRecount = env.loop.schedule(this::circuitRecount, Math.max(1, config.connectRetry()), TimeUnit.SECONDS);
    }

    private void circuitRecount() {
        if (circuitContext == null) return;
        long limit = env.roleSteps == null ? 0 : env.roleSteps.routesToCircuit(name());
        PeerContext ctx = PeerContext.of(circuitContext.peer(), env.config.asn(), env.config.routerId(),
                circuitContext.localAddress(), config.ebgpMultihop(), env.policy);
        int count = exportableCount(env, ctx, circuitFamilies);
        if (RoleSteps.overCircuitLimit(count, limit)) {
            heldDownReason = circuitReason(limit, count);
            scheduleCircuitRecount();
            return;
        }
        log.info("neighbor {}: {} routes to advertise, within the circuit limit of {}: connecting again", name(), count, limit);
        circuitContext = null;
        heldDown = false;
        heldDownReason = null;
        if (!config.shutdown()) session.start();
    }

    private void stopCircuitRecount() {
        if (circuitRecount != null) circuitRecount.cancel(false);
        circuitContext = null;
    }

    /**
     * Role step (dev.bgplab.speaker.role): the virtual network changed, so Azure Route Server sends
     * ROUTE-REFRESH, or hard-resets a peer without route refresh (Cease / Other Configuration Change).
     */
    String refreshForVirtualNetworkChange() {
        if (!established()) return null;
        if (negotiated.routeRefresh()) {
            for (AddressFamily f : AddressFamily.values()) if (carries(f)) session.send(RouteRefreshMessage.request(f));
            return name() + ": virtual network changed, ROUTE-REFRESH sent";
        }
        session.stop(NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.OTHER_CONFIGURATION_CHANGE));
        env.loop.schedule(() -> { if (!config.shutdown()) session.start(); }, 1, TimeUnit.SECONDS);
        return name() + ": virtual network changed, no route refresh: hard reset (Cease / Other Configuration Change)";
    }

    // ------------------------------------------------------------------ route refresh and soft reset

    private void routeRefresh(RouteRefreshMessage r) {
        AddressFamily f = r.family();
        if (info == null || f == null || !carries(f)) return; // RFC 2918 4: ignore an AFI/SAFI not advertised
        if (r.subtype() != RouteRefreshMessage.REQUEST) {
            // RFC 7313 4: BoRR/EoRR from the peer bracket its re-advertisement; our Adj-RIB-In replaces routes as they come.
            log.debug("neighbor {}: {} for {}", name(), r.subtype() == RouteRefreshMessage.BORR ? "BoRR" : "EoRR", f.label());
            return;
        }
        exporter.resend(f);
    }

    /**
     * Soft reset (no session drop): inbound asks the peer for its routes again with ROUTE-REFRESH
     * (RFC 2918), or re-runs import over the kept pre-policy Adj-RIB-In when the peer lacks route
     * refresh; outbound re-runs export and sends the difference.
     */
    List<String> softReset(boolean in, boolean out) {
        List<String> done = new ArrayList<>();
        if (!established()) {
            done.add(name() + ": not Established, nothing to reset");
            return done;
        }
        context = newContext();
        exporter.context(context);
        for (AddressFamily f : AddressFamily.values()) {
            if (!carries(f)) continue;
            if (in) {
                if (negotiated.routeRefresh()) {
                    session.send(RouteRefreshMessage.request(f));
                    done.add(name() + " " + f.label() + ": ROUTE-REFRESH sent");
                } else {
                    reimport(f);
                    done.add(name() + " " + f.label() + ": import re-run over the pre-policy Adj-RIB-In");
                }
            }
            if (out) done.add(name() + " " + f.label() + ": export re-run");
        }
        if (out) {
            exporter.softResetOut();
            circuitLimitExceeded();
        }
        return done;
    }

    private void reimport(AddressFamily f) {
        AdjRibIn in = env.rib.adjRibIn(info, f);
        List<Route> accepted = new ArrayList<>();
        List<NlriEntry> withdrawals = new ArrayList<>();
        for (Route r : in.receivedRoutes()) {
            PolicyResult res = ImportPolicy.decide(r, context);
            if (res.isAccepted()) accepted.add(res.route());
            else withdrawals.add(new NlriEntry(r.prefix(), r.pathId()));
        }
        env.rib.accept(info, f, accepted, withdrawals);
    }

    // ------------------------------------------------------------------ outbound

    /** Export of a Loc-RIB change ran (in the update groups): the prefix counts may have moved. */
    void afterExport() {
        if (established() && !circuitLimitExceeded()) updateMeters();
    }

    private void updateMeters() {
        long received = 0, accepted = 0, advertised = 0;
        if (info != null) {
            for (AddressFamily f : AddressFamily.values()) {
                var in = env.rib.findAdjRibIn(info, f);
                if (in.isPresent()) {
                    received += in.get().receivedCount();
                    accepted += in.get().acceptedCount();
                }
                if (carries(f)) advertised += exporter.advertisedCount(f);
            }
        }
        meters.prefixesReceived.set(received);
        meters.prefixesAccepted.set(accepted);
        meters.prefixesAdvertised.set(advertised);
    }

    @Override public String toString() { return "Peer[" + name() + " " + session.state() + "]"; }
}
