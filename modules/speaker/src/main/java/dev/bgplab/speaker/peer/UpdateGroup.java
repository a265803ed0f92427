package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PeerContext;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.policy.RemovePrivateAs;
import dev.bgplab.speaker.rib.AdjRibOut;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.MraiScheduler;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.rib.UpdatePacker;
import dev.bgplab.speaker.role.RoleSteps;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Peers whose outbound policy and session settings give the same UPDATEs (FRR's update groups):
 * export runs once per prefix for all of them ({@link ExportPolicy#decideForGroup}), into one
 * {@link AdjRibOut} per family, under one MRAI, and each batch is packed and encoded once; every
 * member gets the same bytes (a retained duplicate of one buffer).
 *
 * <p>Never back to the sender: each Adj-RIB-Out entry remembers whose route it is, and a member
 * does not hold the entries of its own routes. A batch is split by the members it concerns: the
 * changes that touch no member's own route go to everybody in one stream; a change to a route of
 * member M (or one that was M's) goes to the others in a stream of its own, and M gets what it
 * needs alone (usually nothing, or a withdrawal of what it was sent before its route won).
 *
 * <p>A peer joining a group that already exists is sent the group's Adj-RIB-Out (less its own
 * routes) and then follows the group; a route refresh is answered the same way (RFC 2918 4).
 *
 * <p>Owned by the speaker's event loop.
 */
public final class UpdateGroup {

    /** Compares by identity: a policy or role object in force, replaced as a whole on reload. */
    private record Same(Object ref) {
        @Override public boolean equals(Object o) { return o instanceof Same s && s.ref == ref; }
        @Override public int hashCode() { return System.identityHashCode(ref); }
    }

    /**
     * Everything export and encoding read from a member: two peers with equal keys are sent the
     * same UPDATEs (but their own routes). The peer's ASN counts only where a step reads it
     * (sender-as-path-loop-detection, remove-private-AS, as-override); with a role (whose steps
     * read the peer's name) every peer is a group of its own.
     */
    record Key(Same policy, NeighborPolicy neighbor, long routerAsn, InetAddress routerId, InetAddress localAddress,
               Prefix sharedSubnet, boolean ebgp, long localAsn, boolean routeServerClient, long peerAsn, String soloName,
               Same roleSteps, boolean fourOctetAs, Set<AddressFamily> addPathSend, boolean extendedMessages,
               Set<AddressFamily> families) {

        static Key of(PeerContext c, NegotiatedSession s, RoleSteps roleSteps) {
            NeighborPolicy n = c.neighbor();
            PeerInfo p = c.peer();
            boolean readsAsn = n.senderAsPathLoopDetection() || n.removePrivateAs() != RemovePrivateAs.NONE || n.asOverride();
            var codec = s.codecContext();
            return new Key(new Same(c.config()), n, c.routerAsn(), c.routerId(), c.localAddress(), c.sharedSubnet(),
                    p.isEbgp(), p.localAsn(), c.routeServerClient(), readsAsn ? p.peerAsn() : -1,
                    roleSteps != null ? p.name() : null, new Same(roleSteps), codec.fourOctetAs(), codec.addPathSend(),
                    codec.extendedMessages(), s.families());
        }
    }

    private static int nextId = 1;

    private final int id = nextId++;
    final Key key;
    private final PeerEnvironment env;
    /** A member's context; every member's reads the same in every step that runs here. */
    private final PeerContext context;
    private final UpdatePacker packer;
    private final MraiScheduler mrai;
    private final EnumMap<AddressFamily, AdjRibOut> out = new EnumMap<>(AddressFamily.class);
    private final List<Exporter> members = new ArrayList<>();
    /** RFC 7911: a path id per source of an ECMP path, stable while the group lives. */
    private final Map<String, Long> addPathIds = new HashMap<>();
    private long nextPathId = 1;
    private ScheduledFuture<?> mraiTimer;

    UpdateGroup(Key key, PeerEnvironment env, PeerContext context, NegotiatedSession negotiated) {
        this.key = key;
        this.env = env;
        this.context = context;
        this.packer = new UpdatePacker(negotiated.codecContext());
        this.mrai = MraiScheduler.withDefaults(context.peer());
        for (AddressFamily f : key.families()) out.put(f, new AdjRibOut(context.peer(), f));
    }

    public int id() { return id; }
    public List<String> memberNames() { return members.stream().map(Exporter::name).toList(); }
    boolean isEmpty() { return members.isEmpty(); }
    boolean carries(AddressFamily f) { return out.containsKey(f); }
    AdjRibOut adjRibOut(AddressFamily f) { return out.get(f); }
    UpdatePacker packer() { return packer; }

    void add(Exporter e) { members.add(e); }

    void remove(Exporter e) { members.remove(e); }

    void close() {
        if (mraiTimer != null) mraiTimer.cancel(false);
    }

    // ------------------------------------------------------------------ export

    /** Export of the whole Loc-RIB and default-originate, for a group just made. */
    void exportAll() {
        for (AddressFamily f : out.keySet()) {
            env.rib.forEachPrefix(f, this::exportPrefix);
            originateDefault(f);
        }
    }

    /** Soft reset out: export every prefix again, and withdraw what is advertised but no longer exported. */
    void reexport(AddressFamily f) {
        AdjRibOut o = out.get(f);
        if (o == null) return;
        lastIn = null;
        env.rib.forEachPrefix(f, this::exportPrefix);
        Prefix generated = originateDefault(f); // turned on, or kept
        // Prefixes no longer in the Loc-RIB but still advertised (e.g. default-originate turned off).
        List<AdjRibOutChange> gone = new ArrayList<>();
        o.forEachAdvertised((p, id, a) -> {
            if (env.rib.best(p) == null && !p.equals(generated)) gone.add(new AdjRibOutChange.Withdraw(p, id));
        });
        for (AdjRibOutChange c : gone) o.withdraw(c.prefix(), c.pathId());
    }

    /** Queues the default route we generate with default-originate; returns its prefix, or null when off. */
    private Prefix originateDefault(AddressFamily f) {
        if (!context.neighbor().defaultOriginate()) return null;
        PolicyResult d = ExportPolicy.defaultOriginate(context, f);
        if (!d.isAccepted()) return null;
        out.get(f).announce(d.route().prefix(), 0, d.route().attributes(), null);
        return d.route().prefix();
    }

    /** Runs export for one prefix and queues the difference in the group's Adj-RIB-Out. */
    void exportPrefix(Prefix p) {
        if (out.containsKey(p.family())) exportPaths(p, env.rib.bestPaths(p));
    }

    /** {@link #exportPrefix} with the prefix's ECMP set (best first) as a Loc-RIB change gave it: no lookup. */
    void exportPaths(Prefix p, List<Route> paths) {
        AdjRibOut o = out.get(p.family());
        if (o == null) return;
        // With default-originate the peer keeps our generated default whatever the table's default does.
        if (p.length() == 0 && context.neighbor().defaultOriginate()) return;
        if (!key.addPathSend().contains(p.family())) {
            Route best = paths.isEmpty() ? null : paths.get(0);
            PathAttributes attrs = best == null ? null : exportAttributes(best);
            if (attrs == null) o.withdraw(p);
            else o.announce(p, 0, attrs, sourceName(best));
            return;
        }
        // RFC 7911: with ADD-PATH, every ECMP path goes, each with a path id stable per source.
        Set<Long> sent = new HashSet<>();
        for (Route r : paths) {
            PathAttributes attrs = exportAttributes(r);
            if (attrs == null) continue;
            long id = addPathIds.computeIfAbsent(r.source().name(), k -> nextPathId++);
            o.announce(p, id, attrs, sourceName(r));
            sent.add(id);
        }
        for (long id : addPathIds.values()) {
            if (!sent.contains(id) && o.advertised(p, id) != null) o.withdraw(p, id);
        }
    }

    private static String sourceName(Route r) { return r.source() == null || r.source().isLocal() ? null : r.source().name(); }

    /** The last export decision, reused while routes share attributes and source (a feeder's UPDATE). */
    private PathAttributes lastIn, lastOut;
    private PeerInfo lastSource;
    private int lastWeight;
    private AddressFamily lastFamily;
    private RoleSteps lastRoles;

    private PathAttributes exportAttributes(Route best) {
        NeighborPolicy n = context.neighbor();
        // Without prefix-list or route-map out, export reads only the route's attributes, source, weight and family.
        boolean perPrefix = n.prefixListOut() != null || n.routeMapOut() != null || best.prefix().length() == 0;
        if (!perPrefix && best.attributes() == lastIn && best.source() == lastSource && best.weight() == lastWeight
                && best.prefix().family() == lastFamily && env.roleSteps == lastRoles) {
            return lastOut;
        }
        PathAttributes out = decide(best);
        if (!perPrefix) {
            lastIn = best.attributes();
            lastSource = best.source();
            lastWeight = best.weight();
            lastFamily = best.prefix().family();
            lastRoles = env.roleSteps;
            lastOut = out;
        }
        return out;
    }

    private PathAttributes decide(Route best) {
        // Role step (dev.bgplab.speaker.role): Route Server branch-to-branch and NVA-to-NVA (groups of one peer).
        if (env.roleSteps != null && !best.source().isLocal() && !env.roleSteps.mayExport(best.source().name(), context.peer().name())) return null;
        PolicyResult res = ExportPolicy.decideForGroup(best, context);
        return res.isAccepted() ? res.route().attributes() : null;
    }

    // ------------------------------------------------------------------ sending

    /** Sends what MRAI allows now to every member and schedules the rest. */
    void sendPending() {
        long wait = 0;
        for (Map.Entry<AddressFamily, AdjRibOut> e : out.entrySet()) {
            AdjRibOut o = e.getValue();
            if (!o.hasPending()) continue;
            if (mrai.mayAdvertise()) {
                distribute(e.getKey(), mrai.takeTransitions(o));
            } else {
                wait = Math.max(wait, mrai.nanosUntilNextBatch());
            }
        }
        if (wait > 0 && (mraiTimer == null || mraiTimer.isDone())) {
            mraiTimer = env.loop.schedule(this::sendPending, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Records the waiting changes as sent without sending them: for a group that has no member yet. */
    void commitPending() {
        for (AdjRibOut o : out.values()) o.takeTransitions();
    }

    private void distribute(AddressFamily f, List<AdjRibOut.Transition> batch) {
        if (members.isEmpty() || batch.isEmpty()) return;
        Set<String> names = new HashSet<>(memberNames());
        List<AdjRibOutChange> common = new ArrayList<>(batch.size());
        Map<String, List<AdjRibOutChange>> others = new LinkedHashMap<>();   // changes for all but the named members
        Map<String, List<AdjRibOutChange>> alone = new LinkedHashMap<>();    // a member's own view of its routes
        for (AdjRibOut.Transition t : batch) {
            String s0 = t.before() == null ? null : t.before().source();
            String s1 = t.after() == null ? null : t.after().source();
            boolean m0 = s0 != null && names.contains(s0);
            boolean m1 = s1 != null && names.contains(s1);
            AdjRibOutChange c = change(t, null);
            if (!m0 && !m1) {
                if (c != null) common.add(c);
                continue;
            }
            String special = m0 && m1 && !s0.equals(s1) ? (s0.compareTo(s1) < 0 ? s0 + "\n" + s1 : s1 + "\n" + s0) : m0 ? s0 : s1;
            if (c != null) others.computeIfAbsent(special, k -> new ArrayList<>()).add(c);
            if (m0) addIfAny(alone, s0, change(t, s0));
            if (m1 && !s1.equals(s0)) addIfAny(alone, s1, change(t, s1));
        }
        List<Exporter> all = List.copyOf(members);
        send(all, f, common);
        others.forEach((special, changes) -> {
            Set<String> skip = Set.of(special.split("\n"));
            send(all.stream().filter(m -> !skip.contains(m.name())).toList(), f, changes);
        });
        alone.forEach((name, changes) -> send(all.stream().filter(m -> m.name().equals(name)).toList(), f, changes));
    }

    private static void addIfAny(Map<String, List<AdjRibOutChange>> m, String name, AdjRibOutChange c) {
        if (c != null) m.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
    }

    /**
     * What a transition means to a member named {@code member} (null: a member whose route it is
     * neither before nor after), or null when it holds the same as before.
     */
    private static AdjRibOutChange change(AdjRibOut.Transition t, String member) {
        boolean had = t.before() != null && (member == null || !member.equals(t.before().source()));
        boolean has = t.after() != null && (member == null || !member.equals(t.after().source()));
        if (has) {
            if (had && t.before().attributes().equals(t.after().attributes())) return null;
            return new AdjRibOutChange.Announce(t.prefix(), t.pathId(), t.after().attributes());
        }
        return had ? new AdjRibOutChange.Withdraw(t.prefix(), t.pathId()) : null;
    }

    /** Packs and encodes once; each target gets the same bytes. */
    void send(List<Exporter> targets, AddressFamily f, List<? extends AdjRibOutChange> changes) {
        if (targets.isEmpty() || changes.isEmpty()) return;
        List<UpdateMessage> messages = packer.packUnique(f, changes);
        if (messages.isEmpty()) return;
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(Math.min(changes.size() * 8 + messages.size() * 64, 1 << 24));
        try {
            for (UpdateMessage m : messages) BgpCodec.encode(m, packer.context(), buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).sendEncoded(i == targets.size() - 1 ? buf : buf.retainedDuplicate(), messages.size());
        }
    }

    @Override public String toString() { return "update-group " + id + " " + memberNames(); }
}
