package dev.bgplab.wire.attribute;

/** LOCAL_PREF (RFC 4271 5.1.5), unsigned 32-bit; iBGP only on the wire. */
public record LocalPref(long value) implements PathAttribute {
    public static final long DEFAULT = 100;
    public LocalPref {
        if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("LOCAL_PREF out of range: " + value);
    }
    @Override public int typeCode() { return LOCAL_PREF; }
}
