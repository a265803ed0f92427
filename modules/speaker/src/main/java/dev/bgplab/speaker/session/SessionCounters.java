package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.BgpMessage;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Message and session counters of one neighbor, as FRR's "show bgp neighbor" lists them. Written
 * only on the session's event loop; read from any thread.
 */
public final class SessionCounters {
    private final AtomicLongArray in = new AtomicLongArray(6);
    private final AtomicLongArray out = new AtomicLongArray(6);
    private volatile long established;
    private volatile long flaps;

    void received(int type) { if (type > 0 && type < 6) in.incrementAndGet(type); }
    void sent(int type) { if (type > 0 && type < 6) out.incrementAndGet(type); }
    void established() { established++; } // single writer: the event loop
    void flapped() { flaps++; }

    /** Messages received of a type ({@code BgpMessage.TYPE_*}). */
    public long messagesIn(int type) { return in.get(type); }
    /** Messages sent of a type ({@code BgpMessage.TYPE_*}). */
    public long messagesOut(int type) { return out.get(type); }
    public long updatesIn() { return messagesIn(BgpMessage.TYPE_UPDATE); }
    public long updatesOut() { return messagesOut(BgpMessage.TYPE_UPDATE); }
    public long keepalivesIn() { return messagesIn(BgpMessage.TYPE_KEEPALIVE); }
    public long keepalivesOut() { return messagesOut(BgpMessage.TYPE_KEEPALIVE); }
    public long notificationsIn() { return messagesIn(BgpMessage.TYPE_NOTIFICATION); }
    public long notificationsOut() { return messagesOut(BgpMessage.TYPE_NOTIFICATION); }
    public long totalIn() { long s = 0; for (int t = 1; t < 6; t++) s += in.get(t); return s; }
    public long totalOut() { long s = 0; for (int t = 1; t < 6; t++) s += out.get(t); return s; }
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
