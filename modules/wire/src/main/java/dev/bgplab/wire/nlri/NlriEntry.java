package dev.bgplab.wire.nlri;

/**
 * One NLRI: a prefix and, when ADD-PATH (RFC 7911) is negotiated for its family, the path
 * identifier. {@code pathId} is 0 when ADD-PATH is not in use.
 */
public record NlriEntry(Prefix prefix, long pathId) {
    public NlriEntry {
        if (prefix == null) throw new IllegalArgumentException("prefix is null");
        if (pathId < 0 || pathId > 0xFFFF_FFFFL) throw new IllegalArgumentException("path id out of range: " + pathId);
    }

    public static NlriEntry of(Prefix prefix) { return new NlriEntry(prefix, 0); }

    public static NlriEntry of(String prefix) { return new NlriEntry(Prefix.parse(prefix), 0); }

    @Override
    public String toString() {
        return pathId == 0 ? prefix.toString() : prefix + " (path-id " + pathId + ")";
    }
}
