package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads policy written the way FRR configuration is: prefix-lists, AS-path access lists, community
 * lists, route-maps and the policy lines of {@code router bgp} ({@code neighbor X route-map ...},
 * {@code allowas-in}, {@code local-as}, ...). Lines FRR would accept but that are not policy
 * ({@code neighbor X remote-as}, {@code timers}, ...) are skipped. Errors name the line and what
 * would be valid. Entry point: {@link #parse(String)}.
 */
public final class PolicyParser {

    private static final String MATCH_FORMS = "match ip|ipv6 address prefix-list NAME, match as-path NAME, match community NAME [exact-match], "
            + "match extcommunity NAME, match large-community NAME [exact-match], match ip next-hop prefix-list NAME, "
            + "match ip next-hop address A, match peer A, match origin igp|egp|incomplete, match local-preference N, match metric N";
    private static final String SET_FORMS = "set local-preference [+|-]N, set weight N, set metric [+|-]N, set origin igp|egp|incomplete, "
            + "set ip next-hop A|peer-address|unchanged, set community C...|none [additive], set comm-list NAME delete, "
            + "set large-community L...|none [additive], set large-comm-list NAME delete, set extcommunity rt RT..., "
            + "set as-path prepend ASN...|last-as 1-10, set as-path exclude ASN...|all|as-path-access-list NAME, "
            + "set as-path replace any|ASN|as-path-access-list NAME [ASN]";
    private static final String TOP_FORMS = "route-map NAME permit|deny SEQ, ip|ipv6 prefix-list NAME [seq N] permit|deny PREFIX [ge N] [le N], "
            + "bgp as-path access-list NAME [seq N] permit|deny REGEX, bgp community-list|extcommunity-list|large-community-list "
            + "standard|expanded NAME [seq N] permit|deny ..., router bgp ASN, neighbor A ..., [no] bgp ebgp-requires-policy";
    private static final List<String> NON_POLICY_NEIGHBOR = List.of("remote-as", "description", "update-source", "timers", "ebgp-multihop",
            "activate", "soft-reconfiguration", "password", "bfd", "capability", "interface", "peer-group", "shutdown",
            "advertisement-interval", "ttl-security", "disable-connected-check", "passive", "port", "addpath-tx-all-paths",
            "graceful-restart", "dont-capability-negotiate", "strict-capability-match", "override-capability");

    private final String source;
    private final PolicyConfig.Builder out;
    private final Map<String, List<PrefixList.PrefixRule>> v4 = new LinkedHashMap<>(), v6 = new LinkedHashMap<>();
    private final Map<String, List<AsPathAccessList.AsPathRule>> asLists = new LinkedHashMap<>();
    private final Map<String, ListDraft<Community>> comm = new LinkedHashMap<>();
    private final Map<String, ListDraft<ExtendedCommunity>> ext = new LinkedHashMap<>();
    private final Map<String, ListDraft<LargeCommunity>> large = new LinkedHashMap<>();
    private final Map<String, Map<Integer, EntryDraft>> maps = new LinkedHashMap<>();
    private final Map<String, NeighborPolicy.Builder> neighbors = new LinkedHashMap<>();
    private EntryDraft current;
    private int lineNo;
    private String line;

    private PolicyParser(String source, PolicyConfig base) {
        this.source = source;
        this.out = base.toBuilder();
    }

    /** Parses FRR-like policy text into a new config. */
    public static PolicyConfig parse(String text) {
        return parse("policy", text, PolicyConfig.EMPTY);
    }

    /** Parses text named {@code source} (a file name for messages) on top of {@code base}: lists and maps named again are replaced. */
    public static PolicyConfig parse(String source, String text, PolicyConfig base) {
        PolicyParser p = new PolicyParser(source, base);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            p.lineNo = i + 1;
            p.line = lines[i];
            p.parseLine(lines[i]);
        }
        return p.finish();
    }

    private static final class ListDraft<T> {
        CommunityList.Style style;
        final List<CommunityList.CommunityRule<T>> entries = new ArrayList<>();
    }

    private static final class EntryDraft {
        final int seq;
        final Action action;
        final List<Match> matches = new ArrayList<>();
        final List<SetAction> sets = new ArrayList<>();
        String call;
        ExitPolicy exit = ExitPolicy.EXIT;
        EntryDraft(int seq, Action action) { this.seq = seq; this.action = action; }
    }

    private void parseLine(String raw) {
        String t = raw.strip();
        if (t.isEmpty() || t.startsWith("#")) return;
        if (t.startsWith("!")) { current = null; return; }
        String[] w = t.split("\\s+");
        boolean indented = Character.isWhitespace(raw.charAt(0));
        switch (w[0]) {
            case "match", "set", "call", "on-match", "continue", "description" -> {
                if (current == null) {
                    if (w[0].equals("description")) return;
                    throw error("'" + w[0] + "' belongs inside a route-map entry; start one with 'route-map NAME permit|deny SEQ'");
                }
                routeMapClause(w);
                return;
            }
            case "exit", "end", "exit-address-family", "exit-vrf" -> { current = null; return; }
            default -> { }
        }
        if (!indented || !w[0].equals("neighbor")) current = null;
        switch (w[0]) {
            case "route-map" -> routeMapHeader(w);
            case "ip", "ipv6" -> {
                if (w.length > 1 && w[1].equals("prefix-list")) prefixList(w);
                else if (w.length > 2 && w[0].equals("ip") && w[1].equals("as-path") && w[2].equals("access-list")) asPathList(w, 3);
                else if (w.length > 1 && (w[1].equals("community-list") || w[1].equals("extcommunity-list") || w[1].equals("large-community-list"))) communityList(w);
                else throw error("expected one of: " + TOP_FORMS);
            }
            case "bgp" -> bgp(w);
            case "no" -> no(w);
            case "router" -> { }
            case "address-family", "frr", "hostname", "log", "service", "line", "interface", "debug" -> { }
            case "neighbor" -> neighbor(w, false);
            default -> throw error("expected one of: " + TOP_FORMS);
        }
    }

    private void bgp(String[] w) {
        if (w.length > 2 && w[1].equals("as-path") && w[2].equals("access-list")) { asPathList(w, 3); return; }
        if (w.length > 1 && (w[1].equals("community-list") || w[1].equals("extcommunity-list") || w[1].equals("large-community-list"))) {
            communityList(w);
            return;
        }
        if (w.length == 2 && w[1].equals("ebgp-requires-policy")) { out.ebgpRequiresPolicy(true); return; }
        if (w.length == 4 && w[1].equals("default") && w[2].equals("local-preference")) { out.defaultLocalPref(num(w[3], 0, 0xFFFF_FFFFL)); return; }
        // other bgp router settings (router-id, log-neighbor-changes, ...) are not policy
        if (w.length > 1 && List.of("router-id", "log-neighbor-changes", "bestpath", "graceful-restart", "cluster-id", "deterministic-med",
                "always-compare-med", "network", "default", "suppress-fib-pending", "enforce-first-as").contains(w[1])) return;
        throw error("expected one of: bgp as-path access-list ..., bgp community-list ..., bgp extcommunity-list ..., "
                + "bgp large-community-list ..., [no] bgp ebgp-requires-policy, bgp default local-preference N");
    }

    private void no(String[] w) {
        if (w.length == 3 && w[1].equals("bgp") && w[2].equals("ebgp-requires-policy")) { out.ebgpRequiresPolicy(false); return; }
        if (w.length >= 3 && w[1].equals("neighbor")) { neighbor(Arrays.copyOfRange(w, 1, w.length), true); return; }
        throw error("expected 'no bgp ebgp-requires-policy', 'no neighbor A send-community [standard|extended|large|all]' "
                + "or 'no neighbor A enforce-first-as'");
    }

    // ---- lists

    private int[] seqAndAction(String[] w, int at, String what) {
        int seq = -1;
        if (at < w.length && w[at].equals("seq")) {
            if (at + 1 >= w.length) throw error(what + ": 'seq' needs a number");
            seq = (int) num(w[at + 1], 1, 4294967295L);
            at += 2;
        }
        if (at >= w.length || !(w[at].equals("permit") || w[at].equals("deny"))) {
            throw error(what + ": expected 'permit' or 'deny'" + (seq < 0 ? " (optionally after 'seq N')" : ""));
        }
        return new int[] {seq, w[at].equals("permit") ? 0 : 1, at + 1};
    }

    private static int nextSeq(List<Integer> seqs) {
        return seqs.stream().mapToInt(Integer::intValue).max().orElse(0) + 5;
    }

    private void prefixList(String[] w) {
        AddressFamily f = w[0].equals("ip") ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
        String form = w[0] + " prefix-list NAME [seq N] permit|deny PREFIX|any [ge N] [le N]";
        if (w.length < 3) throw error("expected " + form);
        String name = w[2];
        if (w.length > 3 && w[3].equals("description")) return;
        int[] sa = seqAndAction(w, 3, form);
        if (sa[2] >= w.length) throw error("expected a prefix or 'any' after permit/deny: " + form);
        List<PrefixList.PrefixRule> entries = (f == AddressFamily.IPV4_UNICAST ? v4 : v6).computeIfAbsent(name, k -> new ArrayList<>());
        int seq = sa[0] >= 0 ? sa[0] : nextSeq(entries.stream().map(PrefixList.PrefixRule::seq).toList());
        Prefix p;
        int ge = 0, le = 0;
        int i = sa[2];
        if (w[i].equals("any")) {
            p = f == AddressFamily.IPV4_UNICAST ? Prefix.parse("0.0.0.0/0") : Prefix.parse("::/0");
            le = f.maxPrefixLength();
            i++;
        } else {
            try {
                p = Prefix.parse(w[i]);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            if (p.family() != f) throw error(w[i] + " is not an " + (f == AddressFamily.IPV4_UNICAST ? "IPv4" : "IPv6") + " prefix; use '"
                    + (f == AddressFamily.IPV4_UNICAST ? "ipv6" : "ip") + " prefix-list' for it");
            i++;
            while (i < w.length) {
                if (i + 1 >= w.length) throw error("'" + w[i] + "' needs a length: " + form);
                if (w[i].equals("ge")) ge = (int) num(w[i + 1], 0, f.maxPrefixLength());
                else if (w[i].equals("le")) le = (int) num(w[i + 1], 0, f.maxPrefixLength());
                else throw error("unexpected '" + w[i] + "': " + form);
                i += 2;
            }
        }
        if (i < w.length) throw error("unexpected '" + w[i] + "': " + form);
        Action a = sa[1] == 0 ? Action.PERMIT : Action.DENY;
        try {
            replaceSeq(entries, new PrefixList.PrefixRule(seq, a, p, ge, le), PrefixList.PrefixRule::seq);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void asPathList(String[] w, int nameAt) {
        String form = "bgp as-path access-list NAME [seq N] permit|deny REGEX";
        if (w.length <= nameAt) throw error("expected " + form);
        String name = w[nameAt];
        int[] sa = seqAndAction(w, nameAt + 1, form);
        if (sa[2] >= w.length) throw error("expected a regular expression after permit/deny: " + form);
        String regex = String.join(" ", Arrays.copyOfRange(w, sa[2], w.length));
        List<AsPathAccessList.AsPathRule> entries = asLists.computeIfAbsent(name, k -> new ArrayList<>());
        int seq = sa[0] >= 0 ? sa[0] : nextSeq(entries.stream().map(AsPathAccessList.AsPathRule::seq).toList());
        try {
            replaceSeq(entries, new AsPathAccessList.AsPathRule(seq, sa[1] == 0 ? Action.PERMIT : Action.DENY, regex), AsPathAccessList.AsPathRule::seq);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private void communityList(String[] w) {
        int k = w[0].equals("ip") || w[0].equals("bgp") ? 1 : 0;
        String kind = w[k];
        String form = "bgp " + kind + " standard|expanded NAME [seq N] permit|deny " + switch (kind) {
            case "community-list" -> "AA:NN...|REGEX";
            case "extcommunity-list" -> "rt|soo ASN:NN...|REGEX";
            default -> "G:L1:L2...|REGEX";
        };
        CommunityList.Style style;
        String name;
        int at;
        if (w.length > k + 1 && w[k + 1].matches("\\d+")) {
            // numbered lists: 1-99 standard, 100-500 expanded
            int number = (int) num(w[k + 1], 1, 500);
            style = number < 100 ? CommunityList.Style.STANDARD : CommunityList.Style.EXPANDED;
            name = w[k + 1];
            at = k + 2;
        } else {
            if (w.length < k + 4 || !(w[k + 1].equals("standard") || w[k + 1].equals("expanded"))) throw error("expected " + form);
            style = w[k + 1].equals("standard") ? CommunityList.Style.STANDARD : CommunityList.Style.EXPANDED;
            name = w[k + 2];
            at = k + 3;
        }
        int[] sa = seqAndAction(w, at, form);
        Action a = sa[1] == 0 ? Action.PERMIT : Action.DENY;
        String[] rest = Arrays.copyOfRange(w, sa[2], w.length);
        if (rest.length == 0) throw error("expected communities or a regular expression after permit/deny: " + form);
        try {
            switch (kind) {
                case "community-list" -> addCommunityEntry(comm, name, style, sa[0], a, rest, form, toks -> toks.stream().map(Community::parse).toList());
                case "large-community-list" -> addCommunityEntry(large, name, style, sa[0], a, rest, form, toks -> toks.stream().map(LargeCommunity::parse).toList());
                case "extcommunity-list" -> addCommunityEntry(ext, name, style, sa[0], a, rest, form, this::extCommunities);
                default -> throw error("expected " + form);
            }
        } catch (PolicyParseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private List<ExtendedCommunity> extCommunities(List<String> toks) {
        List<ExtendedCommunity> out = new ArrayList<>();
        for (int i = 0; i < toks.size(); i += 2) {
            String kind = toks.get(i);
            if (!(kind.equals("rt") || kind.equals("soo")) || i + 1 >= toks.size()) {
                throw error("extended communities are written 'rt ASN:NN' or 'soo ASN:NN'");
            }
            out.add(ExtendedCommunity.parse((kind.equals("rt") ? "RT:" : "SoO:") + toks.get(i + 1)));
        }
        return out;
    }

    private <T> void addCommunityEntry(Map<String, ListDraft<T>> lists, String name, CommunityList.Style style, int seq, Action a,
                                       String[] rest, String form, Function<List<String>, List<T>> parse) {
        ListDraft<T> d = lists.computeIfAbsent(name, k -> new ListDraft<>());
        if (d.style != null && d.style != style) throw error("list " + name + " is already " + d.style.name().toLowerCase() + "; a list has one style");
        d.style = style;
        int s = seq >= 0 ? seq : nextSeq(d.entries.stream().map(CommunityList.CommunityRule::seq).toList());
        CommunityList.CommunityRule<T> e = style == CommunityList.Style.STANDARD
                ? CommunityList.CommunityRule.standard(s, a, parse.apply(List.of(rest)))
                : CommunityList.CommunityRule.expanded(s, a, String.join(" ", rest));
        replaceSeq(d.entries, e, CommunityList.CommunityRule::seq);
    }

    private static <E> void replaceSeq(List<E> entries, E e, Function<E, Integer> seq) {
        entries.removeIf(x -> seq.apply(x).equals(seq.apply(e)));
        entries.add(e);
    }

    // ---- route-maps

    private void routeMapHeader(String[] w) {
        if (w.length != 4 || !(w[2].equals("permit") || w[2].equals("deny"))) throw error("expected 'route-map NAME permit|deny SEQ'");
        int seq = (int) num(w[3], 1, 65535);
        Action action = Action.parse(w[2]);
        Map<Integer, EntryDraft> entries = maps.computeIfAbsent(w[1], k -> new LinkedHashMap<>());
        EntryDraft d = entries.get(seq);
        // as in FRR, naming an existing entry again continues it (and may change its permit/deny)
        if (d == null || d.action != action) {
            EntryDraft fresh = new EntryDraft(seq, action);
            if (d != null) {
                fresh.matches.addAll(d.matches);
                fresh.sets.addAll(d.sets);
                fresh.call = d.call;
                fresh.exit = d.exit;
            }
            d = fresh;
            entries.put(seq, d);
        }
        current = d;
    }

    private void routeMapClause(String[] w) {
        switch (w[0]) {
            case "description" -> { }
            case "call" -> {
                if (w.length != 2) throw error("expected 'call NAME'");
                current.call = w[1];
            }
            case "on-match", "continue" -> {
                boolean onMatch = w[0].equals("on-match");
                if (onMatch && w.length == 2 && w[1].equals("next") || !onMatch && w.length == 1) current.exit = ExitPolicy.NEXT;
                else if (onMatch && w.length == 3 && w[1].equals("goto") || !onMatch && w.length == 2) {
                    int target = (int) num(w[w.length - 1], 1, 65535);
                    if (target <= current.seq) throw error("on-match goto " + target + " must jump forward, past this entry's sequence " + current.seq);
                    current.exit = new ExitPolicy.Goto(target);
                } else throw error("expected 'on-match next', 'on-match goto N', 'continue' or 'continue N'");
            }
            case "match" -> current.matches.add(match(w));
            case "set" -> current.sets.add(set(w));
            default -> throw error("expected match, set, call, on-match or continue");
        }
    }

    private Match match(String[] w) {
        String s = String.join(" ", w);
        try {
            if (w.length == 5 && (w[1].equals("ip") || w[1].equals("ipv6")) && w[2].equals("address") && w[3].equals("prefix-list")) {
                return new Match.AddressPrefixList(family(w[1]), w[4]);
            }
            if (w.length == 5 && (w[1].equals("ip") || w[1].equals("ipv6")) && w[2].equals("next-hop") && w[3].equals("prefix-list")) {
                return new Match.NextHopPrefixList(family(w[1]), w[4]);
            }
            if (w.length == 5 && (w[1].equals("ip") || w[1].equals("ipv6")) && w[2].equals("next-hop") && w[3].equals("address")) {
                return new Match.NextHopIs(address(w[4]));
            }
            if (w.length == 4 && w[1].equals("ipv6") && w[2].equals("next-hop")) return new Match.NextHopIs(address(w[3]));
            if (w.length == 3 && w[1].equals("as-path")) return new Match.AsPathList(w[2]);
            if ((w.length == 3 || w.length == 4 && w[3].equals("exact-match")) && w[1].equals("community")) {
                return new Match.CommunityListMatch(w[2], w.length == 4);
            }
            if (w.length == 3 && w[1].equals("extcommunity")) return new Match.ExtCommunityListMatch(w[2]);
            if ((w.length == 3 || w.length == 4 && w[3].equals("exact-match")) && w[1].equals("large-community")) {
                return new Match.LargeCommunityListMatch(w[2], w.length == 4);
            }
            if (w.length == 3 && w[1].equals("peer")) return new Match.PeerAddress(address(w[2]));
            if (w.length == 3 && w[1].equals("origin")) return new Match.OriginIs(origin(w[2]));
            if (w.length == 3 && w[1].equals("local-preference")) return new Match.LocalPreferenceIs(num(w[2], 0, 0xFFFF_FFFFL));
            if (w.length == 3 && w[1].equals("metric")) return new Match.MetricIs(num(w[2], 0, 0xFFFF_FFFFL));
        } catch (PolicyParseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        throw error("'" + s + "' is not a match clause this speaker knows; valid: " + MATCH_FORMS);
    }

    private SetAction set(String[] w) {
        String s = String.join(" ", w);
        try {
            if (w.length == 3 && w[1].equals("local-preference")) return new SetAction.LocalPreference(op(w[2]), num(strip(w[2]), 0, 0xFFFF_FFFFL));
            if (w.length == 3 && w[1].equals("weight")) return new SetAction.Weight(num(w[2], 0, 0xFFFF_FFFFL));
            if (w.length == 3 && w[1].equals("metric")) return new SetAction.Metric(op(w[2]), num(strip(w[2]), 0, 0xFFFF_FFFFL));
            if (w.length == 3 && w[1].equals("origin")) return new SetAction.SetOrigin(origin(w[2]));
            if ((w.length == 4 && w[1].equals("ip") || w.length == 4 && w[1].equals("ipv6")) && w[2].equals("next-hop")) {
                return switch (w[3]) {
                    case "peer-address" -> new SetAction.NextHopPeerAddress();
                    case "unchanged" -> new SetAction.NextHopUnchanged();
                    default -> new SetAction.NextHopAddress(address(w[3]));
                };
            }
            if (w.length == 5 && w[1].equals("ipv6") && w[2].equals("next-hop") && w[3].equals("global")) return new SetAction.NextHopAddress(address(w[4]));
            if (w.length >= 3 && w[1].equals("community")) {
                if (w.length == 3 && w[2].equals("none")) return new SetAction.CommunityNone();
                boolean additive = w[w.length - 1].equals("additive");
                List<String> toks = List.of(Arrays.copyOfRange(w, 2, w.length - (additive ? 1 : 0)));
                if (toks.isEmpty()) throw error("set community needs communities: " + SET_FORMS);
                return new SetAction.SetCommunity(toks.stream().map(Community::parse).toList(), additive);
            }
            if (w.length == 4 && w[1].equals("comm-list") && w[3].equals("delete")) return new SetAction.CommListDelete(w[2]);
            if (w.length >= 3 && w[1].equals("large-community")) {
                if (w.length == 3 && w[2].equals("none")) return new SetAction.LargeCommunityNone();
                boolean additive = w[w.length - 1].equals("additive");
                List<String> toks = List.of(Arrays.copyOfRange(w, 2, w.length - (additive ? 1 : 0)));
                if (toks.isEmpty()) throw error("set large-community needs communities: " + SET_FORMS);
                return new SetAction.SetLargeCommunity(toks.stream().map(LargeCommunity::parse).toList(), additive);
            }
            if (w.length == 4 && w[1].equals("large-comm-list") && w[3].equals("delete")) return new SetAction.LargeCommListDelete(w[2]);
            if (w.length >= 4 && w[1].equals("extcommunity") && w[2].equals("rt")) {
                return new SetAction.ExtCommunityRt(Arrays.stream(w, 3, w.length).map(x -> ExtendedCommunity.parse("RT:" + x)).toList());
            }
            if (w.length >= 4 && w[1].equals("as-path")) return asPathSet(w);
        } catch (PolicyParseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        throw error("'" + s + "' is not a set clause this speaker knows; valid: " + SET_FORMS);
    }

    private SetAction asPathSet(String[] w) {
        switch (w[2]) {
            case "prepend" -> {
                if (w.length == 5 && w[3].equals("last-as")) return new SetAction.AsPathPrependLastAs((int) num(w[4], 1, 10));
                return new SetAction.AsPathPrepend(asns(w, 3));
            }
            case "exclude" -> {
                if (w.length == 4 && w[3].equals("all")) return new SetAction.AsPathExcludeAll();
                if (w.length == 5 && w[3].equals("as-path-access-list")) return new SetAction.AsPathExcludeList(w[4]);
                return new SetAction.AsPathExclude(asns(w, 3));
            }
            case "replace" -> {
                if (w[3].equals("as-path-access-list")) {
                    if (w.length != 5 && w.length != 6) throw error("expected 'set as-path replace as-path-access-list NAME [ASN]'");
                    return new SetAction.AsPathReplace(null, w[4], w.length == 6 ? asn(w[5]) : null);
                }
                if (w.length != 4 && w.length != 5) throw error("expected 'set as-path replace any|ASN [ASN]'");
                Long target = w[3].equals("any") ? null : asn(w[3]);
                return new SetAction.AsPathReplace(target, null, w.length == 5 ? asn(w[4]) : null);
            }
            default -> throw error("expected 'set as-path prepend|exclude|replace ...'; valid: " + SET_FORMS);
        }
    }

    // ---- neighbors

    private void neighbor(String[] w, boolean negated) {
        if (w.length < 3) throw error("expected 'neighbor A OPTION ...'");
        String who = w[1];
        String opt = w[2];
        if (NON_POLICY_NEIGHBOR.contains(opt)) return;
        NeighborPolicy.Builder b = neighbors.computeIfAbsent(who, k -> out.neighbor(k).toBuilder());
        int n = w.length;
        switch (opt) {
            case "route-map", "prefix-list", "filter-list" -> {
                if (n != 5 || !(w[4].equals("in") || w[4].equals("out"))) throw error("expected 'neighbor " + who + " " + opt + " NAME in|out'");
                boolean in = w[4].equals("in");
                String name = negated ? null : w[3];
                switch (opt) {
                    case "route-map" -> { if (in) b.routeMapIn(name); else b.routeMapOut(name); }
                    case "prefix-list" -> { if (in) b.prefixListIn(name); else b.prefixListOut(name); }
                    default -> { if (in) b.filterListIn(name); else b.filterListOut(name); }
                }
            }
            case "allowas-in" -> {
                if (negated) b.allowasIn(0);
                else if (n == 3) b.allowasIn(3);
                else if (n == 4 && w[3].equals("origin")) b.allowasInOrigin();
                else if (n == 4) b.allowasIn((int) num(w[3], 1, 10));
                else throw error("expected 'neighbor " + who + " allowas-in [1-10|origin]'");
            }
            case "as-override" -> b.asOverride(!negated);
            case "remove-private-AS", "remove-private-as" -> {
                List<String> flags = List.of(Arrays.copyOfRange(w, 3, n));
                boolean all = flags.contains("all"), replace = flags.contains("replace-AS") || flags.contains("replace-as");
                if (flags.size() != (all ? 1 : 0) + (replace ? 1 : 0)) throw error("expected 'neighbor " + who + " remove-private-AS [all] [replace-AS]'");
                b.removePrivateAs(negated ? RemovePrivateAs.NONE : all ? (replace ? RemovePrivateAs.ALL_REPLACE_AS : RemovePrivateAs.ALL)
                        : replace ? RemovePrivateAs.REPLACE_AS : RemovePrivateAs.PLAIN);
            }
            case "local-as" -> {
                if (negated) { b.noLocalAs(); return; }
                if (n < 4 || n > 6) throw error("expected 'neighbor " + who + " local-as ASN [no-prepend [replace-as]]'");
                boolean noPrepend = n >= 5 && w[4].equals("no-prepend");
                boolean replaceAs = n == 6 && w[5].equals("replace-as");
                if (n >= 5 && !noPrepend || n == 6 && !replaceAs) throw error("expected 'neighbor " + who + " local-as ASN [no-prepend [replace-as]]'");
                b.localAs(asn(w[3]), noPrepend, replaceAs);
            }
            case "enforce-first-as" -> b.enforceFirstAs(!negated);
            case "route-server-client" -> b.routeServerClient(!negated);
            case "next-hop-self" -> {
                if (n > 4 || n == 4 && !w[3].equals("force")) throw error("expected 'neighbor " + who + " next-hop-self [force]'");
                b.nextHopSelf(!negated);
            }
            case "attribute-unchanged" -> {
                List<String> what = n == 3 ? List.of("as-path", "next-hop", "med") : List.of(Arrays.copyOfRange(w, 3, n));
                for (String a : what) {
                    switch (a) {
                        case "as-path" -> b.asPathUnchanged(!negated);
                        case "next-hop" -> b.nextHopUnchanged(!negated);
                        case "med" -> b.medUnchanged(!negated);
                        default -> throw error("expected 'neighbor " + who + " attribute-unchanged [as-path] [next-hop] [med]'");
                    }
                }
            }
            case "solo" -> b.solo(!negated);
            case "sender-as-path-loop-detection" -> b.senderAsPathLoopDetection(!negated);
            case "send-community" -> {
                NeighborPolicy cur = b.build();
                boolean std = cur.sendCommunity(), ex = cur.sendExtendedCommunity(), lg = cur.sendLargeCommunity();
                String which = n == 3 ? "standard" : w[3];
                boolean v = !negated;
                switch (which) {
                    case "standard" -> std = v;
                    case "extended" -> ex = v;
                    case "large" -> lg = v;
                    case "both" -> { std = v; ex = v; }
                    case "all" -> { std = v; ex = v; lg = v; }
                    default -> throw error("expected 'neighbor " + who + " send-community [standard|extended|large|both|all]'");
                }
                b.sendCommunity(std, ex, lg);
            }
            case "default-originate" -> b.defaultOriginate(!negated);
            case "weight" -> {
                if (negated) { b.weight(null); return; }
                if (n != 4) throw error("expected 'neighbor " + who + " weight 0-65535'");
                b.weight((int) num(w[3], 0, 65535));
            }
            case "maximum-prefix" -> {
                if (negated) { b.maximumPrefix(null); return; }
                if (n < 4) throw error("expected 'neighbor " + who + " maximum-prefix N [THRESHOLD] [restart MINUTES|warning-only]'");
                long limit = num(w[3], 1, 0xFFFF_FFFFL);
                int threshold = 75;
                Integer restart = null;
                boolean warningOnly = false;
                int i = 4;
                if (i < n && w[i].matches("\\d+")) threshold = (int) num(w[i++], 1, 100);
                if (i < n && w[i].equals("warning-only")) { warningOnly = true; i++; }
                else if (i + 1 < n && w[i].equals("restart")) { restart = (int) num(w[i + 1], 1, 65535); i += 2; }
                if (i < n) throw error("expected 'neighbor " + who + " maximum-prefix N [THRESHOLD] [restart MINUTES|warning-only]'");
                b.maximumPrefix(new MaximumPrefix(limit, threshold, restart, warningOnly));
            }
            default -> throw error("'neighbor " + who + " " + opt + "' is not a policy option this speaker knows; valid: route-map, prefix-list, "
                    + "filter-list, allowas-in, as-override, remove-private-AS, local-as, enforce-first-as, route-server-client, next-hop-self, "
                    + "attribute-unchanged [as-path] [next-hop] [med], solo, sender-as-path-loop-detection, send-community, default-originate, "
                    + "weight, maximum-prefix");
        }
    }

    // ---- finish

    private PolicyConfig finish() {
        try {
            v4.forEach((n, e) -> out.prefixList(new PrefixList(n, AddressFamily.IPV4_UNICAST, e)));
            v6.forEach((n, e) -> out.prefixList(new PrefixList(n, AddressFamily.IPV6_UNICAST, e)));
            asLists.forEach((n, e) -> out.asPathList(new AsPathAccessList(n, e)));
            comm.forEach((n, d) -> out.communityList(new CommunityList<>(n, d.style, d.entries)));
            ext.forEach((n, d) -> out.extCommunityList(new CommunityList<>(n, d.style, d.entries)));
            large.forEach((n, d) -> out.largeCommunityList(new CommunityList<>(n, d.style, d.entries)));
            maps.forEach((n, entries) -> out.routeMap(new RouteMap(n, entries.values().stream()
                    .map(d -> new RouteMapEntry(d.seq, d.action, d.matches, d.sets, d.call, d.exit)).toList())));
            neighbors.forEach((n, b) -> out.neighbor(n, b.build()));
        } catch (IllegalArgumentException e) {
            throw new PolicyParseException(source, lineNo, "", e.getMessage());
        }
        return out.build();
    }

    // ---- tokens

    private PolicyParseException error(String message) {
        return new PolicyParseException(source, lineNo, line, message);
    }

    private long num(String s, long min, long max) {
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a number in " + min + ".." + max);
        }
    }

    private long asn(String s) {
        try {
            return AsPath.parseAsn(s, s);
        } catch (IllegalArgumentException e) {
            throw error("'" + s + "' is not an AS number (1..4294967295 or asdot)");
        }
    }

    private List<Long> asns(String[] w, int from) {
        if (from >= w.length) throw error("expected at least one AS number");
        List<Long> out = new ArrayList<>();
        for (int i = from; i < w.length; i++) out.add(asn(w[i]));
        return out;
    }

    private static SetAction.ValueOp op(String s) {
        return s.startsWith("+") ? SetAction.ValueOp.ADD : s.startsWith("-") ? SetAction.ValueOp.SUBTRACT : SetAction.ValueOp.SET;
    }

    private static String strip(String s) { return s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s; }

    private static AddressFamily family(String ip) { return ip.equals("ip") ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST; }

    private Origin origin(String s) {
        return switch (s) {
            case "igp" -> Origin.IGP;
            case "egp" -> Origin.EGP;
            case "incomplete" -> Origin.INCOMPLETE;
            default -> throw error("origin is igp, egp or incomplete, not '" + s + "'");
        };
    }

    private InetAddress address(String s) {
        if (!s.matches("[0-9a-fA-F:.]+")) throw error("'" + s + "' is not an IP address");
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw error("'" + s + "' is not an IP address");
        }
    }
}
