package dev.bgplab.speaker.policy;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code ip prefix-list} / {@code ipv6 prefix-list} with FRR's rules (lib/plist.c): without ge/le a
 * prefix matches only at exactly the entry's length; with them its length must lie in [ge, le]
 * (ge defaults to the entry's length, le to the family maximum) and it must fall inside the entry.
 * The first matching entry decides; no match denies; a list with no entries permits everything.
 */
public record PrefixList(String name, AddressFamily family, List<PrefixRule> entries) {

    /** One entry; {@code ge}/{@code le} are 0 when not given. */
    public record PrefixRule(int seq, Action action, Prefix prefix, int ge, int le) {
        public PrefixRule {
            int len = prefix.length(), max = prefix.family().maxPrefixLength();
            // FRR: "Invalid prefix range for P, make sure: len < ge <= le"
            if (ge != 0 && (ge <= len || ge > max)) throw invalid(prefix, ge, le);
            if (le != 0 && (le < len || le > max)) throw invalid(prefix, ge, le);
            if (ge != 0 && le != 0 && ge > le) throw invalid(prefix, ge, le);
        }

        private static IllegalArgumentException invalid(Prefix p, int ge, int le) {
            return new IllegalArgumentException("invalid prefix range for " + p + (ge != 0 ? " ge " + ge : "") + (le != 0 ? " le " + le : "")
                    + ", make sure: len < ge <= le <= " + p.family().maxPrefixLength());
        }

        public boolean matches(Prefix p) {
            if (p.family() != prefix.family() || !prefix.contains(p)) return false;
            if (ge == 0 && le == 0) return p.length() == prefix.length();
            if (le != 0 && p.length() > le) return false;
            return ge == 0 || p.length() >= ge;
        }

        public String text() {
            return "seq " + seq + " " + action.word() + " " + prefix + (ge != 0 ? " ge " + ge : "") + (le != 0 ? " le " + le : "");
        }
    }

    /** What the list said: the action and the deciding entry's seq (-1 for the implicit deny or an empty list). */
    public record PrefixListMatch(Action action, int seq) {
        public boolean permitted() { return action == Action.PERMIT; }
    }

    public PrefixList {
        entries = entries.stream().sorted(Comparator.comparingInt(PrefixRule::seq)).toList();
        for (PrefixRule e : entries) {
            if (e.prefix().family() != family) {
                throw new IllegalArgumentException("prefix-list " + name + ": " + e.prefix() + " is not an " + family.label() + " prefix");
            }
        }
    }

    public Optional<PrefixRule> firstMatch(Prefix p) {
        for (PrefixRule e : entries) if (e.matches(p)) return Optional.of(e);
        return Optional.empty();
    }

    public PrefixListMatch apply(Prefix p) {
        if (entries.isEmpty()) return new PrefixListMatch(Action.PERMIT, -1);
        return firstMatch(p).map(e -> new PrefixListMatch(e.action(), e.seq())).orElse(new PrefixListMatch(Action.DENY, -1));
    }

    /** Address mode, used by {@code match ip next-hop prefix-list}: an entry matches when it contains the address; ge/le are ignored. */
    public PrefixListMatch applyToAddress(InetAddress address) {
        if (entries.isEmpty()) return new PrefixListMatch(Action.PERMIT, -1);
        Prefix host = Prefix.of(address, address.getAddress().length * 8);
        for (PrefixRule e : entries) {
            if (e.prefix().family() == host.family() && e.prefix().contains(host)) return new PrefixListMatch(e.action(), e.seq());
        }
        return new PrefixListMatch(Action.DENY, -1);
    }
}
