package dev.bgplab.lab.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import dev.bgplab.lab.docker.Cidr;
import dev.bgplab.lab.docker.Deadline;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.tls.LabApiAccess;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.topology.InterfaceAddress;
import dev.bgplab.lab.topology.LinkSpec;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a topology in Docker the way containerlab does:
 * <ul>
 *   <li>the management network ({@code mgmt.network}, default {@code bgplab-<lab>-mgmt}): an
 *       internal Docker network (its {@code ipv4-subnet}, else a free 172.30.N.0/24), eth0 of every
 *       node at its {@code mgmt-ipv4} or the next free address; the host holds its gateway and
 *       reaches bgplab nodes' APIs (port 8179) over it. No route leaves the machine.</li>
 *   <li>each node a container named as containerlab names it ({@code clab-<lab>-<node>}, or as
 *       {@code prefix} says), labelled {@code dev.bgplab.lab=<lab>} and {@code containerlab=<lab>};
 *       its command is held by a small {@code sh} gate until its links and addresses exist, so
 *       daemons start on a ready network (as in containerlab). Exec lines that call vtysh run after
 *       the node answers.</li>
 *   <li>each link a veth pair made on the host and moved straight into the two nodes' network
 *       namespaces under the names the topology gives, with the link's MTU (default 9500) and MACs:
 *       taking one end down drops the other's carrier, and the host holds no address on it. An end
 *       on {@code host} stays in the host's namespace; an end on a {@code kind: bridge} node is
 *       plugged into that host bridge (made if missing, removed at teardown if made here).</li>
 *   <li>{@code clab-<lab>/} beside the topology: per-node copies of startup configs,
 *       {@code topology-data.json} and {@code ansible-inventory.yml}.</li>
 * </ul>
 * One thread deploys and tears down; nodes are then read from any thread.
 */
public final class DockerLab implements RunningLab {

    private static final Logger log = LoggerFactory.getLogger(DockerLab.class);

    public static final int SPEAKER_API_PORT = 8179;
    static final String READY_FILE = "/tmp/.bgplab-ready";
    // holds the node's own command until the harness has set up its interfaces
    private static final String GATE = "while [ ! -e " + READY_FILE + " ]; do sleep 0.05; done; rm -f " + READY_FILE + "; exec \"$@\"";
    private static final String SPEAKER_CONFIG_PATH = "/etc/bgplab/speaker.yml";
    /** How long nodes get to be ready: 60 s, or the system property {@code bgplab.lab.ready-timeout} (seconds). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("bgplab.lab.ready-timeout", 60));
    private static final String LABEL_BRIDGES = "dev.bgplab.bridges";
    private static final String LABEL_LABDIR = "dev.bgplab.labdir";
    /** FRR daemons a config's statements need, so that an FRR node runs what its frr.conf configures. */
    private static final Map<String, String> FRR_DAEMON_OF = Map.of("router ospf6", "ospf6d", "router ospf", "ospfd",
            "router isis", "isisd", "router rip", "ripd", "router ripng", "ripngd", "router bgp", "bgpd", "router eigrp", "eigrpd",
            "bfd", "bfdd", "router pim", "pimd", "mpls ldp", "ldpd");

    private final Topology topology;
    private final ImageMap imageMap;
    private final Consumer<String> progress;
    private final Map<String, ContainerNode> nodes = new LinkedHashMap<>();
    private final Map<String, String> runImages = new LinkedHashMap<>();
    private LabNetwork mgmt;
    private boolean closed;
    /** Programs the vm nodes from the effective routes of the Azure nodes serving them, while the lab runs. */
    private java.util.Optional<VmRoutes> vmRoutes = java.util.Optional.empty();
    private LabApiAccess access;

    private DockerLab(Topology topology, ImageMap imageMap, Consumer<String> progress) {
        this.topology = topology;
        this.imageMap = imageMap;
        this.progress = progress;
    }

    /** Deploys the topology with the built-in image map; on failure everything created so far is removed. */
    public static DockerLab deploy(Topology topology, Consumer<String> progress) {
        return deploy(topology, ImageMap.defaults(), progress);
    }

