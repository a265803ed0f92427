package dev.bgplab.wire.capability;

import dev.bgplab.wire.nlri.AddressFamily;

/** Multiprotocol extensions (RFC 4760 8): one per AFI/SAFI the speaker carries. */
public record MultiprotocolCapability(int afi, int safi) implements Capability {
    public static MultiprotocolCapability of(AddressFamily f) { return new MultiprotocolCapability(f.afi(), f.safi()); }
    /** The family, or null when this speaker does not know it. */
    public AddressFamily family() { return AddressFamily.of(afi, safi); }
    @Override public int code() { return MULTIPROTOCOL; }
    @Override public String label() {
        AddressFamily f = family();
        return "multiprotocol " + (f != null ? f.label() : "afi " + afi + " safi " + safi);
    }
}
