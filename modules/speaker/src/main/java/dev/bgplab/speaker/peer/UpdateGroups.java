package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.rib.AdjRibOut;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speaker's {@link UpdateGroup}s: an Established peer's {@link Exporter} joins the group of
 * its {@link UpdateGroup.Key} (made, with a full export, when it is the first), leaves it when the
 * session ends, and moves when a soft reset out finds its settings changed. Loc-RIB changes are
 * exported once per group.
 *
 * <p>Owned by the speaker's event loop.
 */
public final class UpdateGroups {
    private final PeerEnvironment env;
    private final Map<UpdateGroup.Key, UpdateGroup> groups = new LinkedHashMap<>();

    UpdateGroups(PeerEnvironment env) {
        this.env = env;
    }

    public Collection<UpdateGroup> groups() { return groups.values(); }

    /**
     * The peer's session came up: into its group. A new group exports the whole table and sends
     * it; an existing one sends the newcomer its Adj-RIB-Out (less the newcomer's own routes).
     */
    void join(Exporter e) {
        UpdateGroup.Key key = UpdateGroup.Key.of(e.context(), e.negotiated(), env.roleSteps);
        UpdateGroup g = groups.get(key);
        if (g == null) {
            g = new UpdateGroup(key, env, e.context(), e.negotiated());
            groups.put(key, g);
            g.add(e);
            e.group(g);
            g.exportAll();
            g.sendPending();
            return;
        }
        for (AddressFamily f : AddressFamily.values()) {
            if (g.carries(f)) g.send(List.of(e), f, g.adjRibOut(f).advertisedRoutes(e.name()));
        }
        g.add(e);
        e.group(g);
    }

    /** The peer's session ended: out of its group; an empty group goes with its Adj-RIB-Out. */
    void leave(Exporter e) {
        UpdateGroup g = e.group();
        if (g == null) return;
        g.remove(e);
        e.group(null);
        if (g.isEmpty()) {
            groups.remove(g.key);
            g.close();
        }
    }

    /**
     * The Loc-RIB changed: export once per group, send what MRAI allows. Changes come in order, so
     * when a prefix changed twice the later one is exported last and wins.
     */
    void exportChanged(List<LocRibChange> changed) {
        for (UpdateGroup g : List.copyOf(groups.values())) {
            for (LocRibChange c : changed) g.exportPaths(c.prefix(), c.newMultipath());
            g.sendPending();
        }
    }

    /**
     * Soft reset out for one peer (its context already renewed): with the same settings its group
     * runs export again (for every member: they share the policy); with other settings the peer
     * moves to the group of its new settings and is sent the difference between the two.
     */
    void softResetOut(Exporter e) {
        UpdateGroup old = e.group();
        UpdateGroup.Key key = UpdateGroup.Key.of(e.context(), e.negotiated(), env.roleSteps);
        if (old != null && old.key.equals(key)) {
            for (AddressFamily f : AddressFamily.values()) old.reexport(f);
            old.sendPending();
            return;
        }
        UpdateGroup g = groups.get(key);
        if (g == null) {
            g = new UpdateGroup(key, env, e.context(), e.negotiated());
            groups.put(key, g);
            g.exportAll();
            g.commitPending(); // nobody holds any of it yet
        }
        if (old != null) leave(e);
        for (AddressFamily f : AddressFamily.values()) {
            if (!g.carries(f)) continue;
            List<AdjRibOutChange> now = g.adjRibOut(f).advertisedRoutes(e.name());
            List<AdjRibOutChange> before = old == null || !old.carries(f) ? List.of() : old.adjRibOut(f).advertisedRoutes(e.name());
            g.send(List.of(e), f, difference(before, now));
        }
        g.add(e);
        e.group(g);
    }

    /** What turns a peer holding {@code before} into one holding {@code now}. */
    static List<AdjRibOutChange> difference(List<AdjRibOutChange> before, List<AdjRibOutChange> now) {
        Map<NlriEntry, PathAttributes> held = new HashMap<>(before.size() * 2);
        for (AdjRibOutChange c : before) held.put(c.nlri(), ((AdjRibOutChange.Announce) c).attributes());
        List<AdjRibOutChange> out = new ArrayList<>();
        for (AdjRibOutChange c : now) {
            PathAttributes had = held.remove(c.nlri());
            if (!((AdjRibOutChange.Announce) c).attributes().equals(had)) out.add(c);
        }
        held.keySet().forEach(k -> out.add(new AdjRibOutChange.Withdraw(k.prefix(), k.pathId())));
        return out;
    }

    /** What a member holds in a family: its group's Adj-RIB-Out less its own routes. */
    static int advertisedCount(Exporter e, AddressFamily f) {
        UpdateGroup g = e.group();
        AdjRibOut o = g == null ? null : g.adjRibOut(f);
        return o == null ? 0 : o.advertisedCount(e.name());
    }
}
