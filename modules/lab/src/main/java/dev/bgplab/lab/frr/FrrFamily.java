package dev.bgplab.lab.frr;

/** Address families as FRR names them: in commands ({@code ipv4 unicast}) and in JSON keys ({@code ipv4Unicast}). */
public enum FrrFamily {
    IPV4_UNICAST("ipv4 unicast", "ipv4Unicast"),
    IPV6_UNICAST("ipv6 unicast", "ipv6Unicast");

    private final String command;
    private final String jsonKey;

    FrrFamily(String command, String jsonKey) {
        this.command = command;
        this.jsonKey = jsonKey;
    }

    /** As written after {@code show bgp}: {@code ipv4 unicast}. */
    public String command() {
        return command;
    }

    /** As FRR 8.4 keys it in JSON: {@code ipv4Unicast}. */
    public String jsonKey() {
        return jsonKey;
    }
}
