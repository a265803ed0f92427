package dev.bgplab.lab.runtime;

import java.time.Instant;
import java.util.List;

/**
 * Something a node reported as it happened, stamped by the node itself: a route change (its
 * selected next hops now, empty when the prefix is gone) or a session transition. Containers and
 * the host share one kernel clock (CLOCK_REALTIME is not namespaced), so stamps of different
 * nodes and of the harness compare directly.
 *
 * @param source {@code loc-rib} (a bgplab speaker's Loc-RIB, from GET /api/events), {@code kernel}
 *               ({@code ip -ts monitor route} inside the node) or {@code session}
 * @param peer   for a session event: the peer's address as the topology knows it
 */
public record RouteEvent(Instant at, String node, String source, String prefix, List<String> nextHops, String peer,
        String detail, String asPath) {

    public RouteEvent {
        nextHops = List.copyOf(nextHops);
    }

    public boolean isSession() {
        return "session".equals(source);
    }

    /** The state after the event, one line: next hops (and the best path's AS path, when known) or "(absent)". */
    public String state() {
        return nextHops.isEmpty() ? "(absent)" : String.join(",", nextHops) + (asPath == null || asPath.isEmpty() ? "" : " [" + asPath + "]");
    }
}
