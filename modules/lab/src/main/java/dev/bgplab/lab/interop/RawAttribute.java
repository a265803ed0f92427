package dev.bgplab.lab.interop;

import java.util.HexFormat;

/**
 * A path attribute given as bytes: type code, flags octet and value, exactly as they go on the
 * wire (the length is computed by the sender). Only ExaBGP can send one; used for unknown
 * attributes and RFC 7606 malformed-attribute tests.
 */
public record RawAttribute(int code, int flags, byte[] value) {
    public static final int OPTIONAL = 0x80;
    public static final int TRANSITIVE = 0x40;
    public static final int PARTIAL = 0x20;
    public static final int EXTENDED_LENGTH = 0x10;

    public RawAttribute {
        if (code < 0 || code > 255 || flags < 0 || flags > 255) {
            throw new IllegalArgumentException("attribute code and flags are one octet each, got code "
                    + code + " flags " + flags);
        }
        value = value.clone();
    }

    /** An optional transitive attribute with the given code and value in hex ("0102ff"). */
    public static RawAttribute optionalTransitive(int code, String hex) {
        return new RawAttribute(code, OPTIONAL | TRANSITIVE, HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String valueHex() {
        return HexFormat.of().formatHex(value);
    }
}
