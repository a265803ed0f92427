package dev.bgplab.speaker.policy;

import java.util.List;

/** {@code route-map NAME permit|deny SEQ} with its match clauses (ANDed), set clauses, optional call and exit policy. */
public record RouteMapEntry(int seq, Action action, List<Match> matches, List<SetAction> sets, String call, ExitPolicy exit) {
    public RouteMapEntry {
        matches = List.copyOf(matches);
        sets = List.copyOf(sets);
        if (exit == null) exit = ExitPolicy.EXIT;
        if (exit instanceof ExitPolicy.Goto g && g.seq() <= seq) {
            throw new IllegalArgumentException("on-match goto " + g.seq() + " in entry " + seq + " must jump forward (to a sequence above " + seq + ")");
        }
    }

    public static RouteMapEntry permit(int seq, List<Match> matches, List<SetAction> sets) {
        return new RouteMapEntry(seq, Action.PERMIT, matches, sets, null, ExitPolicy.EXIT);
    }

    public static RouteMapEntry deny(int seq, List<Match> matches) {
        return new RouteMapEntry(seq, Action.DENY, matches, List.of(), null, ExitPolicy.EXIT);
    }

    public RouteMapEntry withCall(String name) { return new RouteMapEntry(seq, action, matches, sets, name, exit); }
    public RouteMapEntry withExit(ExitPolicy e) { return new RouteMapEntry(seq, action, matches, sets, call, e); }
}
