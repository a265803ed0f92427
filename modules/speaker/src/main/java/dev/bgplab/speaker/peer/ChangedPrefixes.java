package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.speaker.rib.LocRibListener;
import dev.bgplab.speaker.rib.Rib;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Loc-RIB's changes on their way out: prefixes that changed are collected while the event loop
 * works through its current task and handed, once per loop turn, to every update group. Also
 * measures convergence (from the first change of a burst to the last, once 1 s passed quietly).
 *
 * <p>Owned by the speaker's event loop.
 */
public final class ChangedPrefixes implements LocRibListener {
    private final EventLoop loop;
    private final Rib rib;
    private final SpeakerMetrics metrics;
    private final Collection<Peer> peers;
    private final UpdateGroups groups;
    /**
     * In change order, with the routes each change selected (export needs no Loc-RIB lookup); a
     * prefix that changes twice in one turn is exported twice, the later last, which sends
     * nothing more (the Adj-RIB-Out drops what its members already have) and costs less than a
     * set entry for every change of a full table.
     */
    private List<LocRibChange> dirty = new ArrayList<>();
    private boolean flushScheduled;
    private long burstStartNanos = -1;
    private long lastChangeNanos;
    private boolean convergenceCheckScheduled;

    /** {@code peers} is a live view of the configured peers (the reconciler's). */
    public ChangedPrefixes(EventLoop loop, Rib rib, SpeakerMetrics metrics, Collection<Peer> peers, UpdateGroups groups) {
        this.loop = loop;
        this.groups = groups;
        this.rib = rib;
        this.metrics = metrics;
        this.peers = peers;
    }

    @Override
    public void onChange(LocRibChange c) {
        dirty.add(c);
        long now = System.nanoTime();
        if (burstStartNanos < 0) burstStartNanos = now;
        lastChangeNanos = now;
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    /** Exports every changed prefix once per update group, which sends what MRAI allows to its members. */
    private void flush() {
        flushScheduled = false;
        if (dirty.isEmpty()) return;
        List<LocRibChange> changed = dirty;
        dirty = new ArrayList<>();
        groups.exportChanged(changed);
        for (Peer p : peers) p.afterExport();
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
}
