package dev.bgplab.speaker.policy;

/** The verdict word of a list entry or route-map entry, as FRR writes it. */
public enum Action {
    PERMIT, DENY;

    public String word() { return this == PERMIT ? "permit" : "deny"; }

    public static Action parse(String s) {
        return switch (s) {
            case "permit" -> PERMIT;
            case "deny" -> DENY;
            default -> throw new IllegalArgumentException("'" + s + "' is neither permit nor deny");
        };
    }
}
