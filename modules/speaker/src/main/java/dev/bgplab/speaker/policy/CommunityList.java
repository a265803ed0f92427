package dev.bgplab.speaker.policy;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A community list of any kind: standard or expanded {@code bgp community-list},
 * {@code bgp extcommunity-list} and {@code bgp large-community-list}, with T the community type.
 * FRR semantics (bgpd/bgp_clist.c): a standard entry matches when the route carries every community
 * the entry lists (all of them, in one entry); with exact-match the route's set must equal the
 * entry's. An expanded entry's regular expression is searched in the route's communities written as
 * FRR shows them, separated by spaces ("" when the route has none). The first matching entry decides;
 * no match is a deny.
 */
public record CommunityList<T>(String name, Style style, List<CommunityRule<T>> entries) {

    public enum Style { STANDARD, EXPANDED }

    public record CommunityRule<T>(int seq, Action action, List<T> members, String regex, Pattern pattern) {
        public static <T> CommunityRule<T> standard(int seq, Action action, List<T> members) {
            return new CommunityRule<>(seq, action, List.copyOf(members), null, null);
        }

        public static <T> CommunityRule<T> expanded(int seq, Action action, String regex) {
            try {
                return new CommunityRule<>(seq, action, List.of(), regex, Pattern.compile(regex));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + regex + "' is not a valid regular expression: " + e.getDescription());
            }
        }

        public boolean isExpanded() { return pattern != null; }

        boolean matches(List<T> present, String presentText, boolean exact) {
            if (isExpanded()) return pattern.matcher(presentText).find();
            if (exact) return new HashSet<>(present).equals(new HashSet<>(members));
            return !members.isEmpty() && present.containsAll(members);
        }

        /** Whether this entry covers one community, as {@code comm-list NAME delete} asks. */
        boolean covers(T one) {
            if (isExpanded()) return pattern.matcher(one.toString()).find();
            return members.contains(one);
        }

        public String text() {
            return "seq " + seq + " " + action.word() + " "
                    + (isExpanded() ? regex : members.stream().map(Object::toString).collect(Collectors.joining(" ")));
        }

        // equal by text, not by the compiled Pattern
        @Override public boolean equals(Object o) {
            return o instanceof CommunityRule<?> e && e.seq == seq && e.action == action && e.members.equals(members)
                    && java.util.Objects.equals(e.regex, regex);
        }
        @Override public int hashCode() { return java.util.Objects.hash(seq, action, members, regex); }
    }

    public CommunityList {
        entries = entries.stream().sorted(Comparator.comparingInt(CommunityRule<T>::seq)).toList();
    }

    public Optional<CommunityRule<T>> firstMatch(List<T> present, boolean exact) {
        String text = present.stream().map(Object::toString).collect(Collectors.joining(" "));
        for (CommunityRule<T> e : entries) if (e.matches(present, text, exact)) return Optional.of(e);
        return Optional.empty();
    }

    public boolean permits(List<T> present, boolean exact) {
        return firstMatch(present, exact).map(e -> e.action() == Action.PERMIT).orElse(false);
    }

    /**
     * {@code set comm-list NAME delete}: each community of the route is looked up on its own; the first
     * entry covering it decides, and a permit entry deletes it (FRR community_list_match_delete).
     */
    public List<T> delete(List<T> present) {
        return present.stream().filter(c -> {
            for (CommunityRule<T> e : entries) if (e.covers(c)) return e.action() != Action.PERMIT;
            return true;
        }).toList();
    }
}
