package dev.bgplab.speaker.role;

import java.util.Arrays;
import java.util.List;

/** The roles a speaker config's {@code role:} accepts: Microsoft's side of Azure hybrid networking and the SD-WAN NVA. */
public enum AzureRole {
    ROUTE_SERVER("azure-route-server"),
    VWAN_HUB("azure-vwan-hub"),
    VPN_GATEWAY("azure-vpn-gateway"),
    EXPRESSROUTE_GATEWAY("azure-expressroute-gateway"),
    SDWAN_NVA("sdwan-nva");

    private final String label;

    AzureRole(String label) { this.label = label; }

    public String label() { return label; }

    /** True for the roles Microsoft runs (ASN 65515 or 12076, timers 60/180); false for the customer's NVA. */
    public boolean isMicrosoft() { return this != SDWAN_NVA; }

    public static List<String> labels() { return Arrays.stream(values()).map(AzureRole::label).toList(); }

    /** The role for a label, or null when unknown. */
    public static AzureRole fromLabel(String label) {
        for (AzureRole r : values()) if (r.label.equals(label)) return r;
        return null;
    }
}
