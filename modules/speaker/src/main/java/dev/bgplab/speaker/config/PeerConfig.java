package dev.bgplab.speaker.config;

import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.RemovePrivateAs;

import dev.bgplab.wire.nlri.AddressFamily;
import java.net.InetAddress;
import java.util.Set;

/**
 * One neighbor as configured. Option names follow FRR's `neighbor X ...` commands so an FRR user
 * recognises them. Immutable; a config reload builds new ones.
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
        String routeMapIn,
        String routeMapOut,
        String prefixListIn,
        String prefixListOut,
        boolean nextHopSelf,
        RemovePrivateAs removePrivateAs,
        boolean asOverride,
        int allowasIn,
        boolean allowasInOrigin,
        LocalAs localAs,
        boolean enforceFirstAs,
        boolean routeServerClient,
        MaximumPrefix maximumPrefix,
        boolean defaultOriginate,
        SendCommunity sendCommunity,
        AddPathMode addPath,
        boolean gracefulRestart,
        boolean gracefulRestartRestarting,
        boolean extendedMessages,
        boolean routeRefresh,
        boolean shutdown,
        int line) {

    /**
     * {@code graceful-restart}: true or {@code helper} (the default, as FRR): the capability is sent
     * without address families, so peers drop this speaker's routes at once when it goes away, and
     * this speaker keeps a restarting peer's routes only for the families the peer listed;
     * {@code restart}: the families are listed too (peers keep our routes as stale while we restart);
     * false: no capability.
     */
    public enum GracefulRestartMode { HELPER, RESTART, OFF }


    public enum SendCommunity { ALL, STANDARD, EXTENDED, LARGE, NONE }

    public enum AddPathMode { OFF, RECEIVE, SEND, BOTH }

    /** `neighbor X local-as ASN [no-prepend [replace-as]]`. */
    public record LocalAs(long asn, boolean noPrepend, boolean replaceAs) {}

    /** `neighbor X maximum-prefix N [restart MINUTES | warning-only]`; restartMinutes 0 means stay down. */
}
