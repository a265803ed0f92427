package dev.bgplab.speaker.policy;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A named route-map: entries in sequence order, with the implicit deny after the last. */
public record RouteMap(String name, List<RouteMapEntry> entries) {
    public RouteMap {
        entries = entries.stream().sorted(Comparator.comparingInt(RouteMapEntry::seq)).toList();
        Set<Integer> seen = new HashSet<>();
        for (RouteMapEntry e : entries) {
            if (!seen.add(e.seq())) throw new IllegalArgumentException("route-map " + name + " has two entries with sequence " + e.seq());
        }
    }
}
