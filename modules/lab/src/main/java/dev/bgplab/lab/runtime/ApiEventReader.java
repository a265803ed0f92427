package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a bgplab speaker's GET /api/events as they come, remembering the last sequence number.
 * A speaker started again counts from 1: {@link #restarted()} resets the position. Used by the
 * thread running the scenario.
 */
final class ApiEventReader {

    private final String node;
    private final List<RouteEvent> collected = new ArrayList<>();
    private final Map<String, String> addressByPeer = new HashMap<>();
    private long seq;

    ApiEventReader(String node) {
        this.node = node;
    }

    synchronized void restarted() {
        seq = 0;
    }

    /** Everything collected so far after fetching what is new; on an unreachable speaker, what was collected. */
    synchronized List<RouteEvent> events(SpeakerApiClient api) {
        if (api == null) {
            return List.copyOf(collected);
        }
        try {
            List<JsonNode> fresh = api.rawEvents(seq);
            if (!fresh.isEmpty() && addressByPeer.isEmpty() || fresh.stream().anyMatch(e -> !e.path("peer").isNull()
                    && !addressByPeer.containsKey(e.path("peer").asText()))) {
                for (Session s : api.sessions()) {
                    addressByPeer.put(s.peer(), s.address());
                }
            }
            for (JsonNode e : fresh) {
                collected.add(api.event(node, e, addressByPeer));
                seq = Math.max(seq, e.path("seq").asLong());
            }
        } catch (RuntimeException e) {
            // stopped, crashed or paused: what it said before stands
        }
        return List.copyOf(collected);
    }
}
