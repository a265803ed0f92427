package dev.bgplab.speaker.api;

import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.speaker.rib.LocRibListener;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.NextHop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every Loc-RIB change and session transition as it happens, stamped with the wall clock in
 * microseconds, for {@code GET /api/events}: a lab measures convergence from these stamps instead
 * of from when it next looked. The speaker's event loop appends; the API reads from its own
 * threads, so the buffer is guarded by this object's monitor. Keeps the last {@link #CAPACITY}.
 */
public final class RouteEventLog implements LocRibListener {

    static final int CAPACITY = 100_000;

    /**
     * One event. {@code kind} is {@code route} (the prefix's selected paths now: empty when it is
     * gone) or {@code session} (the peer's new state and, when it went down, why).
     */
    public record Event(long seq, long timeMicros, String kind, String prefix, List<String> nextHops, String asPath,
                        String peer, String state, String reason) {}

    private final Clock clock;
    private final Deque<Event> events = new ArrayDeque<>();
    private long seq;

    public RouteEventLog(Clock clock) {
        this.clock = clock;
    }

    public static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Override
    public void onChange(LocRibChange c) {
        long at = micros(clock.instant());
        List<String> nhs = new ArrayList<>();
        for (Route r : c.newMultipath().isEmpty() && c.newBest() != null ? List.of(c.newBest()) : c.newMultipath()) {
            NextHop nh = r.attributes().nextHop();
            if (nh != null) nhs.add(nh.toString());
        }
        Route best = c.newBest();
        add(at, "route", c.prefix().toString(), nhs, best == null ? null : best.attributes().asPath().toString(),
                best == null ? null : best.source().isLocal() ? "local" : best.source().name(), null, null);
    }

    public void session(String peer, String state, String reason) {
        add(micros(clock.instant()), "session", null, List.of(), null, peer, state, reason);
    }

    private synchronized void add(long at, String kind, String prefix, List<String> nhs, String asPath, String peer, String state,
            String reason) {
        events.addLast(new Event(++seq, at, kind, prefix, List.copyOf(nhs), asPath, peer, state, reason));
        if (events.size() > CAPACITY) events.removeFirst();
        notifyAll();
    }

    /** Events after {@code since} (a seq), oldest first. */
    public synchronized List<Event> after(long since) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) if (e.seq() > since) out.add(e);
        return out;
    }

    /** Like {@link #after}, waiting up to {@code millis} for one when there is none yet. */
    public synchronized List<Event> await(long since, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (seq <= since) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) break;
            wait(left);
        }
        return after(since);
    }
}
