package dev.bgplab.wire.attribute;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute this speaker does not know, kept byte for byte. When optional and transitive it
 * is passed on with the Partial bit set (RFC 4271 5); otherwise it is dropped.
 */
public record UnknownAttribute(int flags, int typeCode, byte[] value) implements PathAttribute {
    public UnknownAttribute {
        value = value.clone();
    }

    @Override public byte[] value() { return value.clone(); }

    public boolean isOptionalTransitive() {
        return (flags & FLAG_OPTIONAL) != 0 && (flags & FLAG_TRANSITIVE) != 0;
    }

    @Override public String typeName() { return "UNKNOWN(" + typeCode + ")"; }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute u && u.flags == flags && u.typeCode == typeCode && Arrays.equals(u.value, value);
    }

    @Override public int hashCode() { return 31 * (31 * flags + typeCode) + Arrays.hashCode(value); }

    @Override
    public String toString() {
        return "type " + typeCode + " flags 0x" + Integer.toHexString(flags) + " value " + HexFormat.of().formatHex(value);
    }
}
