package dev.bgplab.speaker.api;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.peer.Peer;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.policy.Explain;
import dev.bgplab.speaker.policy.ExportPolicy;
import dev.bgplab.speaker.policy.ImportPolicy;
import dev.bgplab.speaker.policy.PolicyResult;
import dev.bgplab.speaker.rib.AdjRibIn;
import dev.bgplab.speaker.rib.AdjRibOutChange;
import dev.bgplab.speaker.rib.Comparison;
import dev.bgplab.speaker.rib.LocRibEntry;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.session.DownReason;
import dev.bgplab.speaker.session.LastError;
import dev.bgplab.speaker.session.NegotiatedSession;
import dev.bgplab.speaker.session.SessionCounters;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The management API's view of a {@link BgpSpeaker}: every call runs on the speaker's event loop
 * and returns plain records that Jackson writes as JSON.
 */
public final class SpeakerApiView implements SpeakerView {
    private final BgpSpeaker speaker;

    public SpeakerApiView(BgpSpeaker speaker) {
        this.speaker = speaker;
    }

    // ---- JSON shapes ----

    public record Summary(long asn, String routerId, String listen, int peers, int established,
                          Map<String, Integer> locRibPrefixes, int locRibRoutes, String role, RoleView roleDetails,
                          KernelRoutes kernelRoutes) {}

    /** The role's preset values, which of them a config or {@code overrides:} changed, and the peers' connection kinds. */
    public record RoleView(String role, List<String> overridden, List<dev.bgplab.speaker.role.RoleSettings.PresetValue> values,
                           Map<String, String> connections, List<String> virtualNetwork, boolean branchToBranch,
                           String routingPreference) {
        static RoleView of(dev.bgplab.speaker.role.RoleSettings s) {
            if (s == null) return null;
            Map<String, String> conn = new java.util.TreeMap<>();
            s.connections().forEach((k, v) -> conn.put(k, v.label()));
            return new RoleView(s.label(),
                    s.overridden().stream().map(v -> v.name() + " = " + v.effective() + " (" + v.source().name().toLowerCase()
                            + "; preset " + v.preset() + ")").toList(),
                    s.values(), conn, s.virtualNetwork().stream().map(Object::toString).toList(),
                    s.branchToBranch(), s.routingPreference().label());
        }
    }

    /** The kernel routes a lab node's speaker installed (null when kernel-routes is off). */
    public record KernelRoutes(int installed, long batches, String lastError) {}

    public record PeerStatus(String name, String address, long asn, String state, long uptimeSeconds,
                             String routerId, List<String> families, List<String> capabilities, int holdTime,
                             int keepalive, Counters counters, Prefixes prefixes, Error lastError, String heldDown) {}

    public record Counters(long messagesIn, long messagesOut, long updatesIn, long updatesOut, long keepalivesIn,
                           long keepalivesOut, long notificationsIn, long notificationsOut, long established, long flaps) {}

    public record Prefixes(long received, long accepted, long advertised, long stale) {}

    /** {@code current} is false once the session is Established again: the error is history then. */
    public record Error(String kind, String notification, String detail, String at, boolean current) {}

    public record Path(String peer, String nextHop, String asPath, String origin, Long med, Long localPref, int weight,
                       List<String> communities, List<String> largeCommunities, List<String> extendedCommunities,
                       long pathId, boolean best, boolean multipath, boolean stale, boolean nextHopReachable,
                       List<String> unknownAttributes) {}

    public record RibEntry(String prefix, List<Path> paths) {}

    public record Explanation(String prefix, List<String> sentences, List<Path> candidates) {}

    // ---- views ----

    @Override
    public Object summary() throws Exception {
        return speaker.call(() -> {
            SpeakerConfig c = speaker.config();
            int est = 0;
            for (Peer n : speaker.peers()) if (n.established()) est++;
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (AddressFamily f : AddressFamily.values()) counts.put(f.label(), speaker.rib().prefixCount(f));
            return new Summary(c.asn(), c.routerId().getHostAddress(),
                    speaker.listenAddress() == null ? null : speaker.listenAddress().getAddress().getHostAddress() + ":" + speaker.listenAddress().getPort(),
                    speaker.peers().size(), est, counts, speaker.rib().routeCount(), c.role(), RoleView.of(c.roleSettings()),
                    speaker.kernelFib() == null ? null : new KernelRoutes(speaker.kernelFib().installed().size(),
                            speaker.kernelFib().batches(), speaker.kernelFib().lastError()));
        });
    }

