package dev.bgplab.speaker.policy;

import dev.bgplab.wire.nlri.Prefix;

import java.util.Optional;

/** The neighbor prefix-list and filter-list checks shared by import and export (FRR bgp_input_filter / bgp_output_filter). */
final class Filters {

    private Filters() {}

    /** Null when the list permits (or none is configured); a named list that does not exist denies. */
    static RejectReason prefixList(PolicyConfig cfg, String name, Prefix prefix, Direction dir, PolicyTrace.Builder trace, RouteState st) {
        if (name == null) return null;
        PrefixList l = cfg.prefixList(prefix.family(), name);
        String step = "prefix-list " + name + " " + dir.word();
        if (l == null) {
            trace.note(PolicyTrace.StepKind.REJECT, step, st.attributes);
            return new RejectReason.PrefixListDeny(name, -1, true);
        }
        PrefixList.PrefixListMatch v = l.apply(prefix);
        if (!v.permitted()) {
            trace.note(PolicyTrace.StepKind.REJECT, step, st.attributes);
            return new RejectReason.PrefixListDeny(name, v.seq(), false);
        }
        trace.note(PolicyTrace.StepKind.CHECK, step + (v.seq() >= 0 ? " seq " + v.seq() + " permit" : " (empty list permits)"), st.attributes);
        return null;
    }

    static RejectReason filterList(PolicyConfig cfg, String name, Direction dir, PolicyTrace.Builder trace, RouteState st) {
        if (name == null) return null;
        AsPathAccessList l = cfg.asPathLists().get(name);
        String step = "filter-list " + name + " " + dir.word();
        if (l == null) {
            trace.note(PolicyTrace.StepKind.REJECT, step, st.attributes);
            return new RejectReason.FilterListDeny(name, -1, true);
        }
        Optional<AsPathAccessList.AsPathRule> e = l.firstMatch(st.attributes.asPath());
        if (e.isEmpty() || e.get().action() == Action.DENY) {
            trace.note(PolicyTrace.StepKind.REJECT, step, st.attributes);
            return new RejectReason.FilterListDeny(name, e.map(AsPathAccessList.AsPathRule::seq).orElse(-1), false);
        }
        trace.note(PolicyTrace.StepKind.CHECK, step + " seq " + e.get().seq() + " permit", st.attributes);
        return null;
    }
}
