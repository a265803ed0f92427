package dev.bgplab.lab.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * When a fault took effect: {@code at}, known to within {@code error} before it (the fault may
 * have taken hold up to that much earlier, never later), and how that was established.
 */
public record FaultTime(Instant at, Duration error, String how) {

    /** A fault that took hold while a call ran from {@code before} to {@code after}. */
    public static FaultTime between(Instant before, Instant after, String how) {
        return new FaultTime(after, Duration.between(before, after), how);
    }

    /** {@code date +%s%N} output (nanoseconds since the epoch). */
    static Instant epochNanos(String text) {
        long n = Long.parseLong(text.strip());
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }
}
