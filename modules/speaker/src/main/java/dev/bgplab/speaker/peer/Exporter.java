package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.rib.AdjRibOut;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.session.BgpSession;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The outbound side of one Established session: its place in an {@link UpdateGroup}, which runs
 * {@link ExportPolicy} (deciding the next hop too, so what explain shows is what is sent), keeps
 * the Adj-RIB-Out, applies MRAI and packs UPDATEs once for every peer with the same outbound
 * settings. Made when the session comes up and dropped when it goes down.
 *
 * <p>Owned by the speaker's event loop.
 */
public final class Exporter {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Exporter.class);
    private final PeerEnvironment env;
    private final PeerInfo peer;
    private PeerContext context;
    private final NegotiatedSession negotiated;
    private final BgpSession session;
    private final SpeakerMetrics.PeerMeters meters;
    private UpdateGroup group;
    private boolean closed;

    Exporter(PeerEnvironment env, PeerInfo peer, PeerContext context, NegotiatedSession negotiated, BgpSession session,
             SpeakerMetrics.PeerMeters meters) {
        this.env = env;
        this.peer = peer;
        this.context = context;
        this.negotiated = negotiated;
        this.session = session;
        this.meters = meters;
    }

    public PeerContext context() { return context; }

    void context(PeerContext c) { context = c; }

    String name() { return peer.name(); }
    NegotiatedSession negotiated() { return negotiated; }

    /** The update group this peer is in while Established. */
    public UpdateGroup group() { return group; }

    void group(UpdateGroup g) { group = g; }

    private boolean carries(AddressFamily f) { return negotiated.families().contains(f); }

    /** Into the update group (the whole table, default-originate), then End-of-RIB per family (RFC 4724 2). */
    void exportInitialTable() {
        env.groups.join(this);
        for (AddressFamily f : AddressFamily.values()) {
            if (carries(f)) session.send(UpdateMessage.endOfRib(f));
        }
    }

    /** Soft reset out: export runs again (moving to another group when the settings changed), the difference is sent. */
    void softResetOut() { env.groups.softResetOut(this); }

    /** Answers a route refresh from the Adj-RIB-Out (RFC 2918 4), bracketed by BoRR/EoRR when enhanced (RFC 7313 4). */
    void resend(AddressFamily f) {
        boolean enhanced = negotiated.enhancedRouteRefresh();
        if (enhanced) session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.BORR));
        if (group != null && group.carries(f)) group.send(List.of(this), f, advertisedRoutes(f));
        if (enhanced) session.send(new RouteRefreshMessage(f.afi(), f.safi(), RouteRefreshMessage.EORR));
    }

    /** UPDATEs encoded by the group for this session's codec context. */
    void sendEncoded(ByteBuf encoded, int updates) {
        if (closed) {
            encoded.release();
            return;
        }
        try {
            session.sendEncodedUpdates(encoded, updates);
        } catch (IllegalStateException notEstablished) {
            // going down while its group sends: the other members must still get the batch
            log.debug("neighbor {}: {}", peer.name(), notEstablished.getMessage());
            return;
        }
        meters.updatesOut.increment(updates);
    }

    /** What this peer was sent and holds in a family (RFC 4271 3.2 Adj-RIB-Out), for the API and explain. */
    public List<AdjRibOutChange> advertisedRoutes(AddressFamily f) {
        AdjRibOut o = group == null ? null : group.adjRibOut(f);
        return o == null ? List.of() : o.advertisedRoutes(name());
    }

    public int advertisedCount(AddressFamily f) { return UpdateGroups.advertisedCount(this, f); }

    /** The session went down: no more sends, out of the group. */
    void close() {
        closed = true;
        env.groups.leave(this);
    }
}
