package dev.bgplab.speaker.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import dev.bgplab.speaker.role.RoleSettings;

/**
 * Everything one speaker runs with: identity, listener, management API, originated networks,
 * peers, decision-process options and policy (FRR-style lines), the Azure role it plays (null
 * without one) and whether it programs its best paths into the kernel. Built by {@link ConfigLoader}.
 */
public record SpeakerConfig(
        String source,
        Inet4Address routerId,
        long asn,
        InetAddress listenAddress,
        int listenPort,
        InetAddress apiAddress,
        int apiPort,
        String role,
        List<NetworkConfig> networks,
        List<PeerConfig> peers,
        DecisionSettings decision,
        boolean ebgpRequiresPolicy,
        int gracefulRestartTime,
        String policy,
        int policyLine,
        RoleSettings roleSettings,
        boolean kernelRoutes,
        ApiSecurity apiSecurity) {

    public SpeakerConfig {
        if (apiSecurity == null) apiSecurity = ApiSecurity.NONE;
        networks = List.copyOf(networks);
        peers = List.copyOf(peers);
    }

    /** Without a role and without kernel routes (a speaker on the host). */
    public SpeakerConfig(String source, Inet4Address routerId, long asn, InetAddress listenAddress, int listenPort,
                         InetAddress apiAddress, int apiPort, String role, List<NetworkConfig> networks, List<PeerConfig> peers,
                         DecisionSettings decision, boolean ebgpRequiresPolicy, int gracefulRestartTime, String policy, int policyLine) {
        this(source, routerId, asn, listenAddress, listenPort, apiAddress, apiPort, role, networks, peers, decision,
                ebgpRequiresPolicy, gracefulRestartTime, policy, policyLine, null, false, ApiSecurity.NONE);
    }

    /** This config as a role made it (dev.bgplab.speaker.role.RolePresets). */
    public SpeakerConfig withRole(RoleSettings settings, long asn, List<NetworkConfig> networks, List<PeerConfig> peers, String policy,
                                  boolean ebgpRequiresPolicy) {
        return new SpeakerConfig(source, routerId, asn, listenAddress, listenPort, apiAddress, apiPort, settings.label(), networks,
                peers, decision, ebgpRequiresPolicy, gracefulRestartTime, policy, policyLine, settings, kernelRoutes, apiSecurity);
    }

    /** FRR's `maximum-paths`, `bgp bestpath ...` knobs. */
    public record DecisionSettings(int maximumPathsEbgp, int maximumPathsIbgp, boolean asPathMultipathRelax,
                           boolean compareRouterId, boolean alwaysCompareMed, boolean asPathIgnore) {
        public static final DecisionSettings DEFAULT = new DecisionSettings(64, 64, false, false, false, false);
    }

    public PeerConfig peer(String nameOrAddress) {
        for (PeerConfig p : peers) {
            if (p.name().equals(nameOrAddress) || p.address().getHostAddress().equals(nameOrAddress)) return p;
        }
        return null;
    }
}
