package dev.bgplab.wire.codec;

import dev.bgplab.wire.message.NotificationMessage;

/** A received message that ends the session: carries the NOTIFICATION RFC 4271 6 asks to send. */
public final class BgpProtocolException extends Exception {
    private final NotificationMessage notification;

    public BgpProtocolException(NotificationMessage notification, String detail) {
        super(notification.describe() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.notification = notification;
    }

    public BgpProtocolException(int code, int subcode, byte[] data, String detail) {
        this(new NotificationMessage(code, subcode, data), detail);
    }

    public NotificationMessage notification() { return notification; }
}
