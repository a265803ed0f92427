package dev.bgplab.lab.runtime;

import dev.bgplab.lab.interop.Loopback;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.topology.InterfaceAddress;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs a topology whose nodes are all bgplab speakers inside this JVM, on loopback. Each node
 * gets one 127.77.x.y stand-in, and every IPv4 address of the node (exec {@code ip addr add}
 * lines, links' {@code ipv4}) becomes that stand-in in the speakers' configs (addresses are
 * replaced wherever they appear, so policy lines follow). All speakers listen on one free port on
 * their stand-in and reach peers from it. What a speaker reports is mapped back to the topology's
 * address of the node on the link it shares with that speaker, so expectations and reports use
 * the topology's addresses.
 *
 * <p>Limits: two sessions between the same two nodes (over two links) would share one address
 * pair; IPv6 link addresses are not mapped; container faults (links, netem, iptables, pause,
 * probes) do not exist.
 */
public final class EmbeddedLab implements RunningLab {

    private final Topology topology;
    private final String reason;
    private final Map<String, String> toLoopback = new LinkedHashMap<>();
    private final Map<String, NodeSpec> ownerOfLoopback = new LinkedHashMap<>();
    private final Map<String, EmbeddedNode> nodes = new LinkedHashMap<>();
    private int port;

    private EmbeddedLab(Topology topology, String reason) {
        this.topology = topology;
        this.reason = reason;
    }

    /** Starts every speaker; {@code reason} says why the lab runs embedded (shown in reports). */
    public static EmbeddedLab deploy(Topology topology, String reason, Consumer<String> progress) {
        List<String> others = topology.nodes().stream().filter(n -> n.role() != NodeRole.BGPLAB || n.speakerConfig().isEmpty())
                .map(n -> n.name() + " (" + n.role().name().toLowerCase() + ")").toList();
        if (!others.isEmpty()) {
            throw new TopologyException(topology.file() + ": the embedded runtime runs bgplab speakers only (nodes with labels: {"
                    + Topology.LABEL_CONFIG + ": ...}); these nodes need Docker: " + others);
        }
        EmbeddedLab lab = new EmbeddedLab(topology, reason);
        try {
            lab.start(progress);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void start(Consumer<String> progress) {
        for (NodeSpec n : topology.nodes()) {
            String lo = Loopback.nextAddress();
            ownerOfLoopback.put(lo, n);
            for (InterfaceAddress a : n.addresses()) {
                if (!a.isIpv6()) {
                    toLoopback.put(a.address(), lo);
                }
            }
        }
        port = Loopback.freePort(toLoopback.isEmpty() ? "127.0.0.1" : toLoopback.values().iterator().next());
        for (NodeSpec n : topology.nodes()) {
            progress.accept("starting speaker " + n.name() + " in-process");
            EmbeddedNode node = new EmbeddedNode(this, n);
            nodes.put(n.name(), node);
            node.start();
        }
    }

    /** The node's config rewritten for loopback. */
    String rewrite(NodeSpec n, String yaml) {
        List<InterfaceAddress> own = n.addresses().stream().filter(a -> !a.isIpv6()).toList();
        if (own.isEmpty()) {
            throw new TopologyException(topology.file() + ": node " + n.name() + " has no IPv4 address (exec 'ip addr add A/L dev ethN' "
                    + "or a link's ipv4: [...]); the embedded runtime needs one to listen on");
        }
        Map<String, String> localByPeer = new LinkedHashMap<>();
        for (NodeSpec other : topology.nodes()) {
            for (InterfaceAddress b : other.addresses()) {
                for (InterfaceAddress a : own) {
                    if (other != n && !b.isIpv6() && a.contains(b.address())) {
                        localByPeer.put(toLoopback.get(b.address()), toLoopback.get(a.address()));
                    }
                }
            }
        }
        return SpeakerConfigs.forEmbedded(n.name(), yaml, toLoopback, toLoopback.get(own.get(0).address()), port, localByPeer);
    }

    BgpSpeaker startSpeaker(NodeSpec n, String yaml) {
        try {
            return BgpSpeaker.start(ConfigLoader.parse(n.speakerConfig().orElse(n.name()) + " (embedded)", rewrite(n, yaml)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(n.name() + ": the speaker did not start: " + e.getMessage(), e);
        }
    }

    String map(String address) {
        return toLoopback.getOrDefault(address, address);
    }

    /**
     * Maps a stand-in that {@code viewer} reports back to the topology address of the node it
     * stands for: the one on a link shared with the viewer, else that node's first address.
     */
    UnaryOperator<String> unmap(NodeSpec viewer) {
        return a -> {
            NodeSpec owner = ownerOfLoopback.get(a);
            if (owner == null) {
                return a;
            }
            List<InterfaceAddress> ownerAddresses = owner.addresses().stream().filter(x -> !x.isIpv6()).toList();
            for (InterfaceAddress mine : viewer.addresses()) {
                for (InterfaceAddress theirs : ownerAddresses) {
                    if (owner != viewer && mine.contains(theirs.address())) {
                        return theirs.address();
                    }
                }
            }
            return ownerAddresses.isEmpty() ? a : ownerAddresses.get(0).address();
        };
    }

    static String readConfig(NodeSpec n) {
        return DockerLab.read(Path.of(n.speakerConfig().orElseThrow()));
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public String runtime() {
        return "embedded (" + reason + ")";
    }

    @Override
    public Map<String, LabNode> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    @Override
    public boolean containers() {
        return false;
    }

    @Override
    public List<LabReport.Node> reportNodes() {
        List<LabReport.Node> out = new ArrayList<>();
        for (EmbeddedNode n : nodes.values()) {
            Map<String, String> addrs = new LinkedHashMap<>();
            for (InterfaceAddress a : n.spec().addresses()) {
                String lo = toLoopback.get(a.address());
                addrs.merge(a.iface(), a.address() + "/" + a.prefixLength() + (lo == null ? "" : " (as " + lo + ")"),
                        (x, y) -> x + ", " + y);
            }
            addrs.put("listen port", String.valueOf(port));
            out.add(new LabReport.Node(n.name(), "bgplab", "in-process", n.spec().roleLabel(), addrs));
        }
        return out;
    }

    @Override
    public List<LabReport.Link> reportLinks() {
        return topology.links().stream().map(l -> new LabReport.Link(l.a().toString(), l.b().toString(),
                topology.requireNode(l.a().node()).addressesOn(l.a().iface()).stream().map(a -> a.subnet().toString()).toList())).toList();
    }

    @Override
    public void close() {
        for (EmbeddedNode n : nodes.values()) {
            n.stop();
        }
    }
}
