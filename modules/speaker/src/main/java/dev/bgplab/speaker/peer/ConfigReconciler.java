package dev.bgplab.speaker.peer;

import dev.bgplab.speaker.SpeakerPolicy;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.session.BgpListener;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the running speaker match a config: the peers (added, removed, restarted when their session
 * settings change, shut down or started, soft-reset when their options or the policy change), the
 * originated networks and the decision options. Owns the map of configured peers; the speaker, the
 * exporter fan-out and the API read it. Identity and listener changes need a restart and are refused.
 *
 * <p>Owned by the speaker's event loop.
 */
public final class ConfigReconciler {
    private final PeerEnvironment env;
    private final BgpListener listener;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Collection<Peer> peersView = Collections.unmodifiableCollection(peers.values());

    public ConfigReconciler(PeerEnvironment env, BgpListener listener) {
        this.env = env;
        this.listener = listener;
    }

    /** A live, read-only view of the configured peers, in config order. */
    public Collection<Peer> peers() { return peersView; }

    /** A peer by name or address, or null. */
    public Peer find(String nameOrAddress) {
        Peer n = peers.get(nameOrAddress);
        if (n != null) return n;
        for (Peer x : peers.values()) {
            if (x.config().address().getHostAddress().equals(nameOrAddress)) return x;
        }
        return null;
    }

    /** The first config: every peer made (registered with the listener), none started. */
    public void prepare() {
        for (PeerConfig p : env.config.peers()) addPeer(p);
    }

    /** Starts what the first config asks for: networks originated, peers not shut down started. */
    public void start() {
        for (NetworkConfig n : env.config.networks()) originate(n);
        for (Peer n : peers.values()) if (!n.config().shutdown()) n.start();
    }

    private Peer addPeer(PeerConfig p) {
        Peer n = new Peer(p, env);
        peers.put(p.name(), n);
        if (listener != null) listener.add(n.session());
        return n;
    }

    private void removePeer(Peer n, int ceaseSubcode) {
        n.remove(ceaseSubcode);
        if (listener != null) listener.remove(n.session());
        peers.remove(n.name());
    }

    // ------------------------------------------------------------------ origination

    /** Originates a network (as FRR's {@code network}): ORIGIN IGP, the unspecified next hop, weight 32768. */
    public void originate(NetworkConfig n) {
        List<PathAttribute> attrs = new ArrayList<>();
        attrs.add(Origin.IGP);
        attrs.add(n.asPathPrepend() == null ? AsPath.EMPTY : AsPath.parse(n.asPathPrepend()));
        attrs.add(NextHop.of(unspecified(n.prefix().isIpv4() ? 4 : 16)));
        if (!n.communities().isEmpty()) attrs.add(new Communities(n.communities()));
        if (!n.largeCommunities().isEmpty()) attrs.add(new LargeCommunities(n.largeCommunities()));
        if (n.med() != null) attrs.add(new MultiExitDisc(n.med()));
        env.rib.originate(new Route(n.prefix(), 0, PathAttributes.of(attrs), env.local, PeerEnvironment.LOCAL_WEIGHT, false));
    }

    public void withdrawOriginated(Prefix p) { env.rib.withdrawLocal(p); }

