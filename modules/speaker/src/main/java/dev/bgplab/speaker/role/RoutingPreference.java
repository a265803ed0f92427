package dev.bgplab.speaker.role;

import java.util.Arrays;
import java.util.List;

/** Route Server / hub routing preference: which source wins a prefix learned several ways (after longest match). */
public enum RoutingPreference {
    /** Azure's default: an ExpressRoute route beats VPN and NVA routes whatever their AS paths. */
    EXPRESSROUTE("expressroute"),
    /** VPN and NVA routes beat ExpressRoute; between them the shorter AS path wins. */
    VPN_NVA("vpn-nva"),
    /** The shortest AS path wins, whatever the source. */
    ASPATH("aspath");

    private final String label;

    RoutingPreference(String label) { this.label = label; }

    public String label() { return label; }

    public static List<String> labels() { return Arrays.stream(values()).map(RoutingPreference::label).toList(); }

    public static RoutingPreference fromLabel(String s) {
        for (RoutingPreference p : values()) if (p.label.equals(s)) return p;
        return null;
    }
}
