package dev.bgplab.wire.message;

import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import java.net.Inet4Address;
import java.util.List;

/**
 * OPEN (RFC 4271 4.2). {@code myAs} is the 2-octet field as sent (AS_TRANS for a 4-octet ASN);
 * {@link #asn()} gives the real ASN from the 4-octet AS capability when present (RFC 6793 4.1).
 */
public record OpenMessage(int version, int myAs, int holdTime, Inet4Address bgpIdentifier,
                          List<Capability> capabilities) implements BgpMessage {
    public OpenMessage {
        capabilities = List.copyOf(capabilities);
    }

    @Override public int type() { return TYPE_OPEN; }

    public long asn() {
        for (Capability c : capabilities) if (c instanceof FourOctetAsCapability f) return f.asn();
        return myAs;
    }

    public <T extends Capability> List<T> capabilities(Class<T> type) {
        return capabilities.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public boolean has(Class<? extends Capability> type) {
        return capabilities.stream().anyMatch(type::isInstance);
    }
}
