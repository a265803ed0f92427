package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.rib.AdjRibOut;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.LocRibEntry;
import dev.bgplab.speaker.rib.MraiScheduler;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.RibQuery;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.rib.UpdatePacker;
import dev.bgplab.speaker.session.BgpSession;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The outbound pipeline of one Established session: changed prefixes, then {@link ExportPolicy}
 * (which decides the next hop too, so what explain shows is what is sent), then the Adj-RIB-Out,
 * then MRAI, then packing into UPDATEs, then the session. Made when the session comes up and
 * dropped when it goes down, with its ADD-PATH path ids (RFC 7911), which are this peer's alone.
 *
 * <p>Owned by the speaker's event loop.
 */
public final class Exporter {
    private final PeerEnvironment env;
    private final PeerInfo peer;
    private PeerContext context;
    private final NegotiatedSession negotiated;
    private final BgpSession session;
    private final SpeakerMetrics.PeerMeters meters;
    private final UpdatePacker packer;
    private final MraiScheduler mrai;
    private ScheduledFuture<?> mraiTimer;
    /** RFC 7911: a path id per source of an ECMP path, stable while this session lives. */
    private final Map<String, Long> addPathIds = new HashMap<>();
    private long nextPathId = 1;
    private boolean closed;

    Exporter(PeerEnvironment env, PeerInfo peer, PeerContext context, NegotiatedSession negotiated, BgpSession session,
             SpeakerMetrics.PeerMeters meters) {
        this.env = env;
        this.peer = peer;
        this.context = context;
        this.negotiated = negotiated;
        this.session = session;
        this.meters = meters;
        this.packer = new UpdatePacker(negotiated.codecContext());
        this.mrai = MraiScheduler.withDefaults(peer);
    }

    public PeerContext context() { return context; }

    void context(PeerContext c) { context = c; }

    private boolean carries(AddressFamily f) { return negotiated.families().contains(f); }

    /** Queues the whole Loc-RIB and default-originate; {@link #sendInitialTable} sends them. */
    void queueInitialTable() {
        for (AddressFamily f : AddressFamily.values()) {
            if (!carries(f)) continue;
            for (LocRibEntry e : env.rib.entries(RibQuery.family(f))) exportPrefix(e.prefix());
            originateDefault(f);
        }
    }

    /** Sends what {@link #queueInitialTable} queued, then End-of-RIB per family (RFC 4724 2). */
    void sendInitialTable() {
        sendPending();
        for (AddressFamily f : AddressFamily.values()) {
            if (carries(f)) session.send(UpdateMessage.endOfRib(f));
        }
    }

    /** Soft reset out: export every prefix again, and withdraw what is advertised but no longer exported. */
    void reexport(AddressFamily f) {
        for (LocRibEntry e : env.rib.entries(RibQuery.family(f))) exportPrefix(e.prefix());
        Prefix generated = originateDefault(f); // turned on, or kept
        // Prefixes no longer in the Loc-RIB but still advertised (e.g. default-originate turned off).
        AdjRibOut out = env.rib.adjRibOut(peer, f);
        for (AdjRibOutChange c : out.advertisedRoutes()) {
            if (env.rib.best(c.prefix()) == null && !c.prefix().equals(generated)) out.withdraw(c.prefix(), c.pathId());
        }
    }

    /**
     * Queues the default route we generate with default-originate; returns its prefix, or null when
     * default-originate is off.
     */
    private Prefix originateDefault(AddressFamily f) {
        if (!context.neighbor().defaultOriginate()) return null;
        PolicyResult d = ExportPolicy.defaultOriginate(context, f);
        if (!d.isAccepted()) return null;
        env.rib.adjRibOut(peer, f).announce(d.route().prefix(), 0, d.route().attributes());
        return d.route().prefix();
    }

