package dev.bgplab.speaker.rib;

import dev.bgplab.wire.message.UpdateMessage;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * MinRouteAdvertisementInterval (RFC 4271 9.2.1.1) for one peer: changes wait in the peer's
 * {@link AdjRibOut}, collapsing per prefix, and go out as one batch at most once per interval.
 * Per peer rather than per destination, as FRR does (the RFC sets the value per peer), and it
 * applies to withdrawals too (RFC 4271 9.2.1.1 counts "advertisement and/or withdrawal"). No
 * jitter (RFC 4271 10 suggests it); the event loop asks {@link #nanosUntilNextBatch()} and
 * schedules its own timer.
 *
 * <p>Default 0 s for both eBGP and iBGP: FRR's datacenter profile and what a lab wants. RFC 4271
 * 10 suggests 30 s for eBGP and 5 s for iBGP; set those through {@link #forPeer}.
 *
 * <p>Owned by the speaker's event loop; the clock is injected (nanoseconds, like
 * {@link System#nanoTime()}) so tests advance it by hand.
 */
public final class MraiScheduler {

    public static final Duration DEFAULT_EBGP_INTERVAL = Duration.ZERO;
    public static final Duration DEFAULT_IBGP_INTERVAL = Duration.ZERO;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean sentBefore;
    private long lastBatchAt;

    public MraiScheduler(Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative()) throw new IllegalArgumentException("advertisement-interval must not be negative: " + interval);
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The interval for the peer's kind: eBGP, or iBGP (and local). */
    public static MraiScheduler forPeer(PeerInfo peer, Duration ebgpInterval, Duration ibgpInterval, LongSupplier nanoClock) {
        return new MraiScheduler(peer.isEbgp() ? ebgpInterval : ibgpInterval, nanoClock);
    }

    public static MraiScheduler withDefaults(PeerInfo peer) {
        return forPeer(peer, DEFAULT_EBGP_INTERVAL, DEFAULT_IBGP_INTERVAL, System::nanoTime);
    }

    public Duration interval() { return Duration.ofNanos(intervalNanos); }

    /** Nanoseconds until the next batch may go; 0 when it may go now. */
    public long nanosUntilNextBatch() {
        if (!sentBefore || intervalNanos == 0) return 0;
        long wait = lastBatchAt + intervalNanos - nanoClock.getAsLong();
        return Math.max(0, wait);
    }

    public boolean mayAdvertise() { return nanosUntilNextBatch() == 0; }

    /** The waiting changes of {@code out} when the interval allows and there are any; else an empty list. */
    public List<AdjRibOutChange> takeBatch(AdjRibOut out) {
        if (!out.hasPending() || !mayAdvertise()) return List.of();
        lastBatchAt = nanoClock.getAsLong();
        sentBefore = true;
        return out.takePending();
    }

    /** {@link #takeBatch} for an update group: the waiting changes with what each replaces. */
    public List<AdjRibOut.Transition> takeTransitions(AdjRibOut out) {
        if (!out.hasPending() || !mayAdvertise()) return List.of();
        lastBatchAt = nanoClock.getAsLong();
        sentBefore = true;
        return out.takeTransitions();
    }

    /** {@link #takeBatch} packed into UPDATEs. */
    public List<UpdateMessage> takeMessages(AdjRibOut out, UpdatePacker packer) {
        List<AdjRibOutChange> batch = takeBatch(out);
        return batch.isEmpty() ? List.of() : packer.pack(out.family(), batch);
    }
}
