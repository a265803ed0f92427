package dev.bgplab.speaker.session;

/** The per-connection timers of RFC 4271 8 (IdleHold from the optional DampPeerOscillations set). */
public enum TimerKind {
    CONNECT_RETRY,
    HOLD,
    KEEPALIVE,
    DELAY_OPEN,
    /** Here: the delay before an automatic restart after the session fell to Idle on an error. */
    IDLE_HOLD;

    /** RFC 4271 10: ConnectRetry and Keepalive are jittered by 0.75..1.0; Hold must not be shortened. */
    public boolean jittered() { return this == CONNECT_RETRY || this == KEEPALIVE || this == IDLE_HOLD; }
}
