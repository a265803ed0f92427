package dev.bgplab.wire.capability;

/** A capability advertised in OPEN (RFC 5492). Unknown ones are kept and shown. */
public sealed interface Capability
        permits MultiprotocolCapability, RouteRefreshCapability, EnhancedRouteRefreshCapability,
                FourOctetAsCapability, GracefulRestartCapability, AddPathCapability,
                ExtendedMessageCapability, UnknownCapability {

    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ADD_PATH = 69;
    int ENHANCED_ROUTE_REFRESH = 70;

    int code();

    /** Name as FRR shows it in "show bgp neighbor". */
    String label();
}