    /** Deploys the topology; on failure everything created so far is removed. */
    public static DockerLab deploy(Topology topology, ImageMap imageMap, Consumer<String> progress) {
        DockerLab lab = new DockerLab(topology, imageMap, progress);
        try {
            lab.deploy();
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * The nodes of a lab that is already up (after {@code bgplab lab up}), for reading only: its
     * sessions and tables. Closing it does not take the lab down.
     */
    public static Map<String, LabNode> attach(Topology topology) {
        DockerLab lab = new DockerLab(topology, ImageMap.defaults(), s -> { });
        lab.closed = true;
        lab.access = LabApiAccess.load(topology.labDir()).orElse(null);
        Map<String, LabNode> out = new LinkedHashMap<>();
        for (NodeSpec n : topology.nodes()) {
            String name = topology.containerName(n.name());
            try {
                ContainerNetwork mgmtNet = Docker.client().inspectContainerCmd(name).exec().getNetworkSettings().getNetworks()
                        .get(topology.mgmtNetwork());
                out.put(n.name(), new ContainerNode(lab, n, name, mgmtNet == null ? "" : mgmtNet.getIpAddress()));
            } catch (NotFoundException e) {
                // not up
            }
        }
        return out;
    }

    /** The label holding the topology file's absolute path, so that a lab's name finds its topology. */
    public static final String TOPOLOGY_LABEL = "dev.bgplab.topology";

    /** The topology file of a lab that is up, by the lab's name (from its containers' labels). */
    public static java.util.Optional<Path> topologyOf(String labName) {
        for (var c : Docker.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Leftovers.LAB_LABEL, labName)).exec()) {
            String file = c.getLabels() == null ? null : c.getLabels().get(TOPOLOGY_LABEL);
            if (file != null && Files.isRegularFile(Path.of(file))) {
                return java.util.Optional.of(Path.of(file));
            }
        }
        return java.util.Optional.empty();
    }

