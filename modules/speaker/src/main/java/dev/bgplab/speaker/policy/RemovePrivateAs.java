package dev.bgplab.speaker.policy;

/**
 * {@code neighbor X remove-private-AS [all] [replace-AS]} (eBGP, outbound). PLAIN and REPLACE_AS act
 * only when the whole path is private; ALL and ALL_REPLACE_AS act on any path. The peer's own ASN is
 * always kept (FRR bgp_peer_remove_private_as).
 */
public enum RemovePrivateAs {
    NONE(""), PLAIN("remove-private-AS"), ALL("remove-private-AS all"),
    REPLACE_AS("remove-private-AS replace-AS"), ALL_REPLACE_AS("remove-private-AS all replace-AS");

    private final String command;

    RemovePrivateAs(String command) { this.command = command; }

    public String command() { return command; }
}
