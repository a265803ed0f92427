package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.NotificationMessage;

/**
 * Why a connection or session ended. {@code notification} is the NOTIFICATION sent or received
 * (null for TCP_RESET, ADMIN_STOP without a connection, CONNECT_FAILED). {@code wasEstablished}
 * tells the integrator whether routes learnt from the peer must now be withdrawn (RFC 4271 8.2.2,
 * Established: "deletes all routes associated with this connection").
 */
public record DownReason(Kind kind, NotificationMessage notification, String detail, boolean wasEstablished) {

    public enum Kind {
        /** We sent Hold Timer Expired (RFC 4271 6.5). */
        HOLD_TIMER_EXPIRED,
        /** The peer closed or reset TCP without a NOTIFICATION. */
        TCP_RESET,
        /** The peer sent a NOTIFICATION. */
        NOTIFICATION_RECEIVED,
        /** We sent a NOTIFICATION: Cease when we stop, an error we detected, a collision loser. */
        NOTIFICATION_SENT,
        /** Stopped by the operator before any connection carried a NOTIFICATION. */
        ADMIN_STOP,
        /** The TCP connection could not be set up. */
        CONNECT_FAILED
    }

    public DownReason {
        detail = detail == null ? "" : detail;
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder(kind.name());
        if (notification != null) b.append(' ').append(notification.describe());
        if (!detail.isEmpty()) b.append(" (").append(detail).append(')');
        return b.toString();
    }
}
