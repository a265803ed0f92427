package dev.bgplab.speaker.role;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a peer is to an Azure role (a peer's {@code azure: {connection: ...}}): the kind decides
 * branch-to-branch, routing preference, limits and default-route propagation.
 */
public enum Connection {
    /** A customer NVA (SD-WAN, firewall) peering with a Route Server or hub router. */
    NVA,
    /** A VPN gateway, or a site-to-site VPN connection (a branch) of a gateway or hub. */
    VPN,
    /** An ExpressRoute gateway or circuit. */
    EXPRESSROUTE,
    /** The Microsoft backbone between two hubs of one Virtual WAN. */
    BACKBONE,
    /** A customer edge router (the CE of an ExpressRoute circuit, a branch VPN device). */
    ON_PREMISES,
    /** An Azure Route Server or hub router instance (the peer of an SD-WAN NVA or a gateway). */
    ROUTE_SERVER;

    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static List<String> labels() { return Arrays.stream(values()).map(Connection::label).toList(); }

    public static Connection fromLabel(String s) {
        for (Connection c : values()) if (c.label().equals(s)) return c;
        return null;
    }

    /** A gateway-side connection: what branch-to-branch keeps apart from NVAs. */
    public boolean isGateway() { return this == VPN || this == EXPRESSROUTE; }
}
