package dev.bgplab.wire.attribute;

/**
 * One descriptor per attribute type this speaker knows, as BIRD's attribute table: its code, name,
 * the Optional/Transitive flags RFC 4271 and later RFCs give it, its exact length rule and what
 * RFC 7606 does with a malformed one. The decoder checks flags and length against this table
 * ({@link #shapeError}) and takes {@link #onMalformed} from it; the encoder takes the flags from it
 * ({@link PathAttribute#flags()}); names in logs, metrics and explain come from it.
 */
public enum AttributeType {
    // code, name, flags, well-known, length rule, RFC 7606 action for a malformed one
    ORIGIN(1, "ORIGIN", PathAttribute.FLAG_TRANSITIVE, true, Length.exactly(1), Malformed.TREAT_AS_WITHDRAW),          // 7.1
    AS_PATH(2, "AS_PATH", PathAttribute.FLAG_TRANSITIVE, true, Length.ANY, Malformed.TREAT_AS_WITHDRAW),              // 7.2
    NEXT_HOP(3, "NEXT_HOP", PathAttribute.FLAG_TRANSITIVE, true, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW),      // 7.3
    MULTI_EXIT_DISC(4, "MULTI_EXIT_DISC", PathAttribute.FLAG_OPTIONAL, false, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW), // 7.4
    LOCAL_PREF(5, "LOCAL_PREF", PathAttribute.FLAG_TRANSITIVE, true, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW),  // 7.5
    ATOMIC_AGGREGATE(6, "ATOMIC_AGGREGATE", PathAttribute.FLAG_TRANSITIVE, true, Length.exactly(0), Malformed.ATTRIBUTE_DISCARD), // 7.6
    AGGREGATOR(7, "AGGREGATOR", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false, Length.AS_SIZE_PLUS_4,
            Malformed.ATTRIBUTE_DISCARD),                                                                                  // 7.7
    COMMUNITIES(8, "COMMUNITIES", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false, Length.multipleOf(4),
            Malformed.TREAT_AS_WITHDRAW),                                                                                  // 7.8
    ORIGINATOR_ID(9, "ORIGINATOR_ID", PathAttribute.FLAG_OPTIONAL, false, Length.exactly(4), Malformed.TREAT_AS_WITHDRAW), // 7.9
    CLUSTER_LIST(10, "CLUSTER_LIST", PathAttribute.FLAG_OPTIONAL, false, Length.multipleOf(4), Malformed.TREAT_AS_WITHDRAW), // 7.10
    MP_REACH_NLRI(14, "MP_REACH_NLRI", PathAttribute.FLAG_OPTIONAL, false, Length.ANY, Malformed.SESSION_RESET),     // 7.11
    MP_UNREACH_NLRI(15, "MP_UNREACH_NLRI", PathAttribute.FLAG_OPTIONAL, false, Length.ANY, Malformed.SESSION_RESET), // 7.11
    EXTENDED_COMMUNITIES(16, "EXTENDED_COMMUNITIES", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false,
            Length.multipleOf(8), Malformed.TREAT_AS_WITHDRAW),                                                            // 7.14
    AS4_PATH(17, "AS4_PATH", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false, Length.ANY,
            Malformed.ATTRIBUTE_DISCARD),                                                                                  // RFC 6793 6
    AS4_AGGREGATOR(18, "AS4_AGGREGATOR", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false, Length.exactly(8),
            Malformed.ATTRIBUTE_DISCARD),                                                                                  // RFC 6793 6
    LARGE_COMMUNITY(32, "LARGE_COMMUNITY", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false,
            Length.multipleOf(12), Malformed.TREAT_AS_WITHDRAW),                                                           // RFC 8092 6
    UNKNOWN(-1, "UNKNOWN", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false, Length.ANY, Malformed.ATTRIBUTE_DISCARD);

    /** What RFC 7606 2 does with an UPDATE holding a malformed attribute of this type. */
    public enum Malformed { TREAT_AS_WITHDRAW, ATTRIBUTE_DISCARD, SESSION_RESET }

    /** A value length rule: exactly N octets, a non-zero multiple of N, the AS size plus 4, or any. */
    public record Length(int exact, int unit, boolean asSizePlus4) {
        public static final Length ANY = new Length(-1, 0, false);
        public static final Length AS_SIZE_PLUS_4 = new Length(-1, 0, true);
        public static Length exactly(int n) { return new Length(n, 0, false); }
        public static Length multipleOf(int n) { return new Length(-1, n, false); }

        public boolean fits(int len, int asSize) {
            if (asSizePlus4) return len == asSize + 4;
            if (exact >= 0) return len == exact;
            if (unit > 0) return len > 0 && len % unit == 0;
            return true;
        }
    }

    private final int code;
    private final String label;
    private final int flags;
    private final boolean wellKnown;
    private final Length length;
    private final Malformed onMalformed;

    AttributeType(int code, String label, int flags, boolean wellKnown, Length length, Malformed onMalformed) {
        this.code = code;
        this.label = label;
        this.flags = flags;
        this.wellKnown = wellKnown;
        this.length = length;
        this.onMalformed = onMalformed;
    }

    public int code() { return code; }
    public String label() { return label; }
    /** Optional and transitive bits as RFCs define them for this type. */
    public int wellKnownFlags() { return flags; }
    public boolean isWellKnown() { return wellKnown; }
    public Length length() { return length; }
    public Malformed onMalformed() { return onMalformed; }

    /**
     * Why an attribute of this type with these flags and value length is malformed (RFC 7606 3 c:
     * Optional/Transitive bits in conflict with the type; a length the type does not allow), or
     * null when flags and length fit. The value itself is the decoder's to judge.
     */
    public String shapeError(int wireFlags, int valueLength, int asSize) {
        if ((wireFlags & (PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE)) != flags) return label + " flags";
        if (!length.fits(valueLength, asSize)) return label + " length " + valueLength;
        return null;
    }

    private static final AttributeType[] BY_CODE = new AttributeType[256];
    static {
        for (AttributeType t : values()) if (t.code >= 0) BY_CODE[t.code] = t;
    }

    public static AttributeType of(int code) {
        AttributeType t = code >= 0 && code < 256 ? BY_CODE[code] : null;
        return t == null ? UNKNOWN : t;
    }
}
