package dev.bgplab.lab.frrinterop;

import dev.bgplab.lab.interop.InteropMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Several interop matrix cells checked in one test: every cell is recorded even when an earlier
 * one fails, and the test fails at the end with the first failure (the others are suppressed).
 */
final class MatrixChecks {
    private final List<Throwable> failures = new ArrayList<>();

    /** Records the cell for {@link JvmSpeaker#FRR}; a failure is kept for {@link #assertAllPassed()}. */
    MatrixChecks check(String feature, InteropMatrix.Check check) {
        try {
            InteropMatrix.check(JvmSpeaker.FRR, feature, check);
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
        return this;
    }

    /** Like {@link #check} but records {@code note} with a pass (what we saw, for the reader of the matrix). */
    MatrixChecks check(String feature, String note, InteropMatrix.Check check) {
        return check(feature, () -> note, check);
    }

    /** Like {@link #check}; the note is asked for after the assertions passed (it may tell what they saw). */
    MatrixChecks check(String feature, Supplier<String> note, InteropMatrix.Check check) {
        int before = failures.size();
        check(feature, check);
        if (failures.size() == before) {
            InteropMatrix.record(JvmSpeaker.FRR, feature, InteropMatrix.CellOutcome.PASS, note.get());
        }
        return this;
    }

    void assertAllPassed() {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable t : failures.subList(1, failures.size())) {
            first.addSuppressed(t);
        }
        if (first instanceof AssertionError a) {
            throw a;
        }
        throw new AssertionError(first.getMessage(), first);
    }
}
