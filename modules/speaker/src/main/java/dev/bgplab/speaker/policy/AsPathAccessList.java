package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code bgp as-path access-list NAME seq N permit|deny REGEX}: the first entry whose expression
 * matches the FRR string of the path decides; no match denies (FRR as_list_apply).
 */
public record AsPathAccessList(String name, List<AsPathRule> entries) {

    public record AsPathRule(int seq, Action action, String regex, Pattern pattern) {
        public AsPathRule(int seq, Action action, String regex) { this(seq, action, regex, AsPathRegex.compile(regex)); }
        public boolean matches(String frrPath) { return pattern.matcher(frrPath).find(); }
        public String text() { return "seq " + seq + " " + action.word() + " " + regex; }

        // equal by text, not by the compiled Pattern, so configs parsed twice from one text are equal
        @Override public boolean equals(Object o) {
            return o instanceof AsPathRule e && e.seq == seq && e.action == action && e.regex.equals(regex);
        }
        @Override public int hashCode() { return java.util.Objects.hash(seq, action, regex); }
    }

    public AsPathAccessList {
        entries = entries.stream().sorted(Comparator.comparingInt(AsPathRule::seq)).toList();
    }

    /** The entry that decides for this path, if any. */
    public Optional<AsPathRule> firstMatch(AsPath path) {
        String s = AsPathOperations.frrString(path);
        for (AsPathRule e : entries) if (e.matches(s)) return Optional.of(e);
        return Optional.empty();
    }

    public boolean permits(AsPath path) {
        return firstMatch(path).map(e -> e.action() == Action.PERMIT).orElse(false);
    }

    /** True when any entry's expression matches the ASN written alone; used by exclude/replace with a list. */
    public boolean anyEntryMatchesAsn(long asn) {
        String s = Long.toString(asn);
        for (AsPathRule e : entries) if (e.matches(s)) return true;
        return false;
    }
}
