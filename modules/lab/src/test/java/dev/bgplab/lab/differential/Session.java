package dev.bgplab.lab.differential;

import java.util.Arrays;

/**
 * The sessions of the device under test that carry differential cases. Outbound options each get
 * their own collector (address {@code .host}, ASN {@code collectorAsn}); the collector's remote-as is
 * what the DUT presents ({@code dutAsnSeen}: 65010, or the local-as). ALLOWAS and ORIGIN are inbound
 * options on the injector sessions; their routes are read at the RM collector, which changes nothing
 * for prefixes no case of its route-map selects.
 */
enum Session {
    RM("rm", 20, 3000, 65010, "route-map CASES out", "route-map-out: CASES", "route-map CASES out", ""),
    RPA("rpa", 21, 3001, 65010, "neighbor remove-private-AS", "remove-private-as: true", "remove-private-AS", "remove-private-AS"),
    /** remove-private-AS cases where FRR 8.4 sends a malformed UPDATE, which resets the session, on collectors of their own. */
    RPA_X("rpa-x", 30, 3010, 65010, "neighbor remove-private-AS", "remove-private-as: true", "remove-private-AS", "remove-private-AS"),
    RPA_ALL_X("rpa-all-x", 31, 3011, 65010, "neighbor remove-private-AS all", "remove-private-as: all",
            "remove-private-AS all", "remove-private-AS all"),
    RPA_ALL("rpa-all", 22, 65030, 65010, "neighbor remove-private-AS all", "remove-private-as: all",
            "remove-private-AS all", "remove-private-AS all"),
    RPA_REPLACE("rpa-replace", 23, 3003, 65010, "neighbor remove-private-AS replace-AS", "remove-private-as: replace-as",
            "remove-private-AS replace-AS", "remove-private-AS replace-AS"),
    RPA_ALL_REPLACE("rpa-all-replace", 24, 65040, 65010, "neighbor remove-private-AS all replace-AS",
            "remove-private-as: all-replace-as", "remove-private-AS all replace-AS", "remove-private-AS all replace-AS"),
    OVERRIDE("override", 25, 4200000020L, 65010, "neighbor as-override", "as-override: true", "as-override", "as-override"),
    LOCAL_AS("local-as", 26, 3006, 65111, "neighbor local-as 65111", "local-as: '65111'", "", "local-as"),
    LOCAL_AS_NP("local-as-np", 27, 3007, 65111, "neighbor local-as 65111 no-prepend", "local-as: '65111 no-prepend'", "",
            "local-as no-prepend"),
    LOCAL_AS_NP_RA("local-as-np-ra", 28, 3008, 4200000111L, "neighbor local-as 4200000111 no-prepend replace-as",
            "local-as: '4200000111 no-prepend replace-as'", "", "local-as no-prepend replace-as"),
    ALLOWAS("allowas", 0, 0, 0, "neighbor allowas-in 2 (inbound)", "", "", "allowas-in N"),
    ORIGIN("origin", 0, 0, 0, "neighbor allowas-in origin (inbound)", "", "", "allowas-in origin");

    final String key;
    final int host;
    final long collectorAsn;
    final long dutAsnSeen;
    final String command;
    final String yaml;
    final String frrAfLine;
    final String family;

    Session(String key, int host, long collectorAsn, long dutAsnSeen, String command, String yaml, String frrAfLine,
            String family) {
        this.key = key;
        this.host = host;
        this.collectorAsn = collectorAsn;
        this.dutAsnSeen = dutAsnSeen;
        this.command = command;
        this.yaml = yaml;
        this.frrAfLine = frrAfLine;
        this.family = family;
    }

    boolean hasCollector() {
        return host != 0;
    }

    /** The collector that shows this session's output. */
    Session collector() {
        return hasCollector() ? this : RM;
    }

    /** The FRR router-level neighbor line (local-as lives there, not in the address family). */
    String frrRouterLine() {
        return command.startsWith("neighbor local-as") ? command.substring("neighbor ".length()) : "";
    }

    static Session of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown session '" + key + "'; valid: "
                        + Arrays.stream(values()).map(s -> s.key).toList()));
    }
}
