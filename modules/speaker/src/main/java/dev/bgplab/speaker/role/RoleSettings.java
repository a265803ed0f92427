package dev.bgplab.speaker.role;

import dev.bgplab.wire.nlri.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a speaker's {@code role:} resolved to: the role, the Azure-side settings (virtual network,
 * branch-to-branch, routing preference), each peer's connection kind, the limits the role enforces
 * in code, and every preset value with where its effective value came from (preset, overrides, or a
 * plain config field), so the API and the lab report can say which values a what-if lab changed.
 * {@code gateway} and {@code hostRoutePeers}: an SD-WAN NVA's subnet gateway (or null) and the
 * Route Server / hub instances it gets /32 host routes to through it (see RoleSteps#hostRoutes).
 * Immutable.
 */
public record RoleSettings(
        AzureRole role,
        boolean msee,
        List<Prefix> virtualNetwork,
        boolean branchToBranch,
        RoutingPreference routingPreference,
        Map<String, Connection> connections,
        Set<String> propagateDefault,
        long routesPerPeer,
        long routesToCircuit,
        boolean nvaToNva,
        List<StaticRoute> staticRoutes,
        java.net.InetAddress gateway,
        List<java.net.InetAddress> hostRoutePeers,
        List<PresetValue> values) {

    public RoleSettings {
        virtualNetwork = List.copyOf(virtualNetwork);
        connections = Map.copyOf(connections);
        propagateDefault = Set.copyOf(propagateDefault);
        values = List.copyOf(values);
        staticRoutes = List.copyOf(staticRoutes);
        hostRoutePeers = List.copyOf(hostRoutePeers);
    }

    /** A static route of the Azure resource (a VPN connection with static routing): installed in the kernel, not in BGP. */
    public record StaticRoute(Prefix prefix, java.net.InetAddress nextHop) {
        @Override public String toString() { return prefix + " via " + nextHop.getHostAddress(); }
    }

    /** One preset value: its name, the role's default, the value in force, and who set it. */
    public record PresetValue(String name, String preset, String effective, Source source, boolean unconfirmed) {
        public boolean overridden() { return source != Source.PRESET; }
    }

    public enum Source { PRESET, OVERRIDES, CONFIG }

    /** The connection kind of a peer (by name); never null for a configured peer. */
    public Connection connection(String peerName) { return connections.get(peerName); }

    public List<PresetValue> overridden() { return values.stream().filter(PresetValue::overridden).toList(); }

    /** The label the API and reports show: the role, and "(MSEE side)" for ExpressRoute's 12076 edge. */
    public String label() { return role.label() + (msee ? " (MSEE side)" : ""); }
}
