package dev.bgplab.wire.message;

import dev.bgplab.wire.nlri.AddressFamily;

/**
 * ROUTE-REFRESH (RFC 2918 3). The reserved octet carries the RFC 7313 subtype: 0 normal request,
 * 1 Beginning of Route Refresh (BoRR), 2 End of Route Refresh (EoRR).
 */
public record RouteRefreshMessage(int afi, int safi, int subtype) implements BgpMessage {
    public static final int REQUEST = 0;
    public static final int BORR = 1;
    public static final int EORR = 2;

    public static RouteRefreshMessage request(AddressFamily f) { return new RouteRefreshMessage(f.afi(), f.safi(), REQUEST); }

    public AddressFamily family() { return AddressFamily.of(afi, safi); }
    @Override public int type() { return TYPE_ROUTE_REFRESH; }
}
