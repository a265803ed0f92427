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
 * A route event keeps references to the change's routes and is turned into text only when read:
 * formatting every AS path of a full table as it loads cost more than the rest of the log.
 */
public final class RouteEventLog implements LocRibListener {

    static final int CAPACITY = 100_000;

    /**
     * One event. {@code kind} is {@code route} (the prefix's selected paths now: empty when it is
     * gone) or {@code session} (the peer's new state and, when it went down, why).
     */
    public record Event(long seq, long timeMicros, String kind, String prefix, List<String> nextHops, String asPath,
                        String peer, String state, String reason) {}

    /** As kept: a route event's prefix and routes, or a session event's text. */
    private record LoggedChange(long seq, long timeMicros, Object prefix, Route best, List<Route> multipath,
                         String peer, String state, String reason) {
        Event event() {
            if (prefix == null) return new Event(seq, timeMicros, "session", null, List.of(), null, peer, state, reason);
            List<String> nhs = new ArrayList<>();
            for (Route r : multipath.isEmpty() && best != null ? List.of(best) : multipath) {
                NextHop nh = r.attributes().nextHop();
                if (nh != null) nhs.add(nh.toString());
            }
            return new Event(seq, timeMicros, "route", prefix.toString(), List.copyOf(nhs),
                    best == null ? null : best.attributes().asPath().toString(),
                    best == null ? null : best.source().isLocal() ? "local" : best.source().name(), null, null);
        }
    }

    private final Clock clock;
    private final Deque<LoggedChange> events = new ArrayDeque<>();
    private long seq;

    public RouteEventLog(Clock clock) {
        this.clock = clock;
    }

    public static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Override
    public void onChange(LocRibChange c) {
        add(micros(clock.instant()), c.prefix(), c.newBest(), c.newMultipath(), null, null, null);
    }

    public void session(String peer, String state, String reason) {
        add(micros(clock.instant()), null, null, List.of(), peer, state, reason);
    }

    private synchronized void add(long at, Object prefix, Route best, List<Route> multipath, String peer, String state,
            String reason) {
        events.addLast(new LoggedChange(++seq, at, prefix, best, multipath, peer, state, reason));
        if (events.size() > CAPACITY) events.removeFirst();
        notifyAll();
    }

    /** Events after {@code since} (a seq), oldest first. */
    public synchronized List<Event> after(long since) {
        List<Event> out = new ArrayList<>();
        for (LoggedChange e : events) if (e.seq() > since) out.add(e.event());
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
