package dev.bgplab.lab.runtime;

import dev.bgplab.lab.route.ObservedRoute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A prefix in a node's table with all its paths. */
public record RouteEntry(String prefix, List<ObservedRoute> paths) {

    public RouteEntry {
        paths = List.copyOf(paths);
    }

    /** Next hops of the selected paths (best and multipath), in order, without repeats. */
    public Set<String> selectedNextHops() {
        Set<String> out = new LinkedHashSet<>();
        paths.stream().filter(ObservedRoute::selected).forEach(p -> out.addAll(p.nextHops()));
        return out;
    }

    public List<ObservedRoute> selectedPaths() {
        return paths.stream().filter(ObservedRoute::selected).toList();
    }

    /** The selected paths as one line: what a route change compares. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (ObservedRoute p : selectedPaths()) {
            parts.add(String.join(",", p.nextHops()) + (p.asPath().isEmpty() ? "" : " [" + p.asPath() + "]"));
        }
        return parts.isEmpty() ? "(no selected path)" : String.join(" | ", parts);
    }

    /** Renders a table as text, one prefix and its paths per block: the "actual RIB" of a report. */
    public static String text(String title, List<RouteEntry> table) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        if (table.isEmpty()) {
            sb.append("  (empty)\n");
        }
        for (RouteEntry e : table) {
            sb.append("  ").append(e.prefix()).append('\n');
            for (ObservedRoute p : e.paths()) {
                sb.append("    ").append(p.line()).append('\n');
            }
        }
        return sb.toString();
    }
}
