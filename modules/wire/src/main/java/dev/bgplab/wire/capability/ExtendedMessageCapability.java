package dev.bgplab.wire.capability;

/** Extended messages up to 65535 octets (RFC 8654). */
public record ExtendedMessageCapability() implements Capability {
    @Override public int code() { return EXTENDED_MESSAGE; }
    @Override public String label() { return "extended-message"; }
}
