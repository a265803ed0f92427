package dev.bgplab.wire.message;

/** The five BGP message types (RFC 4271 4, RFC 2918 3). */
public sealed interface BgpMessage
        permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {
    int HEADER_LENGTH = 19;
    int MAX_LENGTH = 4096;
    /** RFC 8654: after both sides advertise extended messages. */
    int MAX_EXTENDED_LENGTH = 65535;

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5;

    int type();
}