    @Override
    public Object effectiveRoutes() throws Exception {
        return speaker.call(() -> dev.bgplab.speaker.role.EffectiveRoutes.of(speaker.config(),
                speaker.rib().entries(dev.bgplab.speaker.rib.RibQuery.family(dev.bgplab.wire.nlri.AddressFamily.IPV4_UNICAST))));
    }

    @Override
    public Object peers() throws Exception {
        return speaker.call(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (Peer n : speaker.peers()) out.add(status(n));
            return out;
        });
    }

    private PeerStatus status(Peer n) {
        NegotiatedSession s = n.negotiated();
        List<String> caps = new ArrayList<>();
        if (s != null) {
            if (s.fourOctetAs()) caps.add("4-octet-as");
            for (AddressFamily f : s.families()) caps.add("multiprotocol " + f.label());
            if (s.routeRefresh()) caps.add("route-refresh");
            if (s.enhancedRouteRefresh()) caps.add("enhanced-route-refresh");
            if (s.peerGracefulRestart() != null) caps.add("graceful-restart (peer restart time " + s.peerGracefulRestart().restartTime() + " s)");
            for (AddressFamily f : s.addPathReceive()) caps.add("add-path receive " + f.label());
            for (AddressFamily f : s.addPathSend()) caps.add("add-path send " + f.label());
            if (s.extendedMessages()) caps.add("extended-message");
            s.unknownCapabilities().forEach(u -> caps.add(u.label()));
        }
        SessionCounters c = n.session().counters();
        long received = 0, accepted = 0, advertised = 0, stale = 0;
        // while a graceful-restart peer is down, its stale routes are kept under its previous session
        var ribPeer = n.info() != null ? n.info() : n.restartingInfo();
        for (AddressFamily f : AddressFamily.values()) {
            if (ribPeer == null) break;
            var in = speaker.rib().findAdjRibIn(ribPeer, f);
            if (in.isPresent()) {
                received += in.get().receivedCount();
                accepted += in.get().acceptedCount();
                stale += in.get().staleCount();
            }
            if (n.carries(f) && n.exporter() != null) advertised += n.exporter().advertisedCount(f);
        }
        Error err = lastError(n);
        return new PeerStatus(n.name(), n.config().address().getHostAddress(), n.config().asn(), n.session().state().rfcName(),
                n.uptime().toSeconds(), s == null ? null : s.peerId().getHostAddress(),
                s == null ? List.of() : s.families().stream().map(AddressFamily::label).sorted().toList(), caps,
                s == null ? 0 : s.holdTime(), s == null ? 0 : s.keepaliveTime(),
                new Counters(c.totalIn(), c.totalOut(), c.updatesIn(), c.updatesOut(), c.keepalivesIn(), c.keepalivesOut(),
                        c.notificationsIn(), c.notificationsOut(), c.establishedTransitions(), c.flaps()),
                new Prefixes(received, accepted, advertised, stale), err, n.heldDown() ? n.heldDownReason() : null);
    }

    /**
     * The session's last error, except that a reconnect refused before any OPEN (TCP reset, connect
     * failure) does not hide what ended the last Established session: a peer that
     * tore us down for maximum-prefix and now refuses us should still read "Cease / Maximum Number
     * of Prefixes Reached", with the refused reconnects noted in the detail.
     */
    private static Error lastError(Peer n) {
        LastError le = n.session().lastError();
        if (le == null) return null;
        DownReason r = le.reason();
        LastError reset = n.lastReset();
        boolean connectOnly = !r.wasEstablished() && r.notification() == null
                && (r.kind() == DownReason.Kind.TCP_RESET || r.kind() == DownReason.Kind.CONNECT_FAILED);
        if (connectOnly && reset != null) {
            DownReason d = reset.reason();
            String since = "since then reconnects fail: " + r.kind().name() + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
            return new Error(d.kind().name(), d.notification() == null ? null : d.notification().describe(),
                    d.detail().isEmpty() ? since : d.detail() + "; " + since, reset.at().toString(), !n.established());
        }
        return new Error(r.kind().name(), r.notification() == null ? null : r.notification().describe(), r.detail(), le.at().toString(), !n.established());
    }

    @Override
    public Object rib(RibRequest q) throws Exception {
        return speaker.call(() -> {
            List<RibEntry> out = new ArrayList<>();
            switch (q.table()) {
                case "loc" -> {
                    dev.bgplab.speaker.rib.RibQuery rq = new dev.bgplab.speaker.rib.RibQuery(q.family(), q.prefix(),
                            q.longer() ? dev.bgplab.speaker.rib.RibQuery.PrefixMatch.LONGER_PREFIXES : dev.bgplab.speaker.rib.RibQuery.PrefixMatch.EXACT,
                            q.peer() == null ? null : peerName(q.peer()));
                    if (q.prefix() == null) rq = new dev.bgplab.speaker.rib.RibQuery(q.family(), null, rq.match(), rq.peer());
                    for (LocRibEntry e : speaker.rib().entries(rq)) {
                        if (out.size() >= q.limit()) break;
                        out.add(new RibEntry(e.prefix().toString(), paths(e)));
                    }
                }
                case "in", "in-pre" -> {
                    Peer n = requirePeer(q.peer());
                    Map<Prefix, List<Path>> by = new java.util.TreeMap<>();
                    for (AddressFamily f : AddressFamily.values()) {
                        if (q.family() != null && q.family() != f) continue;
                        var in = n.info() == null ? java.util.Optional.<AdjRibIn>empty() : speaker.rib().findAdjRibIn(n.info(), f);
                        if (in.isEmpty()) continue;
                        List<Route> routes = q.table().equals("in") ? in.get().acceptedRoutes() : in.get().receivedRoutes();
                        for (Route r : routes) {
                            if (q.matches(r.prefix())) by.computeIfAbsent(r.prefix(), k -> new ArrayList<>()).add(path(r, false, false, true));
                        }
                    }
                    by.forEach((p, l) -> { if (out.size() < q.limit()) out.add(new RibEntry(p.toString(), l)); });
                }
                case "out" -> {
                    Peer n = requirePeer(q.peer());
                    Map<Prefix, List<Path>> by = new java.util.TreeMap<>();
                    for (AddressFamily f : AddressFamily.values()) {
                        if ((q.family() != null && q.family() != f) || n.info() == null || !n.carries(f)) continue;
                        for (AdjRibOutChange c : n.exporter().advertisedRoutes(f)) {
                            if (c instanceof AdjRibOutChange.Announce a && q.matches(a.prefix())) {
                                by.computeIfAbsent(a.prefix(), k -> new ArrayList<>()).add(
                                        path(new Route(a.prefix(), a.pathId(), a.attributes(), speaker.local(), 0, false), false, false, true));
                            }
                        }
                    }
                    by.forEach((p, l) -> { if (out.size() < q.limit()) out.add(new RibEntry(p.toString(), l)); });
                }
                default -> throw new IllegalArgumentException("unknown table " + q.table());
            }
            return out;
        });
    }

    private String peerName(String peer) {
        Peer n = speaker.find(peer);
        if (n == null) throw new ManagementApi.ApiError(404, "no neighbor named or addressed '" + peer + "'");
        return n.name();
    }

    private Peer requirePeer(String peer) {
        if (peer == null) throw new ManagementApi.ApiError(400, "tables in, in-pre and out need peer=NAME");
        return speaker.find(peerName(peer));
    }

    private List<Path> paths(LocRibEntry e) {
        List<Path> out = new ArrayList<>();
        Set<Route> mp = Set.copyOf(e.multipath());
        for (Route r : e.multipath()) out.add(path(r, r.equals(e.best()), mp.size() > 1, true));
        for (Route r : e.others()) out.add(path(r, false, false, true));
        for (Route r : e.unreachable()) out.add(path(r, false, false, false));
        return out;
    }

    static Path path(Route r, boolean best, boolean multipath, boolean reachable) {
        PathAttributes a = r.attributes();
        NextHop nh = a.nextHop();
        return new Path(r.source().isLocal() ? "local" : r.source().name(), nh == null ? null : nh.toString(),
                a.asPath().toString(), a.origin() == null ? null : a.origin().name(), a.med(), a.localPref(), r.weight(),
                a.communities().stream().map(Object::toString).toList(),
                a.largeCommunities().stream().map(Object::toString).toList(),
                a.extendedCommunities().stream().map(Object::toString).toList(),
                r.pathId(), best, multipath, r.stale(), reachable,
                // kept as received; passed on with Partial set (RFC 4271 5): "type N flags 0xF value HEX"
                a.asList().stream().filter(x -> x instanceof dev.bgplab.wire.attribute.UnknownAttribute)
                        .map(Object::toString).toList());
    }

    // ---- explain ----

    @Override
    public Object explain(String prefixText) throws Exception {
        Prefix prefix = Prefix.parse(prefixText);
        return speaker.call(() -> explainOnLoop(prefix));
    }

    private Explanation explainOnLoop(Prefix prefix) {
        List<String> s = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        var entry = speaker.rib().entry(prefix);
        if (entry.isEmpty() || entry.get().best() == null) {
            s.add(prefix + " is not in the Loc-RIB: no usable path reached it.");
        } else {
            LocRibEntry e = entry.get();
            candidates.addAll(paths(e));
            Route best = e.best();
            s.add("Best path for " + prefix + ": " + describe(best) + ".");
            if (e.multipath().size() > 1) {
                List<String> nhs = e.multipath().stream().map(r -> String.valueOf(r.attributes().nextHop())).toList();
                s.add("It is installed with " + e.multipath().size() + " equal-cost next hops (ECMP): " + String.join(", ", nhs) + ".");
            }
            for (Comparison c : speaker.rib().decisionProcess().explain(e.allRoutes(), best)) {
                s.add(c.sentence() + (c.multipathEqual() ? "; the two are equal enough to share traffic (multipath)." : "."));
            }
            for (Route r : e.unreachable()) {
                s.add("The path from " + r.source().name() + " did not compete: its next hop " + r.attributes().nextHop() + " is unreachable.");
            }
        }
        for (Peer n : speaker.peers()) {
            if (n.heldDown()) s.add("Neighbor " + n.name() + " is held down: " + n.heldDownReason() + ".");
            List<AttributeError> errs = n.lastTreatAsWithdraw(prefix);
            if (errs != null) {
                s.add("From " + n.name() + ": the last UPDATE for " + prefix + " had a malformed attribute (" + errs
                        + "), so the route was treated as withdrawn (RFC 7606 treat-as-withdraw); the session stayed up.");
            }
            if (n.info() == null) continue;
            var in = speaker.rib().findAdjRibIn(n.info(), prefix.family());
            if (in.isPresent()) {
                Route received = in.get().received(prefix, 0);
                if (received != null) {
                    PolicyResult res = ImportPolicy.apply(received, n.context());
                    s.add("From " + n.name() + ": received with AS path " + quote(received.attributes().asPath().toString()) + ".");
                    for (String line : Explain.result(res)) s.add("From " + n.name() + ": " + line);
                }
            }
            if (entry.isPresent() && entry.get().best() != null && n.carries(prefix.family())) {
                // The exporter's own context and policy: the next hop printed is the one sent.
                PolicyResult out = ExportPolicy.apply(entry.get().best(), n.exporter().context());
                if (out.isAccepted()) {
                    s.add("To " + n.name() + ": advertised with next hop " + out.route().attributes().nextHop()
                            + " and AS path " + quote(out.route().attributes().asPath().toString()) + ".");
                } else {
                    List<String> lines = Explain.result(out);
                    s.add("To " + n.name() + ": " + lines.get(lines.size() - 1));
                }
            }
        }
        return new Explanation(prefix.toString(), s, candidates);
    }

    private static String describe(Route r) {
        PathAttributes a = r.attributes();
        String from = r.source().isLocal() ? "originated here" : "from " + r.source().name() + " (AS" + r.source().peerAsn() + ")";
        return from + ", next hop " + a.nextHop() + ", AS path " + quote(a.asPath().toString())
                + (a.localPref() != null ? ", local-pref " + a.localPref() : "") + (a.med() != null ? ", MED " + a.med() : "");
    }

    private static String quote(String path) {
        return path.isEmpty() ? "(empty)" : "'" + path + "'";
    }

    // ---- changes ----

    @Override
    public Object softReset(String peer, String direction) throws Exception {
        boolean in = direction.equals("in") || direction.equals("both");
        boolean out = direction.equals("out") || direction.equals("both");
        if (!in && !out) throw new IllegalArgumentException("direction must be in, out or both");
        return speaker.call(() -> Map.of("done", speaker.softReset(peer, in, out)));
    }

    @Override
    public Object reloadFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(speaker.config().source());
        if (!java.nio.file.Files.isRegularFile(file))
            throw new dev.bgplab.speaker.api.ManagementApi.ApiError(409, speaker.config().source() + " is not a file this speaker can re-read; POST the YAML to /api/config");
        SpeakerConfig next = ConfigLoader.load(file);
        return speaker.call(() -> Map.of("done", speaker.reload(next)));
    }

    @Override
    public Object reload(String yaml) throws Exception {
        SpeakerConfig next = ConfigLoader.parse(speaker.config().source(), yaml);
        return speaker.call(() -> Map.of("done", speaker.reload(next)));
    }

    @Override
    public dev.bgplab.speaker.api.RouteEventLog events() {
        return speaker.events();
    }
}
