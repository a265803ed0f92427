package dev.bgplab.wire.capability;

/** Enhanced route refresh (RFC 7313). */
public record EnhancedRouteRefreshCapability() implements Capability {
    @Override public int code() { return ENHANCED_ROUTE_REFRESH; }
    @Override public String label() { return "enhanced-route-refresh"; }
}
