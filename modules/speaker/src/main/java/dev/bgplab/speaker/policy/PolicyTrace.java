package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.PathAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The steps one policy run took, in order, each with the AS path before and after and the other
 * attributes it changed, for {@code explain}. Immutable once built.
 */
public record PolicyTrace(List<TraceStep> steps) {

    public enum StepKind {
        /** A check the route passed (loop check, enforce-first-as, a prefix-list or filter-list). */
        CHECK,
        /** A route-map entry that matched and permitted; {@code clauses} lists its set clauses that changed something. */
        ROUTE_MAP_ENTRY,
        /** One set clause inside a route-map entry. */
        SET,
        /** A neighbor option (local-as, allowas-in, remove-private-AS, as-override, weight). */
        NEIGHBOR,
        /** A protocol default (eBGP prepend, next hop self, MED or LOCAL_PREF handling, send-community). */
        DEFAULT,
        /** The step that dropped the route. */
        REJECT
    }

    public record TraceStep(StepKind kind, String name, AsPath before, AsPath after, List<String> changes, List<String> clauses) {
        public TraceStep {
            changes = List.copyOf(changes);
            clauses = List.copyOf(clauses);
        }
        public boolean asPathChanged() { return !Objects.equals(before, after); }
    }

    public PolicyTrace { steps = List.copyOf(steps); }

    public static final PolicyTrace EMPTY = new PolicyTrace(List.of());

    @Override public String toString() { return steps.stream().map(TraceStep::name).collect(Collectors.joining(" -> ")); }

    /** Collects steps during one run; owned by that run. */
    /**
     * Collects steps; a disabled builder records nothing, so the per-route path (a million routes
     * on a full table) pays for no strings, and explain re-runs the policy with tracing on.
     */
    static final class Builder {
        private final List<TraceStep> steps;

        Builder() { this(true); }

        Builder(boolean enabled) { steps = enabled ? new ArrayList<>() : null; }

        void add(StepKind kind, String name, PathAttributes before, int weightBefore, PathAttributes after, int weightAfter) {
            if (steps == null) return;
            add(kind, name, before, weightBefore, after, weightAfter, List.of());
        }

        void add(StepKind kind, String name, PathAttributes before, int weightBefore, PathAttributes after, int weightAfter, List<String> clauses) {
            if (steps == null) return;
            steps.add(new TraceStep(kind, name, before.asPath(), after.asPath(), changes(before, weightBefore, after, weightAfter), clauses));
        }

        void note(StepKind kind, String name, PathAttributes now) {
            if (steps == null) return;
            steps.add(new TraceStep(kind, name, now.asPath(), now.asPath(), List.of(), List.of()));
        }

        PolicyTrace build() { return steps == null ? EMPTY : new PolicyTrace(steps); }
    }

    /** The attribute changes other than the AS path, in words ("local-preference 100 -> 200"). */
    static List<String> changes(PathAttributes a, int wa, PathAttributes b, int wb) {
        List<String> out = new ArrayList<>();
        diff(out, "local-preference", a.localPref(), b.localPref());
        diff(out, "MED", a.med(), b.med());
        diff(out, "origin", a.origin() == null ? null : a.origin().name(), b.origin() == null ? null : b.origin().name());
        diff(out, "next hop", str(a.nextHop()), str(b.nextHop()));
        diff(out, "communities", join(a.communities()), join(b.communities()));
        diff(out, "extended communities", join(a.extendedCommunities()), join(b.extendedCommunities()));
        diff(out, "large communities", join(a.largeCommunities()), join(b.largeCommunities()));
        if (wa != wb) out.add("weight " + wa + " -> " + wb);
        return out;
    }

    private static String str(NextHop nh) { return nh == null ? null : nh.toString(); }

    private static String join(List<?> l) { return l.isEmpty() ? null : l.stream().map(Object::toString).collect(Collectors.joining(" ")); }

    private static void diff(List<String> out, String what, Object x, Object y) {
        if (Objects.equals(x, y)) return;
        if (x == null) out.add(what + " set to " + y);
        else if (y == null) out.add(what + " " + x + " removed");
        else out.add(what + " " + x + " -> " + y);
    }
}
