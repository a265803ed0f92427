package dev.bgplab.speaker.session;

/** The six states of the BGP finite state machine (RFC 4271 8.2.2). */
public enum FsmState {
    IDLE("Idle"),
    CONNECT("Connect"),
    ACTIVE("Active"),
    OPEN_SENT("OpenSent"),
    OPEN_CONFIRM("OpenConfirm"),
    ESTABLISHED("Established");

    private final String rfcName;

    FsmState(String rfcName) { this.rfcName = rfcName; }

    /** The name RFC 4271 and FRR's "show bgp neighbor" use. */
    public String rfcName() { return rfcName; }

    /** States in which a TCP connection exists and messages flow. */
    public boolean hasConnection() { return this == OPEN_SENT || this == OPEN_CONFIRM || this == ESTABLISHED; }

    @Override public String toString() { return rfcName; }
}
