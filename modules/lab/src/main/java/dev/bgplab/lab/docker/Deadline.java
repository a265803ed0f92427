package dev.bgplab.lab.docker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; never waits without a deadline. */
public final class Deadline {

    private Deadline() {
    }

    /**
     * Calls {@code probe} every {@code interval} until it returns a value or {@code timeout} has passed.
     * Exceptions thrown by the probe count as "not yet"; the last one is attached to the failure.
     */
    public static <T> T await(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe)
            throws TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                Optional<T> result = probe.get();
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                TimeoutException timedOut = new TimeoutException(what + ": not reached within " + timeout);
                if (last != null) {
                    timedOut.initCause(last);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            }
        }
    }
}
