package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;

/**
 * What one {@link BgpSession} tells the rest of the speaker (RIB, management API). Called on the
 * session's event loop; implementations must not block it.
 */
public interface SessionListener {

    /** The session reached Established (RFC 4271 8.2.2 OpenConfirm on KeepAliveMsg). */
    default void onEstablished(NegotiatedSession session) { }

    /** An UPDATE received in Established, as decoded (RFC 7606 errors listed in it). */
    default void onUpdate(UpdateMessage update) { }

    /** A ROUTE-REFRESH (RFC 2918, RFC 7313 BoRR/EoRR) received in Established. */
    default void onRouteRefresh(RouteRefreshMessage refresh) { }

    /**
     * The connection ended, or an attempt to set one up failed. When
     * {@link DownReason#wasEstablished()} the routes learnt from this peer must be withdrawn.
     */
    default void onDown(DownReason reason) { }

    SessionListener NONE = new SessionListener() { };
}
