package dev.bgplab.wire.attribute;

/** ORIGIN (RFC 4271 5.1.1). Lower is preferred in the decision process. */
public enum Origin implements PathAttribute {
    IGP(0, "i"), EGP(1, "e"), INCOMPLETE(2, "?");

    private final int code;
    private final String symbol;

    Origin(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() { return code; }
    /** The letter FRR shows after the AS path: i, e or ?. */
    public String symbol() { return symbol; }

    public static Origin of(int code) {
        return switch (code) {
            case 0 -> IGP;
            case 1 -> EGP;
            case 2 -> INCOMPLETE;
            default -> null;
        };
    }

    @Override public int typeCode() { return ORIGIN; }
}
