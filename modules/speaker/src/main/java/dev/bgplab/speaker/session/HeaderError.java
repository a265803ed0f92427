package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.NotificationMessage;

/** A message header that failed RFC 4271 6.1 checks, passed up the pipeline instead of a frame. */
public record HeaderError(NotificationMessage notification, String detail) {}