    /** Runs export for one prefix and queues the difference in the Adj-RIB-Out. */
    void exportPrefix(Prefix p) {
        AddressFamily f = p.family();
        // With default-originate the peer keeps our generated default whatever the table's default does.
        if (p.length() == 0 && context.neighbor().defaultOriginate()) return;
        AdjRibOut out = env.rib.adjRibOut(peer, f);
        List<Route> paths = env.rib.bestPaths(p);
        if (!negotiated.addPathSend().contains(f)) {
            PathAttributes attrs = paths.isEmpty() ? null : exportAttributes(paths.get(0));
            if (attrs == null) out.withdraw(p);
            else out.announce(p, 0, attrs);
            return;
        }
        // RFC 7911: with ADD-PATH, every ECMP path goes, each with a path id stable per source.
        Set<Long> sent = new HashSet<>();
        for (Route r : paths) {
            PathAttributes attrs = exportAttributes(r);
            if (attrs == null) continue;
            long id = addPathIds.computeIfAbsent(r.source().name(), k -> nextPathId++);
            out.announce(p, id, attrs);
            sent.add(id);
        }
        for (long id : addPathIds.values()) {
            if (!sent.contains(id) && out.advertised(p, id) != null) out.withdraw(p, id);
        }
    }

    private PathAttributes exportAttributes(Route best) { return exportAttributes(env, context, best); }

    private static PathAttributes exportAttributes(PeerEnvironment env, PeerContext context, Route best) {
        // Role step (dev.bgplab.speaker.role): Route Server branch-to-branch and NVA-to-NVA.
        if (env.roleSteps != null && !best.source().isLocal() && !env.roleSteps.mayExport(best.source().name(), context.peer().name())) {
            return null;
        }
        PolicyResult res = ExportPolicy.decide(best, context);
        return res.isAccepted() ? res.route().attributes() : null;
    }

    /** How many routes the peer will hold once what is queued is sent (every carried family). */
    int toAdvertise() {
        int n = 0;
        for (AddressFamily f : AddressFamily.values()) if (carries(f)) n += env.rib.adjRibOut(peer, f).advertisedCountAfterPending();
        return n;
    }

    /**
     * How many prefixes export would advertise to a peer whose session is down, as it was last
     * seen ({@code context}): one per Loc-RIB prefix whose best path passes export, plus the
     * default route of default-originate.
     */
    static int exportableCount(PeerEnvironment env, PeerContext context, Iterable<AddressFamily> families) {
        int n = 0;
        for (AddressFamily f : families) {
            boolean defaultOriginate = context.neighbor().defaultOriginate() && ExportPolicy.defaultOriginate(context, f).isAccepted();
            if (defaultOriginate) n++;
            for (LocRibEntry e : env.rib.entries(RibQuery.family(f))) {
                if (defaultOriginate && e.prefix().length() == 0) continue;
                List<Route> paths = env.rib.bestPaths(e.prefix());
                if (!paths.isEmpty() && exportAttributes(env, context, paths.get(0)) != null) n++;
            }
        }
        return n;
    }

    /** Sends what MRAI allows now and schedules the rest. */
    void sendPending() {
        if (closed) return;
        long wait = 0;
        for (AddressFamily f : AddressFamily.values()) {
            if (!carries(f)) continue;
            AdjRibOut out = env.rib.adjRibOut(peer, f);
            if (!out.hasPending()) continue;
            if (mrai.mayAdvertise()) {
                for (UpdateMessage m : mrai.takeMessages(out, packer)) send(m);
            } else {
                wait = Math.max(wait, mrai.nanosUntilNextBatch());
            }
        }
        if (wait > 0 && (mraiTimer == null || mraiTimer.isDone())) {
            mraiTimer = env.loop.schedule(this::sendPending, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Answers a route refresh from the Adj-RIB-Out (RFC 2918 4), bracketed by BoRR/EoRR when enhanced (RFC 7313 4). */
    void resend(AddressFamily f) {
        boolean enhanced = negotiated.enhancedRouteRefresh();
        if (enhanced) session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.BORR));
        for (UpdateMessage m : packer.pack(f, env.rib.adjRibOut(peer, f).advertisedRoutes())) send(m);
        if (enhanced) session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.EORR));
    }

    private void send(UpdateMessage m) {
        session.send(m);
        meters.updatesOut.increment();
    }

    /** The session went down: no more sends, timers cancelled, path ids freed. */
    void close() {
        closed = true;
        if (mraiTimer != null) mraiTimer.cancel(false);
        addPathIds.clear();
    }
}
