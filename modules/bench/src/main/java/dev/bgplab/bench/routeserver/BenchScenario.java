package dev.bgplab.bench.routeserver;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the table. Load: {@code feeders} feeders each announce {@code prefixes} distinct /24s
 * (disjoint sets), every receiver must hold them all. Failover: two feeders announce the same
 * prefixes with equal AS-path lengths; once every receiver holds them, the TCP session of the
 * feeder most receivers' routes come through is closed and the clock runs until every receiver
 * holds every prefix through the other feeder.
 */
record BenchScenario(int prefixes, int feeders, int receivers, boolean failover) {
    /** Prefixes each receiver ends up holding. */
    int expected() {
        return failover ? prefixes : prefixes * feeders;
    }

    String label() {
        String size = human(prefixes);
        return failover
                ? "failover of " + size + ", " + receivers + " receiver" + (receivers == 1 ? "" : "s") + " (one feeder's TCP closed)"
                : size + " prefixes, " + feeders + " feeder" + (feeders == 1 ? "" : "s") + ", " + receivers + " receiver"
                        + (receivers == 1 ? "" : "s");
    }

    static String human(int n) {
        if (n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return Integer.toString(n);
    }

    static int parseSize(String s) {
        String t = s.trim().toLowerCase();
        int mult = t.endsWith("m") ? 1_000_000 : t.endsWith("k") ? 1_000 : 1;
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Integer.parseInt(t), mult);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--sizes: '" + s + "' is not a size; valid: 100k, 1m, 250000");
        }
    }

    /** The rows for each size: 1 feeder to each receiver count, 2 feeders and failover to the largest. */
    static List<BenchScenario> table(List<Integer> sizes, List<Integer> receivers, boolean twoFeeders, boolean failover) {
        int most = receivers.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<BenchScenario> rows = new ArrayList<>();
        for (int n : sizes) {
            for (int k : receivers) {
                rows.add(new BenchScenario(n, 1, k, false));
            }
            if (twoFeeders) {
                rows.add(new BenchScenario(n, 2, most, false));
            }
            if (failover) {
                rows.add(new BenchScenario(n, 2, most, true));
            }
        }
        return rows;
    }
}
