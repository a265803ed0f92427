package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.PathAttributes;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a route-map the way FRR's route_map_apply_ext does (lib/routemap.c):
 * <ul>
 * <li>a missing or empty route-map denies;</li>
 * <li>entries in sequence order; all match clauses must match (an entry without any matches everything);</li>
 * <li>deny entry that matches: deny; permit entry: sets, then {@code call} (a deny there denies; a
 *     missing called map is skipped), then the exit policy: finish and permit, {@code on-match next},
 *     or {@code on-match goto N} (first entry with seq >= N; none left: permit);</li>
 * <li>the last word after falling off the end is deny if any entry failed to match since the last
 *     permit, which is also the implicit deny; so "permit 10 on-match next" followed by a non-matching
 *     entry 20 denies, exactly as FRR does;</li>
 * <li>recursion through call is capped at FRR's RMAP_RECURSION_LIMIT (10): beyond it, deny.</li>
 * </ul>
 */
final class RouteMapEvaluator {

    static final int RECURSION_LIMIT = 10;

    /** The result: permit or deny, and which map/entry decided (seq -1 when implicit; missing when the map does not exist). */
    record RouteMapOutcome(boolean permit, String map, int seq, boolean missing) {}

    private RouteMapEvaluator() {}

    static RouteMapOutcome apply(String mapName, PolicyEnv env, RouteState st, PolicyTrace.Builder trace) {
        return apply(mapName, env, st, trace, 0);
    }

    private static RouteMapOutcome apply(String mapName, PolicyEnv env, RouteState st, PolicyTrace.Builder trace, int depth) {
        RouteMap map = env.config().routeMaps().get(mapName);
        if (depth > RECURSION_LIMIT) return new RouteMapOutcome(false, mapName, -1, false);
        if (map == null || map.entries().isEmpty()) return new RouteMapOutcome(false, mapName, -1, map == null);

        boolean permit = true;
        int decidingSeq = -1;
        List<RouteMapEntry> entries = map.entries();
        for (int i = 0; i < entries.size(); i++) {
            RouteMapEntry e = entries.get(i);
            if (!matchesAll(e, env, st)) {
                permit = false;
                decidingSeq = -1;
                continue;
            }
            if (e.action() == Action.DENY) return new RouteMapOutcome(false, mapName, e.seq(), false);

            permit = true;
            decidingSeq = e.seq();
            PathAttributes entryBefore = st.attributes;
            int entryWeightBefore = st.weight;
            List<String> changing = new ArrayList<>();
            for (SetAction s : e.sets()) {
                PathAttributes b = st.attributes;
                int wb = st.weight;
                s.apply(env, st);
                boolean changed = !b.equals(st.attributes) || wb != st.weight;
                if (changed) changing.add(s.text());
                trace.add(PolicyTrace.StepKind.SET, "route-map " + mapName + " entry " + e.seq() + ": " + s.text(), b, wb, st.attributes, st.weight);
            }
            trace.add(PolicyTrace.StepKind.ROUTE_MAP_ENTRY, "route-map " + mapName + " entry " + e.seq() + " permit",
                    entryBefore, entryWeightBefore, st.attributes, st.weight, changing);
            if (e.call() != null && env.config().routeMaps().containsKey(e.call())) {
                RouteMapOutcome called = apply(e.call(), env, st, trace, depth + 1);
                if (!called.permit()) return called;
            }
            switch (e.exit()) {
                case ExitPolicy.Exit x -> { return new RouteMapOutcome(true, mapName, e.seq(), false); }
                case ExitPolicy.Next x -> { }
                case ExitPolicy.Goto g -> {
                    int j = i + 1;
                    while (j < entries.size() && entries.get(j).seq() < g.seq()) j++;
                    if (j >= entries.size()) return new RouteMapOutcome(true, mapName, e.seq(), false);
                    i = j - 1;
                }
            }
        }
        return new RouteMapOutcome(permit, mapName, permit ? decidingSeq : -1, false);
    }

    private static boolean matchesAll(RouteMapEntry e, PolicyEnv env, RouteState st) {
        for (Match m : e.matches()) if (!m.test(env, st)) return false;
        return true;
    }
}
