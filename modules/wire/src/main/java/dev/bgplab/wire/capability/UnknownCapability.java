package dev.bgplab.wire.capability;

import java.util.Arrays;
import java.util.HexFormat;

/** A capability this speaker does not implement, kept as received so it can be shown. */
public record UnknownCapability(int code, byte[] value) implements Capability {
    public UnknownCapability { value = value.clone(); }
    @Override public byte[] value() { return value.clone(); }
    @Override public String label() { return "unknown capability " + code + (value.length > 0 ? " value " + HexFormat.of().formatHex(value) : ""); }
    @Override public boolean equals(Object o) { return o instanceof UnknownCapability u && u.code == code && Arrays.equals(u.value, value); }
    @Override public int hashCode() { return 31 * code + Arrays.hashCode(value); }
}
