package dev.bgplab.speaker.api;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.Map;

/**
 * A RIB filter: prefix (exact, or with {@code longer} every more-specific too), peer name or
 * address, address family, and which table (loc, in, in-pre, out).
 */
public record RibRequest(Prefix prefix, boolean longer, String peer, AddressFamily family, String table, int limit) {

    public static RibRequest from(Map<String, String> q) {
        Prefix p = q.containsKey("prefix") ? Prefix.parse(q.get("prefix")) : null;
        AddressFamily f = q.containsKey("family") ? AddressFamily.fromLabel(q.get("family")) : null;
        String table = q.getOrDefault("table", "loc");
        if (!table.matches("loc|in|in-pre|out")) {
            throw new IllegalArgumentException("table '" + table + "' is not one of loc, in (post-policy Adj-RIB-In), in-pre, out");
        }
        int limit;
        try {
            limit = Integer.parseInt(q.getOrDefault("limit", "10000"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number");
        }
        return new RibRequest(p, Boolean.parseBoolean(q.getOrDefault("longer", "false")), q.get("peer"), f, table, limit);
    }

    public boolean matches(Prefix candidate) {
        if (family != null && candidate.family() != family) return false;
        if (prefix == null) return true;
        return longer ? prefix.contains(candidate) : prefix.equals(candidate);
    }
}
