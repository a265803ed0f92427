package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.BgpMessage;

/**
 * Message and session counters of one neighbor, as FRR's "show bgp neighbor" lists them. Written
 * only on the session's event loop; read from any thread (volatile, single writer).
 */
public final class SessionCounters {
    private final long[] in = new long[6];
    private final long[] out = new long[6];
    private volatile long established;
    private volatile long flaps;
    private volatile long version;

    void received(int type) { if (type > 0 && type < in.length) in[type]++; version++; }
    void sent(int type) { if (type > 0 && type < out.length) out[type]++; version++; }
    void established() { established++; }
    void flapped() { flaps++; }

    /** Messages received of a type (BgpMessage.TYPE_*); reading {@code version} publishes the array writes. */
    public long messagesIn(int type) { long v = version; return in[type]; }
    public long messagesOut(int type) { long v = version; return out[type]; }
    public long updatesIn() { return messagesIn(BgpMessage.TYPE_UPDATE); }
    public long updatesOut() { return messagesOut(BgpMessage.TYPE_UPDATE); }
    public long keepalivesIn() { return messagesIn(BgpMessage.TYPE_KEEPALIVE); }
    public long keepalivesOut() { return messagesOut(BgpMessage.TYPE_KEEPALIVE); }
    public long notificationsIn() { return messagesIn(BgpMessage.TYPE_NOTIFICATION); }
    public long notificationsOut() { return messagesOut(BgpMessage.TYPE_NOTIFICATION); }
    public long totalIn() { long v = version; long s = 0; for (long x : in) s += x; return s; }
    public long totalOut() { long v = version; long s = 0; for (long x : out) s += x; return s; }
    /** Transitions into Established. */
    public long establishedTransitions() { return established; }
    /** Transitions out of Established (FRR "Dropped"). */
    public long flaps() { return flaps; }

    @Override public String toString() {
        return "in " + totalIn() + " (upd " + updatesIn() + ", ka " + keepalivesIn() + ", notif " + notificationsIn() + ") out "
                + totalOut() + " (upd " + updatesOut() + ", ka " + keepalivesOut() + ", notif " + notificationsOut() + ") established "
                + established + " flaps " + flaps;
    }
}
