package dev.bgplab.wire.attribute;

/**
 * One row per attribute type this speaker knows: its code, name and the flags RFC 4271 and later
 * RFCs give it. The codec and the error handling read this table instead of switching per
 * attribute (BIRD's attribute-descriptor idea).
 */
public enum AttributeType {
    ORIGIN(1, "ORIGIN", PathAttribute.FLAG_TRANSITIVE, true),
    AS_PATH(2, "AS_PATH", PathAttribute.FLAG_TRANSITIVE, true),
    NEXT_HOP(3, "NEXT_HOP", PathAttribute.FLAG_TRANSITIVE, true),
    MULTI_EXIT_DISC(4, "MULTI_EXIT_DISC", PathAttribute.FLAG_OPTIONAL, false),
    LOCAL_PREF(5, "LOCAL_PREF", PathAttribute.FLAG_TRANSITIVE, true),
    ATOMIC_AGGREGATE(6, "ATOMIC_AGGREGATE", PathAttribute.FLAG_TRANSITIVE, true),
    AGGREGATOR(7, "AGGREGATOR", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    COMMUNITIES(8, "COMMUNITIES", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    ORIGINATOR_ID(9, "ORIGINATOR_ID", PathAttribute.FLAG_OPTIONAL, false),
    CLUSTER_LIST(10, "CLUSTER_LIST", PathAttribute.FLAG_OPTIONAL, false),
    MP_REACH_NLRI(14, "MP_REACH_NLRI", PathAttribute.FLAG_OPTIONAL, false),
    MP_UNREACH_NLRI(15, "MP_UNREACH_NLRI", PathAttribute.FLAG_OPTIONAL, false),
    EXTENDED_COMMUNITIES(16, "EXTENDED_COMMUNITIES", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    AS4_PATH(17, "AS4_PATH", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    AS4_AGGREGATOR(18, "AS4_AGGREGATOR", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    LARGE_COMMUNITY(32, "LARGE_COMMUNITY", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false),
    UNKNOWN(-1, "UNKNOWN", PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE, false);

    private final int code;
    private final String label;
    private final int flags;
    private final boolean wellKnown;

    AttributeType(int code, String label, int flags, boolean wellKnown) {
        this.code = code;
        this.label = label;
        this.flags = flags;
        this.wellKnown = wellKnown;
    }

    public int code() { return code; }
    public String label() { return label; }
    /** Optional and transitive bits as RFCs define them for this type. */
    public int wellKnownFlags() { return flags; }
    public boolean isWellKnown() { return wellKnown; }

    private static final AttributeType[] BY_CODE = new AttributeType[256];
    static {
        for (AttributeType t : values()) if (t.code >= 0) BY_CODE[t.code] = t;
    }

    public static AttributeType of(int code) {
        AttributeType t = code >= 0 && code < 256 ? BY_CODE[code] : null;
        return t == null ? UNKNOWN : t;
    }
}
