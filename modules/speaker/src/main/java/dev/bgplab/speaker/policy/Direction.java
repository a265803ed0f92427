package dev.bgplab.speaker.policy;

/** Which way a route crosses a session: received from the peer (in) or advertised to it (out). */
public enum Direction {
    IN, OUT;

    public String word() { return this == IN ? "in" : "out"; }
}