    /** True when a Docker engine answers. */
    public static boolean engineAvailable() {
        try {
            Docker.client().pingCmd().exec();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * The local image each node runs, after the image map, with a line per mapped image; fails
     * listing every image that is missing at once, and how to get each.
     */
    public static Map<String, String> resolveImages(Topology topology, ImageMap imageMap, Consumer<String> progress, boolean check) {
        Map<String, ImageMap.Mapping> mappings = imageMap.resolveAll(topology.nodes().stream().map(NodeSpec::image).toList());
        for (ImageMap.Mapping m : mappings.values()) {
            if (m.mapped()) {
                progress.accept("image " + m.from() + " runs as " + m.to() + " (" + m.source() + ")");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        topology.nodes().forEach(n -> out.put(n.name(), mappings.get(n.image()).to()));
        if (check) {
            List<String> missing = new ArrayList<>();
            for (String image : new LinkedHashSet<>(out.values())) {
                try {
                    Docker.client().inspectImageCmd(image).exec();
                } catch (NotFoundException e) {
                    String how = ImageMap.buildTarget(image).map(t -> "build it with: docker/images.sh " + t
                            + (t.equals("speaker") ? " (after ./bgplab build; BGPLAB_JAR=modules/cli/target/bgplab.jar)" : "")
                            + " — ./bgplab lab run and lab up do this themselves")
                            .orElse("bgplab never pulls; load or build it locally (docker load / docker build), or map it to a "
                                    + "local image: --image-map " + image + "=IMAGE, a --image-map-file, or " + ImageMap.ENV);
                    List<String> used = out.entrySet().stream().filter(x -> x.getValue().equals(image)).map(Map.Entry::getKey).toList();
                    missing.add(image + " (nodes " + used + "): " + how);
                }
            }
            if (!missing.isEmpty()) {
                throw new TopologyException(topology.file() + ": " + missing.size() + " image(s) not present on this machine:\n  "
                        + String.join("\n  ", missing));
            }
        }
        return out;
    }

    private void deploy() {
        DockerClient client = Docker.client();
        topology.warnings().forEach(w -> progress.accept("warning: " + w));
        Leftovers.Found existing = Leftovers.findLab(topology.name());
        if (!existing.isEmpty()) {
            throw new IllegalStateException("lab '" + topology.name() + "' is already up (" + existing.containers() + ", "
                    + existing.networks() + "); take it down first: bgplab lab down " + topology.file());
        }
        for (NodeSpec n : topology.nodes()) {
            String name = topology.containerName(n.name());
            try {
                client.inspectContainerCmd(name).exec();
                throw new IllegalStateException("a container named " + name + " exists and is not part of lab '" + topology.name()
                        + "'; remove it (docker rm -f " + name + ") or set the topology's prefix");
            } catch (NotFoundException e) {
                // free
            }
        }
        runImages.putAll(resolveImages(topology, imageMap, progress, true));
        try {
            Files.createDirectories(topology.labDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the lab directory " + topology.labDir() + ": " + e.getMessage(), e);
        }
        List<String> madeBridges = new ArrayList<>();
        for (String br : topology.bridges()) {
            if (HostCommand.run("ip", "link", "show", "dev", br).exitCode() != 0) {
                progress.accept("creating host bridge " + br + " (kind: bridge; removed at teardown)");
                HostCommand.check("bridge " + br, "ip", "link", "add", "name", br, "type", "bridge");
                madeBridges.add(br);
            }
            HostCommand.check("bridge " + br, "ip", "link", "set", "dev", br, "up");
            // Docker's FORWARD policy is DROP and br_netfilter sends bridged frames through it: let the
            // bridge forward between its own ports (removed at teardown by its comment)
            CommandResult r = HostCommand.run("iptables", "-w", "5", "-I", "FORWARD", "-i", br, "-o", br, "-m", "comment",
                    "--comment", bridgeRuleComment(topology.name()), "-j", "ACCEPT");
            if (r.exitCode() != 0) {
                progress.accept("warning: could not let bridge " + br + " forward through iptables (" + r.output().strip()
                        + "); traffic between its ports may be dropped");
            }
        }
        Map<String, String> netLabels = new LinkedHashMap<>();
        netLabels.put(Leftovers.LAB_LABEL, topology.name());
        netLabels.put("containerlab", topology.name());
        netLabels.put(LABEL_BRIDGES, String.join(",", madeBridges));
        netLabels.put(LABEL_LABDIR, topology.labDir().toString());
        String mgmtName = topology.mgmtNetwork();
        try {
            client.inspectNetworkCmd().withNetworkId(mgmtName).exec();
            throw new IllegalStateException("mgmt.network: a Docker network named " + mgmtName + " exists and is not this lab's; "
                    + "name another in the topology's mgmt.network, or remove it");
        } catch (NotFoundException e) {
            // free
        }
        progress.accept("creating management network " + mgmtName + " and " + topology.nodes().size() + " node(s) "
                + topology.containerName("*"));
        Topology.Mgmt m = topology.mgmt();
        mgmt = m.ipv4Subnet() != null ? LabNetwork.create(mgmtName, m.ipv4Subnet(), m.ipv6Subnet(), netLabels)
                : LabNetwork.createFree(mgmtName, m.ipv6Subnet() != null, 100, netLabels);
        Set<String> taken = new LinkedHashSet<>();
        for (NodeSpec n : topology.nodes()) {
            if (n.mgmtIpv4() != null) {
                try {
                    if (!mgmt.ipv4Subnet().overlaps(Cidr.parse(n.mgmtIpv4() + "/32"))) {
                        throw new TopologyException(topology.file() + ": topology.nodes." + n.name() + ".mgmt-ipv4: " + n.mgmtIpv4()
                                + " is outside the management subnet " + mgmt.ipv4Subnet());
                    }
                } catch (IllegalArgumentException e) {
                    throw new TopologyException(topology.file() + ": topology.nodes." + n.name() + ".mgmt-ipv4: '" + n.mgmtIpv4()
                            + "' is not an IPv4 address");
                }
                taken.add(n.mgmtIpv4());
            }
        }
        int next = 2;
        for (NodeSpec n : topology.nodes()) {
            String address = n.mgmtIpv4();
            while (address == null) {
                String candidate = mgmt.ipv4(next++);
                if (!taken.contains(candidate)) {
                    address = candidate;
                }
            }
            progress.accept("creating node " + n.name() + " (" + n.role().name().toLowerCase(Locale.ROOT) + ", "
                    + runImages.get(n.name()) + ", " + address + ")");
            nodes.put(n.name(), create(client, n, address));
        }
        for (ContainerNode node : nodes.values()) {
            client.startContainerCmd(node.container()).exec();
        }
        progress.accept("wiring " + topology.links().size() + " link(s) as veth pairs");
        Map<String, Integer> pids = new LinkedHashMap<>();
        for (ContainerNode node : nodes.values()) {
            pids.put(node.name(), pid(node.container()));
        }
        for (LinkSpec l : topology.links()) {
            createLink(l, pids);
        }
        for (ContainerNode node : nodes.values()) {
            setUpNetwork(node);
        }
        progress.accept("waiting for " + nodes.size() + " node(s) to answer");
        awaitReady(List.copyOf(nodes.values()));
        for (ContainerNode node : nodes.values()) {
            node.prepareFrrLog();
        }
        startBmp();
        for (ContainerNode node : nodes.values()) {
            for (String line : node.spec().exec()) {
                if (line.contains("vtysh")) {
                    ContainerExec.sh(node.container(), line);
                }
            }
        }
        ClabFiles.write(topology, this);
        vmRoutes = VmRoutes.start(topology, nodes, progress);
    }

    private static int pid(String container) {
        Long pid = Docker.client().inspectContainerCmd(container).exec().getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new IllegalStateException(container + " is not running; its log:\n" + containerLog(container));
        }
        return pid.intValue();
    }

    private ContainerNode create(DockerClient client, NodeSpec n, String mgmtAddress) {
        String name = topology.containerName(n.name());
        String imageName = runImages.get(n.name());
        var image = client.inspectImageCmd(imageName).exec().getConfig();
        Path nodeDir = topology.labDir().resolve(n.name());
        List<String> entry = n.entrypoint().map(ContainerExec::words)
                .orElse(image == null || image.getEntrypoint() == null ? List.of() : Arrays.asList(image.getEntrypoint()));
        List<String> cmd = n.cmd().map(ContainerExec::words).orElse(null);
        List<Bind> binds = new ArrayList<>(n.binds().stream().map(Bind::parse).toList());
        List<String> env = new ArrayList<>(n.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (n.role() == NodeRole.BGPLAB && n.speakerConfig().isPresent()) {
            Path conf = write(nodeDir.resolve("speaker.yml"),
                    SpeakerConfigs.forContainer(n.name(), read(Path.of(n.speakerConfig().get()))));
            binds.add(Bind.parse(conf + ":" + SPEAKER_CONFIG_PATH + ":ro"));
            List<String> sans = new ArrayList<>(List.of(n.name(), mgmtAddress));
            if (n.mgmtIpv6() != null) {
                sans.add(n.mgmtIpv6());
            }
            access().issueInto(nodeDir, name, sans);
            binds.add(Bind.parse(nodeDir.resolve("api.crt") + ":" + SpeakerConfigs.CONTAINER_CERT + ":ro"));
            binds.add(Bind.parse(nodeDir.resolve("api.key") + ":" + SpeakerConfigs.CONTAINER_KEY + ":ro"));
            binds.add(Bind.parse(nodeDir.resolve(LabApiAccess.TOKEN_FILE) + ":" + SpeakerConfigs.CONTAINER_TOKEN + ":ro"));
            if (cmd == null) {
                cmd = List.of("speaker", "--config", SPEAKER_CONFIG_PATH);
            }
        }
        if (n.role() == NodeRole.FRR) {
            Optional<String> frrConf = n.startupConfig().or(() -> n.boundTo("/etc/frr/frr.conf"));
            if (n.startupConfig().isPresent()) {
                // containerlab's semantics: the node gets a copy; `write memory` in it never touches the user's file
                Path copy = copy(Path.of(n.startupConfig().get()), nodeDir.resolve("frr.conf"));
                binds.add(Bind.parse(copy + ":/etc/frr/frr.conf"));
            }
            if (n.boundTo("/etc/frr/daemons").isPresent()) {
                env.add("BGPLAB_FRR_DAEMONS="); // the lab's own daemons file says what runs
            } else if (!n.env().containsKey("BGPLAB_FRR_DAEMONS")) {
                env.add("BGPLAB_FRR_DAEMONS=" + String.join(" ", daemonsFor(frrConf.map(p -> read(Path.of(p))).orElse(""))));
            }
        }
        if (cmd == null) {
            cmd = image == null || image.getCmd() == null ? List.of() : Arrays.asList(image.getCmd());
        }
        List<String> argv = new ArrayList<>(entry);
        argv.addAll(cmd);
        if (argv.isEmpty() || (argv.size() == 1 && argv.get(0).matches("(/bin/|/usr/bin/)?(ba)?sh"))) {
            argv = List.of("sleep", "infinity"); // a plain host image whose command is an interactive shell
        }
        List<String> gated = new ArrayList<>(List.of("bgplab-gate"));
        gated.addAll(argv);
        Map<String, String> labels = new LinkedHashMap<>(n.labels());
        labels.put(Leftovers.LAB_LABEL, topology.name());
        labels.put("dev.bgplab.node", n.name());
        labels.put(TOPOLOGY_LABEL, topology.file().toAbsolutePath().toString());
        labels.put("containerlab", topology.name());
        labels.put("clab-node-name", n.name());
        labels.put("clab-node-longname", name);
        labels.put("clab-node-kind", n.kind());
        labels.put("clab-node-group", n.group());
        labels.put("clab-node-type", "");
        labels.put("clab-node-lab-dir", nodeDir.toString());
        labels.put("clab-topo-file", topology.file().toAbsolutePath().toString());
        labels.put("dev.bgplab.image", n.image());
        if (n.role() == NodeRole.BGPLAB) {
            labels.put(ClabFiles.API_LABEL, "true");
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1");
        sysctls.put("net.ipv6.conf.all.disable_ipv6", "0");
        sysctls.put("net.ipv6.conf.all.forwarding", "1");
        sysctls.putAll(n.sysctls());
        var create = client.createContainerCmd(imageName)
                .withName(name)
                .withHostName(n.name())
                .withEntrypoint("/bin/sh", "-c", GATE)
                .withCmd(gated)
                .withEnv(env)
                .withLabels(labels)
                .withIpv4Address(mgmtAddress)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(mgmt.name())
                        // the harness calls from the gateway; the API's TLS server looks the caller's name up, and on an
                        // internal network that DNS query only times out: /etc/hosts answers it at once
                        .withExtraHosts("bgplab-harness:" + mgmt.gateway().getHostAddress())
                        .withBinds(binds)
                        .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN)
                        .withSysctls(sysctls));
        if (n.mgmtIpv6() != null) {
            create.withIpv6Address(n.mgmtIpv6());
        }
        String id = create.exec().getId();
        log.debug("created {} ({}) on {} at {}", name, id, mgmt.name(), mgmtAddress);
        return new ContainerNode(this, n, name, mgmtAddress);
    }

    /**
     * The lab CA and token that secure its bgplab nodes' APIs (made in {@code clab-<lab>/ca/} at
     * deploy; read from there when attaching to a lab that is up). Null when attached to a lab
     * deployed without them.
     */
    LabApiAccess access() {
        if (access == null && !closed) {
            access = LabApiAccess.prepare(topology.labDir());
        }
        return access;
    }

    /** bgpd, plus each daemon an FRR config's statements need ({@code router ospf} -> ospfd ...). */
    static List<String> daemonsFor(String frrConf) {
        Set<String> out = new LinkedHashSet<>(List.of("bgpd"));
        for (String line : frrConf.lines().map(String::strip).toList()) {
            FRR_DAEMON_OF.forEach((stmt, daemon) -> {
                if ((line + " ").startsWith(stmt + " ")) {
                    out.add(daemon);
                }
            });
        }
        return List.copyOf(out);
    }

    // ---- links: veth pairs between namespaces ----

    /** Creates a link's veth pair with each end in its node's namespace (pid), the host's, or a host bridge. */
    private void createLink(LinkSpec l, Map<String, Integer> pids) {
        List<String> argv = new ArrayList<>(List.of("ip", "link", "add"));
        argv.addAll(endArgs(l, l.a(), pids));
        argv.addAll(List.of("type", "veth", "peer"));
        argv.addAll(endArgs(l, l.b(), pids));
        HostCommand.check("link " + l.a() + " - " + l.b(), argv.toArray(String[]::new));
        for (LinkSpec.Endpoint e : List.of(l.a(), l.b())) {
            Integer pid = pids.get(e.node());
            if (pid != null) {
                HostCommand.check("link " + e, HostCommand.inNetns(pid, "ip", "link", "set", "dev", e.iface(), "up"));
            } else if (topology.bridges().contains(e.node())) {
                HostCommand.check("link " + e, "ip", "link", "set", "dev", e.iface(), "master", e.node(), "up");
            } else {
                HostCommand.check("link " + e, "ip", "link", "set", "dev", e.iface(), "up");
            }
        }
    }

    private List<String> endArgs(LinkSpec l, LinkSpec.Endpoint e, Map<String, Integer> pids) {
        List<String> out = new ArrayList<>(List.of("name", e.iface(), "mtu", Integer.toString(l.mtu())));
        if (l.mac(e) != null) {
            out.addAll(List.of("address", l.mac(e)));
        }
        Integer pid = pids.get(e.node());
        if (pid != null) {
            out.addAll(List.of("netns", pid.toString()));
        }
        return out;
    }

    /** The topology's addresses on the node's link ends, its exec lines (not vtysh), then opens the gate. */
    void setUpNetwork(ContainerNode node) {
        StringBuilder script = new StringBuilder("set -e\n");
        for (LinkSpec l : topology.links()) {
            LinkSpec.Endpoint ep = l.end(node.name());
            if (ep != null) {
                linkAddresses(script, l, ep);
            }
        }
        if (!"true".equals(node.spec().labels().get(MGMT_DEFAULT_LABEL))) {
            // the lab's data plane is only what the topology says: no way out through management
            script.append("ip route del default dev eth0 2>/dev/null || true\nip -6 route del default dev eth0 2>/dev/null || true\n");
        }
        ContainerExec.sh(node.container(), script.toString());
        for (String line : node.spec().exec()) {
            if (!line.contains("vtysh")) {
                ContainerExec.sh(node.container(), line);
            }
        }
        // every route change from now on, stamped by the node's kernel (read by ContainerNode.events())
        ContainerExec.sh(node.container(), KernelRouteMonitor.START);
        ContainerExec.check(node.container(), "touch", READY_FILE);
    }

    /** A node label that keeps Docker's default route through the management network ({@code "true"}). */
    public static final String MGMT_DEFAULT_LABEL = "bgplab.mgmt-default-route";

    /**
     * After interfaces come back up: the topology's addresses on them and the routes and
     * addresses of the node's exec lines again (a link going down takes its routes with it, and
     * IPv6 addresses too). {@code add} becomes {@code replace}, so what survived stays as it is.
     */
    void reapplyAddresses(ContainerNode node, List<String> interfaces) {
        StringBuilder script = new StringBuilder();
        for (LinkSpec l : topology.links()) {
            LinkSpec.Endpoint ep = l.end(node.name());
            if (ep == null || !interfaces.contains(ep.iface())) {
                continue;
            }
            int idx = l.a().node().equals(node.name()) ? 0 : 1;
            for (List<String> family : List.of(l.ipv4(), l.ipv6())) {
                if (family.size() > idx && !family.get(idx).isEmpty()) {
                    script.append("ip addr replace ").append(family.get(idx)).append(" dev ").append(ep.iface()).append(" 2>/dev/null\n");
                }
            }
        }
        for (String line : node.spec().exec()) {
            String l = line.strip();
            if (l.matches("ip\\s+(-[46]\\s+)?(addr|address|a|route|r|ro)\\s+add\\s.*")) {
                script.append(l.replaceFirst("\\sadd\\s", " replace ")).append(" 2>/dev/null\n");
            }
        }
        script.append("true\n");
        ContainerExec.sh(node.container(), script.toString());
    }

    private static void linkAddresses(StringBuilder script, LinkSpec l, LinkSpec.Endpoint ep) {
        int idx = l.a().equals(ep) ? 0 : 1;
        for (List<String> family : List.of(l.ipv4(), l.ipv6())) {
            if (family.size() > idx && !family.get(idx).isEmpty()) {
                script.append("ip addr replace ").append(family.get(idx)).append(" dev ").append(ep.iface()).append('\n');
            }
        }
    }

    /**
     * After a node's container started again (its namespace is new, and its links went with the old
     * one): makes its links again, gives the far ends back their addresses and routes, runs the
     * node's set-up and waits for it.
     */
    void restarted(ContainerNode node) {
        Map<String, Integer> pids = new LinkedHashMap<>();
        for (ContainerNode n : nodes.values()) {
            var state = Docker.client().inspectContainerCmd(n.container()).exec().getState();
            if (Boolean.TRUE.equals(state.getRunning()) && state.getPidLong() != null && state.getPidLong() > 0) {
                pids.put(n.name(), state.getPidLong().intValue());
            }
        }
        for (LinkSpec l : topology.links()) {
            LinkSpec.Endpoint mine = l.end(node.name());
            if (mine == null) {
                continue;
            }
            LinkSpec.Endpoint far = l.other(mine);
            boolean farIsContainer = nodes.containsKey(far.node());
            if (farIsContainer && !pids.containsKey(far.node())) {
                continue; // made when that node starts again
            }
            if (!farIsContainer) {
                HostCommand.run("ip", "link", "del", "dev", far.iface()); // normally gone with the old namespace
            }
            createLink(l, pids);
            if (farIsContainer) {
                ContainerNode other = nodes.get(far.node());
                StringBuilder script = new StringBuilder();
                linkAddresses(script, l, far);
                for (String line : other.spec().exec()) {
                    if (!line.contains("vtysh") && (line.matches(".*\\bdev\\s+" + java.util.regex.Pattern.quote(far.iface()) + "\\b.*")
                            || line.matches("\\s*ip\\s+(-[46]\\s+)?r(o(ute)?)?\\s.*"))) {
                        script.append(line).append(" || true\n");
                    }
                }
                ContainerExec.sh(other.container(), script + "true\n");
            }
        }
        setUpNetwork(node);
        awaitReady(List.of(node));
        node.prepareFrrLog();
        if (bmp != null) {
            node.monitorBmp(bmp);
        }
    }

    private dev.bgplab.lab.bmp.BmpCollector bmp;

    /**
     * A BMP collector on the management network's gateway for the lab's FRR nodes (their BGP table
     * changes as they happen, RFC 7854), each FRR node configured to send to it; none when the lab
     * has no FRR node running bgpd.
     */
    private void startBmp() {
        if (nodes.values().stream().noneMatch(n -> n.spec().role() == dev.bgplab.lab.topology.NodeRole.FRR)) {
            return;
        }
        Map<String, String> byAddress = new LinkedHashMap<>();
        nodes.values().forEach(n -> byAddress.put(n.mgmtAddress(), n.name()));
        try {
            bmp = dev.bgplab.lab.bmp.BmpCollector.start(mgmt.gateway(), a -> byAddress.get(a.getHostAddress()));
        } catch (IOException e) {
            progress.accept("warning: no BMP collector (" + e.getMessage() + "): FRR nodes' BGP tables are read from their kernels only");
            return;
        }
        List<ContainerNode> monitored = new ArrayList<>();
        for (ContainerNode n : nodes.values()) {
            String why = n.monitorBmp(bmp);
            if (!why.isEmpty()) {
                progress.accept("  " + n.name() + ": " + why);
            } else if (n.spec().role() == dev.bgplab.lab.topology.NodeRole.FRR && n.bmpMonitored()) {
                monitored.add(n);
            }
        }
        // FRR connects within its min-retry (100 ms); one that does not says why in its "show bmp"
        try {
            Deadline.await("BMP sessions", Duration.ofSeconds(5), Duration.ofMillis(100),
                    () -> monitored.stream().allMatch(n -> bmp.connected(n.name())) ? Optional.of(true) : Optional.empty());
        } catch (TimeoutException e) {
            for (ContainerNode n : monitored) {
                if (!bmp.connected(n.name())) {
                    progress.accept("  warning: " + n.name() + " has not connected to the BMP collector at " + bmp.address().getHostAddress()
                            + ":" + bmp.port() + " (its BGP table is read from its kernel); show bmp says: "
                            + ContainerExec.run(n.container(), 10, "vtysh", "-c", "show bmp").output().strip().replace('\n', ' '));
                }
            }
        }
        progress.accept("BMP collector on " + bmp.address().getHostAddress() + ":" + bmp.port() + ": "
                + monitored.stream().filter(n -> bmp.connected(n.name())).map(ContainerNode::name).toList() + " connected");
    }

    dev.bgplab.lab.bmp.BmpCollector bmp() {
        return bmp;
    }

    void awaitReady(List<ContainerNode> waiting) {
        List<ContainerNode> left = new ArrayList<>(waiting);
        try {
            Deadline.await("nodes answer", READY_TIMEOUT, Duration.ofMillis(250), () -> {
                left.removeIf(n -> {
                    try {
                        return n.ready();
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
                return left.isEmpty() ? Optional.of(true) : Optional.empty();
            });
        } catch (TimeoutException e) {
            StringBuilder sb = new StringBuilder(left.size() + " node(s) not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                    + left.stream().map(n -> n.name() + " (" + n.notReadyReason() + ")").toList());
            for (ContainerNode n : left) {
                sb.append("\n--- ").append(n.container()).append(" log (last lines) ---\n").append(containerLog(n.container()).strip());
            }
            throw new IllegalStateException(sb.toString(), e);
        }
    }

    static String containerLog(String container) {
        try {
            StringBuilder sb = new StringBuilder();
            Docker.client().logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(15)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame f) {
                            sb.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(5, java.util.concurrent.TimeUnit.SECONDS);
            return sb.toString();
        } catch (Exception e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    // ---- files ----

    private static Path write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + p, e);
        }
    }

    private static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-rw-rw-"));
            return to;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from + " to " + to, e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new TopologyException(p + ": cannot read: " + e.getMessage());
        }
    }

    // ---- RunningLab ----

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public String runtime() {
        return "docker";
    }

    @Override
    public Map<String, LabNode> nodes() {
        return java.util.Collections.unmodifiableMap(nodes);
    }

    @Override
    public boolean containers() {
        return true;
    }

    /** The local image a node runs (after the image map). */
    public String runImage(String node) {
        return runImages.getOrDefault(node, topology.requireNode(node).image());
    }

    LabNetwork mgmt() {
        return mgmt;
    }

    Map<String, ContainerNode> containerNodes() {
        return nodes;
    }

    @Override
    public List<LabReport.Node> reportNodes() {
        List<LabReport.Node> out = new ArrayList<>();
        for (ContainerNode n : nodes.values()) {
            Map<String, String> addrs = new LinkedHashMap<>();
            addrs.put("eth0 (mgmt)", n.mgmtAddress());
            for (InterfaceAddress a : n.spec().addresses()) {
                addrs.merge(a.iface(), a.address() + "/" + a.prefixLength(), (x, y) -> x + ", " + y);
            }
            out.add(new LabReport.Node(n.name(), n.spec().role().name().toLowerCase(), runImage(n.name()), n.spec().roleLabel(), addrs));
        }
        return out;
    }

    @Override
    public List<LabReport.Link> reportLinks() {
        List<LabReport.Link> out = new ArrayList<>();
        for (LinkSpec l : topology.links()) {
            List<String> subnets = new ArrayList<>();
            if (topology.node(l.a().node()).isPresent()) {
                for (InterfaceAddress a : topology.requireNode(l.a().node()).addressesOn(l.a().iface())) {
                    subnets.add(a.subnet().toString());
                }
            }
            subnets.add("veth, mtu " + l.mtu());
            out.add(new LabReport.Link(l.a().toString(), l.b().toString(), subnets));
        }
        return out;
    }

    /** Removes every container and network of the lab, the bridges it made and its lab directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        vmRoutes.ifPresent(VmRoutes::close);
        if (bmp != null) {
            bmp.close();
        }
        teardown(topology.name());
    }

    /**
     * Removes what a lab of this name left (containers and networks labelled with its name, the host
     * bridges it made, its {@code clab-<lab>/} directory; and what older bgplab versions named
     * {@code bgplab-<lab>-*}). Containers bgplab did not label are never touched.
     */
    public static Leftovers.Found teardown(String labName) {
        List<String> bridges = new ArrayList<>();
        List<Path> labDirs = new ArrayList<>();
        for (Network n : Leftovers.labNetworks(labName)) {
            String b = n.getLabels().getOrDefault(LABEL_BRIDGES, "");
            if (!b.isBlank()) {
                bridges.addAll(Arrays.asList(b.split(",")));
            }
            String d = n.getLabels().get(LABEL_LABDIR);
            if (d != null && Path.of(d).getFileName().toString().equals("clab-" + labName)) {
                labDirs.add(Path.of(d));
            }
        }
        Leftovers.Found removed = Leftovers.cleanLab(labName);
        for (String br : bridges) {
            HostCommand.run("ip", "link", "del", "dev", br);
        }
        removeBridgeRules(labName);
        for (Path d : labDirs) {
            deleteTree(d);
        }
        // what earlier versions left: bgplab-<lab>-* containers and networks
        Leftovers.Found legacy = Leftovers.cleanUnlabelled(Topology.dockerPrefix(labName));
        List<String> containers = new ArrayList<>(removed.containers());
        containers.addAll(legacy.containers());
        List<String> networks = new ArrayList<>(removed.networks());
        networks.addAll(legacy.networks());
        return new Leftovers.Found(containers, networks);
    }

    private static String bridgeRuleComment(String labName) {
        return "bgplab-" + labName + "-bridge";
    }

    /** Removes the FORWARD rules made for a lab's bridges (found by their comment). */
    private static void removeBridgeRules(String labName) {
        CommandResult list = HostCommand.run("iptables", "-w", "5", "-S", "FORWARD");
        if (list.exitCode() != 0) {
            return;
        }
        for (String line : list.output().lines().toList()) {
            if (line.startsWith("-A FORWARD") && line.contains("--comment " + bridgeRuleComment(labName))) {
                List<String> args = new ArrayList<>(List.of("iptables", "-w", "5", "-D"));
                args.addAll(Arrays.asList(line.substring(3).trim().split("\\s+")));
                HostCommand.run(args.toArray(String[]::new));
            }
        }
    }

    private static void deleteTree(Path d) {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (var files = Files.walk(d)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not remove {}: {}", d, e.getMessage());
        }
    }
}
