package dev.bgplab.speaker.role;

import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few Azure behaviours that policy lines cannot express, each a named step the speaker calls
 * at one place: {@link #mayExport} (branch-to-branch, NVA-to-NVA), {@link #overRouteLimit} (the
 * Route Server's per-peer limit counted as held plus incoming routes) and
 * {@link #peersToRefresh} (ROUTE-REFRESH to every NVA when the virtual network changes) and
 * {@link #kernelStaticRoutes} (static routes, an SD-WAN NVA's /32s to its Route Server instances).
 * Immutable; made from a config and replaced on reload.
 */
public final class RoleSteps {
    private final RoleSettings s;

    private RoleSteps(RoleSettings s) { this.s = s; }

    /** The steps of a config's role, or null when it has none. */
    public static RoleSteps of(SpeakerConfig c) {
        return c.roleSettings() == null ? null : new RoleSteps(c.roleSettings());
    }

    public RoleSettings settings() { return s; }

    /**
     * Route Server branch-to-branch ({@code allowBranchToBranchTraffic}, default off): routes learned
     * from NVAs do not go to the VPN/ExpressRoute gateways and the gateways' routes do not go to
     * NVAs; the virtual network's own prefixes (local) always do. NVA-to-NVA reflection is on unless
     * {@code overrides: {nva-to-nva: false}} (Microsoft only implies it).
     */
    public boolean mayExport(String fromPeer, String toPeer) {
        if (s.role() != AzureRole.ROUTE_SERVER || fromPeer == null) return true;
        Connection from = s.connection(fromPeer), to = s.connection(toPeer);
        if (from == null || to == null) return true;
        if (!s.branchToBranch() && (from == Connection.NVA && to.isGateway() || from.isGateway() && to == Connection.NVA)) return false;
        return s.nvaToNva() || !(from == Connection.NVA && to == Connection.NVA);
    }

    /** Why {@link #mayExport} said no, for logs and explain. */
    public String exportRefusal(String fromPeer, String toPeer) {
        Connection from = s.connection(fromPeer), to = s.connection(toPeer);
        if (from == Connection.NVA && to == Connection.NVA) return "NVA-to-NVA reflection is off (overrides: nva-to-nva)";
        return "branch-to-branch is off: routes from " + (from == null ? "?" : from.label()) + " peer " + fromPeer
                + " are not exchanged with " + (to == null ? "?" : to.label()) + " peer " + toPeer;
    }

    /**
     * Azure Route Server does not program a learned route equal to or more specific than the virtual
     * network's address space (a supernet, and 0.0.0.0/0, are programmed).
     */
    public boolean programmable(Prefix p) {
        if (s.role() != AzureRole.ROUTE_SERVER) return true;
        for (Prefix v : s.virtualNetwork()) if (v.contains(p)) return false;
        return true;
    }

    /** The Route Server's per-peer route limit (0: none). */
    public long routesPerPeer() { return s.role() == AzureRole.ROUTE_SERVER ? s.routesPerPeer() : 0; }

    /**
     * Azure Route Server counts the routes a peer already holds plus the routes of the incoming
     * UPDATE, so an NVA re-advertising 2001 routes counts 4002.
     */
    public static boolean overRouteLimit(long held, long incoming, long limit) {
        return limit > 0 && held + incoming > limit;
    }

    /**
     * The ExpressRoute gateway's limit on the routes it advertises to the circuit (its MSEE peers,
     * connection {@code expressroute}), 1000 unless {@code overrides: {routes-to-circuit: N}}; 0 for
     * any other peer or role. Over it, the circuit connection drops until the gateway is back under it.
     */
    public long routesToCircuit(String peer) {
        if (s.role() != AzureRole.EXPRESSROUTE_GATEWAY || s.msee() || s.connection(peer) != Connection.EXPRESSROUTE) return 0;
        return s.routesToCircuit();
    }

    /** Over the circuit limit: more routes to advertise than the limit allows (0: none). */
    public static boolean overCircuitLimit(long toAdvertise, long limit) {
        return limit > 0 && toAdvertise > limit;
    }

    /**
     * When a spoke peering or the address space changes, Azure Route Server sends ROUTE-REFRESH to
     * every NVA (a hard reset for an NVA without route refresh): the NVA peers to refresh, or none.
     */
    public List<String> peersToRefresh(SpeakerConfig old, SpeakerConfig next) {
        if (s.role() != AzureRole.ROUTE_SERVER || old.roleSettings() == null
                || Objects.equals(old.roleSettings().virtualNetwork(), s.virtualNetwork())) return List.of();
        List<String> out = new ArrayList<>();
        for (var p : next.peers()) if (s.connection(p.name()) == Connection.NVA) out.add(p.name());
        return out;
    }

    /**
     * An SD-WAN NVA in a spoke reaches the Route Server (or hub router) instances, which sit in
     * another subnet, only through its subnet's gateway: one /32 per instance via {@code
     * azure.gateway}, for every {@code route-server} peer that is not on a connected subnet
     * ({@code connected}: this machine's interface subnets). Without them the multihop session has
     * no route, or follows a route learned over BGP from the instance itself.
     */
    public java.util.Map<Prefix, java.net.InetAddress> hostRoutes(List<Prefix> connected) {
        java.util.Map<Prefix, java.net.InetAddress> out = new java.util.LinkedHashMap<>();
        if (s.gateway() == null) return out;
        for (java.net.InetAddress peer : s.hostRoutePeers()) {
            if (connected.stream().anyMatch(c -> c.contains(peer))) continue; // on-link: no host route needed
            out.put(Prefix.of(peer, 32), s.gateway());
        }
        return out;
    }

    /** What the role puts into the kernel besides BGP routes: {@code azure.static-routes}, then {@link #hostRoutes}. */
    public java.util.Map<Prefix, java.net.InetAddress> kernelStaticRoutes(List<Prefix> connected) {
        java.util.Map<Prefix, java.net.InetAddress> m = new java.util.LinkedHashMap<>();
        for (RoleSettings.StaticRoute r : s.staticRoutes()) m.put(r.prefix(), r.nextHop());
        hostRoutes(connected).forEach(m::putIfAbsent);
        return m;
    }

    /**
     * A Virtual WAN hub with AS Path routing preference: at equal AS-path length a remote hub's route
     * (over the backbone, 65520 65520) wins over an ExpressRoute one (12076 12076), so hub-to-hub
     * traffic stays off the ExpressRoute edge (the bow-tie). Unconfirmed: the reference says AS Path
     * preference fixes the bow-tie; plain BGP tie-breaks (origin, eBGP over iBGP) would pick the
     * ExpressRoute route. Lower wins; 0 for every source otherwise.
     */
    public int sourceRank(String peerName) {
        if (s.role() != AzureRole.VWAN_HUB || s.routingPreference() != RoutingPreference.ASPATH || peerName == null) return 0;
        return s.connection(peerName) == Connection.BACKBONE ? 0 : 1;
    }
}
