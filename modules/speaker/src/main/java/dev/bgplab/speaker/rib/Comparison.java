package dev.bgplab.speaker.rib;

/**
 * The outcome of comparing two routes for one prefix: which one wins, at which step, and the
 * values that step compared, so an explanation can read "r1 wins over r2: higher local preference
 * (200 vs 100)". {@code multipathEqual} is true when the two tied through the IGP metric step and
 * satisfy the multipath rules, i.e. the loser may share forwarding with the winner (ECMP).
 * Immutable: made on the speaker's event loop by {@link DecisionProcess}, readable from any thread.
 */
public record Comparison(Route winner, Route loser, BestPathStep step, String winnerValue, String loserValue,
                         boolean multipathEqual) {

    /** One sentence for logs and an "explain" view. */
    public String sentence() {
        return describe(winner) + " wins over " + describe(loser) + " on " + step.label() + ": " + step.rule()
                + " (" + winnerValue + " vs " + loserValue + ")";
    }

    private static String describe(Route r) {
        String from = r.source().isLocal() ? "local" : r.source().address().getHostAddress();
        return r.pathId() == 0 ? "path from " + from : "path " + r.pathId() + " from " + from;
    }

    @Override public String toString() { return sentence(); }
}
