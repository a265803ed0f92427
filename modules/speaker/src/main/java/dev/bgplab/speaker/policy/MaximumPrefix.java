package dev.bgplab.speaker.policy;

/**
 * {@code neighbor X maximum-prefix N [THRESHOLD] [restart MINUTES | warning-only]}. The policy only
 * counts and decides; the session owner acts: on {@link PrefixCountLevel#TEAR_DOWN} it sends NOTIFICATION
 * Cease (6) / Maximum Number of Prefixes Reached (subcode 1, RFC 4486) and, with a restart time,
 * reconnects after it. FRR counts accepted prefixes (after inbound policy), so does the speaker (the post-policy Adj-RIB-In's count).
 */
public record MaximumPrefix(long limit, int thresholdPercent, Integer restartMinutes, boolean warningOnly) {

    public static final int CEASE = 6;
    public static final int SUBCODE_MAX_PREFIXES = 1;

    public MaximumPrefix {
        if (limit < 1 || limit > 0xFFFF_FFFFL) throw new IllegalArgumentException("maximum-prefix " + limit + " out of range 1..4294967295");
        if (thresholdPercent < 1 || thresholdPercent > 100) throw new IllegalArgumentException("maximum-prefix threshold " + thresholdPercent + " out of range 1..100");
        if (restartMinutes != null && (restartMinutes < 1 || restartMinutes > 65535)) {
            throw new IllegalArgumentException("maximum-prefix restart " + restartMinutes + " out of range 1..65535 minutes");
        }
        if (restartMinutes != null && warningOnly) throw new IllegalArgumentException("maximum-prefix takes restart or warning-only, not both");
    }

    public static MaximumPrefix of(long limit) { return new MaximumPrefix(limit, 75, null, false); }

    public enum PrefixCountLevel { BELOW, THRESHOLD_REACHED, EXCEEDED_WARNING_ONLY, TEAR_DOWN }

    public record PrefixCountCheck(PrefixCountLevel outcome, long count, long limit, Integer restartMinutes) {
        public boolean tearDown() { return outcome == PrefixCountLevel.TEAR_DOWN; }
    }

    /** The decision for a peer that now holds {@code count} accepted prefixes: over the limit means more than N. */
    public PrefixCountCheck decide(long count) {
        PrefixCountLevel o;
        if (count > limit) o = warningOnly ? PrefixCountLevel.EXCEEDED_WARNING_ONLY : PrefixCountLevel.TEAR_DOWN;
        else if (count * 100 >= limit * thresholdPercent) o = PrefixCountLevel.THRESHOLD_REACHED;
        else o = PrefixCountLevel.BELOW;
        return new PrefixCountCheck(o, count, limit, restartMinutes);
    }
}
