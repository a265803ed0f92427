package dev.bgplab.wire.capability;

/** Route refresh (RFC 2918). */
public record RouteRefreshCapability() implements Capability {
    @Override public int code() { return ROUTE_REFRESH; }
    @Override public String label() { return "route-refresh"; }
}
