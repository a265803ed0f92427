package dev.bgplab.wire.attribute;

import java.util.List;
import java.util.stream.Collectors;

/** One AS_PATH segment (RFC 4271 4.3, RFC 5065 for the confederation types). ASNs are 4-octet, unsigned. */
public record AsPathSegment(Type type, List<Long> asns) {

    public enum Type {
        AS_SET(1, "{", "}"),
        AS_SEQUENCE(2, "", ""),
        AS_CONFED_SEQUENCE(3, "(", ")"),
        AS_CONFED_SET(4, "[", "]");

        private final int code;
        private final String open;
        private final String close;

        Type(int code, String open, String close) {
            this.code = code;
            this.open = open;
            this.close = close;
        }

        public int code() { return code; }
        public boolean isSet() { return this == AS_SET || this == AS_CONFED_SET; }
        public boolean isConfed() { return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET; }

        public static Type of(int code) {
            for (Type t : values()) if (t.code == code) return t;
            return null;
        }
    }

    public AsPathSegment {
        if (type == null) throw new IllegalArgumentException("segment type is null");
        asns = List.copyOf(asns);
        for (Long a : asns) {
            if (a < 0 || a > 0xFFFF_FFFFL) throw new IllegalArgumentException("ASN out of range: " + a);
        }
    }

    public static AsPathSegment sequence(long... asns) {
        return new AsPathSegment(Type.AS_SEQUENCE, java.util.Arrays.stream(asns).boxed().toList());
    }

    public static AsPathSegment set(long... asns) {
        return new AsPathSegment(Type.AS_SET, java.util.Arrays.stream(asns).boxed().toList());
    }

    /** Length contribution for the decision process (RFC 4271 9.1.2.2 a; RFC 5065 5.3). */
    public int pathLength() {
        if (type.isConfed()) return 0;
        return type == Type.AS_SET ? 1 : asns.size();
    }

    @Override
    public String toString() {
        String body = asns.stream().map(String::valueOf).collect(Collectors.joining(" "));
        return type.open + body + type.close;
    }
}
