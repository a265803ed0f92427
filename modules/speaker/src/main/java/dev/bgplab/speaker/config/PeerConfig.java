package dev.bgplab.speaker.config;

import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.wire.nlri.AddressFamily;
import java.net.InetAddress;
import java.util.Set;

/**
 * One neighbor as configured. Option names follow FRR's `neighbor X ...` commands so an FRR user
 * recognises them. Immutable; a config reload builds new ones.
 *
 * <p>The policy options a peer's YAML may set (route-map-in, local-as, send-community, ...) are held
 * as one {@link NeighborPolicy}, the same type the policy block's `neighbor X ...` lines build, so
 * each option has one owner; {@link NeighborPolicy#overlaidWith} lays them over those lines. Options
 * the YAML has no key for keep their {@link NeighborPolicy#DEFAULTS}.
 */
public record PeerConfig(
        String name,
        InetAddress address,
        int port,
        long asn,
        InetAddress localAddress,
        boolean passive,
        int holdTime,
        int keepalive,
        int connectRetry,
        Set<AddressFamily> families,
        String password,
        int ebgpMultihop,
        int ttlSecurityHops,
        NeighborPolicy policy,
        AddPathMode addPath,
        boolean gracefulRestart,
        boolean gracefulRestartRestarting,
        boolean extendedMessages,
        boolean routeRefresh,
        boolean shutdown,
        Limits limits,
        int line) {

    /**
     * {@code graceful-restart}: true or {@code helper} (the default, as FRR): the capability is sent
     * without address families, so peers drop this speaker's routes at once when it goes away, and
     * this speaker keeps a restarting peer's routes only for the families the peer listed;
     * {@code restart}: the families are listed too (peers keep our routes as stale while we restart);
     * false: no capability.
     */
    public enum GracefulRestartMode { HELPER, RESTART, OFF }

    public enum AddPathMode { OFF, RECEIVE, SEND, BOTH }

    /**
     * What one peer may make the speaker hold (0 = no bound): routes in its Adj-RIB-In and the
     * octets of their path attributes as received; past either the session is reset with Cease /
     * Out of Resources and held down, the reason named in the API. {@code outputQueueLimit} bounds
     * what waits to be sent to it, {@code openHoldTime} how long a connection may sit before OPEN.
     */
    public record Limits(long maxRoutes, long maxAttributeBytes, long outputQueueLimit, int openHoldTime) {
        public static final Limits DEFAULT = new Limits(0, 0, 32L << 20, 240);
    }
}
