package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.Route;

/** The outcome of one import or export run: the route as changed, or why it was dropped; and the trace either way. */
public record PolicyResult(Route route, RejectReason reason, PolicyTrace trace) {

    public static PolicyResult accepted(Route r, PolicyTrace t) { return new PolicyResult(r, null, t); }
    public static PolicyResult rejected(RejectReason why, PolicyTrace t) { return new PolicyResult(null, why, t); }

    public boolean isAccepted() { return reason == null; }
}
