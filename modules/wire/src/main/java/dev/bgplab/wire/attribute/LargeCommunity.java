package dev.bgplab.wire.attribute;

/** One RFC 8092 large community: three unsigned 32-bit parts, shown "global:local1:local2". */
public record LargeCommunity(long global, long local1, long local2) {
    public LargeCommunity {
        for (long v : new long[] {global, local1, local2}) {
            if (v < 0 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException("large community part out of range: " + v);
        }
    }

    public static LargeCommunity parse(String text) {
        String[] p = text.trim().split(":");
        try {
            if (p.length != 3) throw new NumberFormatException();
            return new LargeCommunity(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a large community (expected G:L1:L2, each 0..4294967295)");
        }
    }

    @Override public String toString() { return global + ":" + local1 + ":" + local2; }
}
