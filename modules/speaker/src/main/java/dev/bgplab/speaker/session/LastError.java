package dev.bgplab.speaker.session;

import java.time.Instant;

/** The most recent reason a neighbor went down, with when it happened (FRR "Last reset"). */
public record LastError(DownReason reason, Instant at) {
    @Override public String toString() { return at + " " + reason; }
}