    private static InetAddress unspecified(int bytes) {
        try {
            return InetAddress.getByAddress(new byte[bytes]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ run-time changes

    /** Soft reset of one peer (by name or address) or, with {@code peer} null, of all. */
    public List<String> softReset(String peer, boolean in, boolean out) {
        List<String> done = new ArrayList<>();
        for (Peer n : List.copyOf(peers.values())) {
            if (peer != null && find(peer) != n) continue;
            done.addAll(n.softReset(in, out));
        }
        if (peer != null && done.isEmpty()) throw new IllegalArgumentException("no neighbor named or addressed '" + peer + "'");
        return done;
    }

    /**
     * Applies a new config without restarting the speaker: peers added or removed, peers whose
     * session settings changed restarted (Cease / Other Configuration Change), policy and peer
     * options soft-reset, networks originated or withdrawn, decision options re-run.
     */
    public List<String> reload(SpeakerConfig next) {
        SpeakerConfig old = env.config;
        PolicyConfig nextPolicy = SpeakerPolicy.of(next);
        if (next.asn() != old.asn() || !next.routerId().equals(old.routerId())
                || !Objects.equals(next.listenAddress(), old.listenAddress()) || next.listenPort() != old.listenPort()) {
            throw new ConfigException(next.source() + ": asn, router-id and listen change only with a restart of the speaker");
        }
        List<String> done = new ArrayList<>();
        boolean policyChanged = !nextPolicy.equals(env.policy);
        boolean roleChanged = !Objects.equals(old.roleSettings(), next.roleSettings());
        env.config = next;
        env.policy = nextPolicy;
        env.roleSteps = dev.bgplab.speaker.role.RoleSteps.of(next);
        if (env.fib != null && !PeerEnvironment.staticRoutes(old).equals(PeerEnvironment.staticRoutes(next))) {
            env.fib.setStaticRoutes(PeerEnvironment.staticRoutes(next));
            done.add("static routes now " + PeerEnvironment.staticRoutes(next).keySet());
        }
        if (!old.decision().equals(next.decision())) {
            env.rib.setOptions(SpeakerPolicy.decisionOptions(next));
            done.add("decision options changed: every prefix re-decided");
        }
        Map<Prefix, NetworkConfig> oldNets = new LinkedHashMap<>();
        for (NetworkConfig n : old.networks()) oldNets.put(n.prefix(), n);
        for (NetworkConfig n : next.networks()) {
            NetworkConfig was = oldNets.remove(n.prefix());
            if (!n.equals(was)) {
                originate(n);
                done.add("network " + n.prefix() + (was == null ? " originated" : " changed"));
            }
        }
        for (Prefix gone : oldNets.keySet()) {
            withdrawOriginated(gone);
            done.add("network " + gone + " withdrawn");
        }
        Map<String, PeerConfig> nextPeers = new LinkedHashMap<>();
        for (PeerConfig p : next.peers()) nextPeers.put(p.name(), p);
        for (Peer n : List.copyOf(peers.values())) {
            PeerConfig p = nextPeers.get(n.name());
            if (p == null) {
                removePeer(n, NotificationMessage.PEER_DECONFIGURED);
                done.add(n.name() + ": removed (Cease / Peer De-configured)");
            } else if (!Peer.sessionSettings(p, next).equals(n.session().config())) {
                removePeer(n, NotificationMessage.OTHER_CONFIGURATION_CHANGE);
                Peer fresh = addPeer(p);
                if (!p.shutdown()) fresh.start();
                done.add(n.name() + ": session settings changed, restarted (Cease / Other Configuration Change)");
            } else if (p.shutdown() != n.config().shutdown()) {
                if (p.shutdown()) {
                    n.shutDown(p); // RFC 4486 Cease / Administrative Shutdown
                    done.add(n.name() + ": shut down (Cease / Administrative Shutdown)");
                } else {
                    n.startUp(p);
                    done.add(n.name() + ": shutdown removed, started");
                }
            } else if (!p.equals(n.config())) {
                n.optionsChanged(p); // same session settings: the options apply through a soft reset
                if (n.established()) n.softReset(true, true);
                done.add(n.name() + ": options changed, soft reset");
            } else if (policyChanged && n.established()) {
                n.softReset(true, true);
                done.add(n.name() + ": policy changed, soft reset");
            } else if (roleChanged && n.established()) {
                // e.g. branch-to-branch turned on: what each peer may be sent changed, what it sent did not
                n.softReset(false, true);
                done.add(n.name() + ": role settings changed, export re-run");
            }
        }
        for (PeerConfig p : next.peers()) {
            if (!peers.containsKey(p.name())) {
                Peer fresh = addPeer(p);
                if (!p.shutdown()) fresh.start();
                done.add(p.name() + ": added");
            }
        }
        // Role step (dev.bgplab.speaker.role): a Route Server whose virtual network changed (a spoke
        // added) sends ROUTE-REFRESH to every NVA, or hard-resets an NVA without route refresh.
        if (env.roleSteps != null) {
            for (String name : env.roleSteps.peersToRefresh(old, next)) {
                Peer n = peers.get(name);
                String what = n == null ? null : n.refreshForVirtualNetworkChange();
                if (what != null) done.add(what);
            }
        }
        if (done.isEmpty()) done.add("nothing changed");
        return done;
    }
}
