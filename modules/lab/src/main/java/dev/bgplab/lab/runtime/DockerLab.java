package dev.bgplab.lab.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import dev.bgplab.lab.docker.Cidr;
import dev.bgplab.lab.docker.Deadline;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.frr.FrrJson;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a topology in Docker the way containerlab would, with Docker networks instead of veth pairs:
 * <ul>
 *   <li>{@code bgplab-<lab>-mgmt}: internal management network (172.30.N.0/24, eth0 of every node);
 *       the host holds its gateway and reaches bgplab nodes' APIs (port 8179) over it.</li>
 *   <li>one internal network per link, {@code bgplab-<lab>-<a>-<b>} (a /29 from 172.31.0.0/16 for
 *       Docker's IPAM). Inside each container the interface is renamed, by its MAC address, to the
 *       name in the topology ({@code eth1}), Docker's address is flushed, and the topology's
 *       addresses (exec lines, links' ipv4/ipv6) are added. Because Docker drops bridged traffic
 *       from addresses outside its subnet when br_netfilter is on, an {@code iptables} rule in
 *       DOCKER-USER accepts traffic within each link bridge (comment {@code bgplab-<lab>-}); it is
 *       removed at teardown.</li>
 *   <li>each node {@code bgplab-<lab>-<node>}: its command is held by a small {@code sh} gate until
 *       its interfaces and addresses exist, so daemons start on a ready network (as in containerlab).
 *       Exec lines that call vtysh run after the node answers.</li>
 * </ul>
 * One thread deploys and tears down; nodes are then read from any thread.
 */
public final class DockerLab implements RunningLab {

    private static final Logger log = LoggerFactory.getLogger(DockerLab.class);

    public static final int SPEAKER_API_PORT = 8179;
    static final String READY_FILE = "/tmp/.bgplab-ready";
    // holds the node's own command until the harness has set up its interfaces
    private static final String GATE = "while [ ! -e " + READY_FILE + " ]; do sleep 0.05; done; rm -f " + READY_FILE + "; exec \"$@\"";
    private static final Cidr LINK_RANGE = Cidr.parse("172.31.0.0/16");
    private static final String SPEAKER_CONFIG_PATH = "/etc/bgplab/speaker.yml";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Topology topology;
    private final Consumer<String> progress;
    private final Map<String, ContainerNode> nodes = new LinkedHashMap<>();
    private final Map<LinkSpec, LabNetwork> linkNetworks = new LinkedHashMap<>();
    private LabNetwork mgmt;
    private Path workDir;
    private boolean closed;

    private DockerLab(Topology topology, Consumer<String> progress) {
        this.topology = topology;
        this.progress = progress;
    }

    /** Name of the Docker network of a link: {@code bgplab-<lab>-<a>-<b>} (with the interfaces when two links join the same nodes). */
    public static String linkNetworkName(Topology t, LinkSpec l) {
        long same = t.links().stream().filter(o -> o.a().node().equals(l.a().node()) && o.b().node().equals(l.b().node())).count();
        String base = t.dockerPrefix() + l.a().node() + "-" + l.b().node();
        return same > 1 ? base + "-" + l.a().iface() + "-" + l.b().iface() : base;
    }

    /** Deploys the topology; on failure everything created so far is removed. */
    public static DockerLab deploy(Topology topology, Consumer<String> progress) {
        DockerLab lab = new DockerLab(topology, progress);
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
        DockerLab lab = new DockerLab(topology, s -> { });
        lab.closed = true;
        Map<String, LabNode> out = new LinkedHashMap<>();
        for (NodeSpec n : topology.nodes()) {
            String name = topology.dockerPrefix() + n.name();
            try {
                ContainerNetwork mgmtNet = Docker.client().inspectContainerCmd(name).exec().getNetworkSettings().getNetworks()
                        .get(topology.dockerPrefix() + "mgmt");
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
        for (var c : Docker.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.bgplab.lab", labName)).exec()) {
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

    private void deploy() {
        DockerClient client = Docker.client();
        Leftovers.Found existing = Leftovers.find(topology.dockerPrefix());
        if (!existing.isEmpty()) {
            throw new IllegalStateException("lab '" + topology.name() + "' is already up (" + existing.containers() + ", "
                    + existing.networks() + "); take it down first: bgplab lab down " + topology.file());
        }
        for (NodeSpec n : topology.nodes()) {
            requireImage(client, n);
        }
        try {
            workDir = Files.createTempDirectory("bgplab-" + topology.name() + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary folder for node configs", e);
        }
        progress.accept("creating networks: " + topology.dockerPrefix() + "mgmt and " + topology.links().size() + " link(s)");
        mgmt = LabNetwork.createFree(topology.dockerPrefix() + "mgmt", false, 100);
        List<Cidr> taken = usedSubnets(client);
        for (LinkSpec l : topology.links()) {
            Cidr subnet = freeLinkSubnet(taken);
            taken.add(subnet);
            LabNetwork net = LabNetwork.create(linkNetworkName(topology, l), subnet.toString(), null);
            linkNetworks.put(l, net);
            allowBridgedTraffic(net);
        }
        int i = 0;
        for (NodeSpec n : topology.nodes()) {
            String address = mgmt.ipv4(10 + i++);
            progress.accept("creating node " + n.name() + " (" + n.role().name().toLowerCase() + ", " + n.image() + ")");
            nodes.put(n.name(), create(client, n, address));
        }
        for (ContainerNode node : nodes.values()) {
            client.startContainerCmd(node.container()).exec();
        }
        for (ContainerNode node : nodes.values()) {
            setUpNetwork(node);
        }
        progress.accept("waiting for " + nodes.size() + " node(s) to answer");
        awaitReady(List.copyOf(nodes.values()));
        for (ContainerNode node : nodes.values()) {
            for (String line : node.spec().exec()) {
                if (line.contains("vtysh")) {
                    ContainerExec.sh(node.container(), line);
                }
            }
        }
    }

    private static void requireImage(DockerClient client, NodeSpec n) {
        try {
            client.inspectImageCmd(n.image()).exec();
        } catch (NotFoundException e) {
            String how = n.image().startsWith("bgplab/speaker")
                    ? "build it with: ./mvnw -q -o -DskipTests package && BGPLAB_JAR=$PWD/modules/cli/target/bgplab.jar docker/images.sh speaker"
                    : n.image().startsWith("bgplab/frr") ? "build it with: docker/images.sh frr"
                    : "the lab never pulls images; load or build it locally";
            throw new TopologyException(n.name() + ": image " + n.image() + " is not present; " + how);
        }
    }

    private ContainerNode create(DockerClient client, NodeSpec n, String mgmtAddress) {
        String name = topology.dockerPrefix() + n.name();
        var image = client.inspectImageCmd(n.image()).exec().getConfig();
        List<String> entry = n.entrypoint().map(ContainerExec::words)
                .orElse(image == null || image.getEntrypoint() == null ? List.of() : Arrays.asList(image.getEntrypoint()));
        List<String> cmd = n.cmd().map(ContainerExec::words).orElse(null);
        List<Bind> binds = new ArrayList<>(n.binds().stream().map(Bind::parse).toList());
        if (n.role() == NodeRole.BGPLAB && n.speakerConfig().isPresent()) {
            Path conf = writeConfig(n.name() + "-speaker.yml", SpeakerConfigs.forContainer(n.name(), read(Path.of(n.speakerConfig().get()))));
            binds.add(Bind.parse(conf + ":" + SPEAKER_CONFIG_PATH + ":ro"));
            if (cmd == null) {
                cmd = List.of("speaker", "--config", SPEAKER_CONFIG_PATH);
            }
        }
        if (n.role() == NodeRole.FRR && n.startupConfig().isPresent()) {
            binds.add(Bind.parse(n.startupConfig().get() + ":/etc/frr/frr.conf"));
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
        labels.put("dev.bgplab.lab", topology.name());
        labels.put("dev.bgplab.node", n.name());
        labels.put(TOPOLOGY_LABEL, topology.file().toAbsolutePath().toString());
        labels.put("containerlab", topology.name());
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1");
        sysctls.put("net.ipv6.conf.all.disable_ipv6", "0");
        sysctls.put("net.ipv6.conf.all.forwarding", "1");
        String id = client.createContainerCmd(n.image())
                .withName(name)
                .withHostName(n.name())
                .withEntrypoint("/bin/sh", "-c", GATE)
                .withCmd(gated)
                .withEnv(n.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(labels)
                .withIpv4Address(mgmtAddress)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(mgmt.name())
                        .withBinds(binds)
                        .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN)
                        .withSysctls(sysctls))
                .exec().getId();
        for (LinkSpec l : topology.links()) {
            if (l.end(n.name()) == null) {
                continue;
            }
            LabNetwork net = linkNetworks.get(l);
            String ip = net.ipv4(l.a().node().equals(n.name()) ? 2 : 3);
            client.connectToNetworkCmd().withNetworkId(net.id()).withContainerId(id)
                    .withContainerNetwork(new ContainerNetwork().withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(ip))).exec();
        }
        return new ContainerNode(this, n, name, mgmtAddress);
    }

    /**
     * Renames the container's interfaces to the topology's names (found by MAC address; through
     * temporary names so that two swaps cannot collide), replaces Docker's link addresses with the
     * topology's, runs the exec lines, and opens the gate. Also used after a node is started again.
     */
    void setUpNetwork(ContainerNode node) {
        DockerClient client = Docker.client();
        InspectContainerResponse info = client.inspectContainerCmd(node.container()).exec();
        Map<String, ContainerNetwork> nets = info.getNetworkSettings().getNetworks();
        Map<String, String> wantedByMac = new LinkedHashMap<>();
        wantedByMac.put(nets.get(mgmt.name()).getMacAddress(), "eth0");
        List<String> linkIfaces = new ArrayList<>();
        for (Map.Entry<LinkSpec, LabNetwork> e : linkNetworks.entrySet()) {
            LinkSpec.Endpoint ep = e.getKey().end(node.name());
            if (ep != null) {
                wantedByMac.put(nets.get(e.getValue().name()).getMacAddress(), ep.iface());
                linkIfaces.add(ep.iface());
            }
        }
        Map<String, String> currentByMac = new LinkedHashMap<>();
        for (var link : FrrJson.read(ContainerExec.check(node.container(), "ip", "-j", "link"))) {
            currentByMac.put(link.path("address").asText(), link.path("ifname").asText());
        }
        StringBuilder script = new StringBuilder("set -e\n");
        int k = 0;
        Map<String, String> temp = new LinkedHashMap<>();
        for (Map.Entry<String, String> w : wantedByMac.entrySet()) {
            String cur = currentByMac.get(w.getKey());
            if (cur == null) {
                throw new IllegalStateException(node.name() + ": no interface with MAC " + w.getKey() + " for " + w.getValue());
            }
            if (!cur.equals(w.getValue())) {
                String t = "bgltmp" + k++;
                script.append("ip link set dev ").append(cur).append(" down\nip link set dev ").append(cur).append(" name ").append(t).append('\n');
                temp.put(t, w.getValue());
            }
        }
        temp.forEach((t, want) -> script.append("ip link set dev ").append(t).append(" name ").append(want)
                .append("\nip link set dev ").append(want).append(" up\n"));
        for (String iface : linkIfaces) {
            script.append("ip -4 addr flush dev ").append(iface).append('\n');
        }
        for (LinkSpec l : topology.links()) {
            LinkSpec.Endpoint ep = l.end(node.name());
            if (ep == null) {
                continue;
            }
            int idx = l.a().node().equals(node.name()) ? 0 : 1;
            for (List<String> family : List.of(l.ipv4(), l.ipv6())) {
                if (family.size() > idx && !family.get(idx).isEmpty()) {
                    script.append("ip addr replace ").append(family.get(idx)).append(" dev ").append(ep.iface()).append('\n');
                }
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

    void awaitReady(List<ContainerNode> waiting) {
        List<ContainerNode> left = new ArrayList<>(waiting);
        try {
            Deadline.await("nodes " + left.stream().map(ContainerNode::name).toList() + " answer", READY_TIMEOUT,
                    Duration.ofMillis(250), () -> {
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
            StringBuilder sb = new StringBuilder(e.getMessage());
            for (ContainerNode n : left) {
                sb.append("\n--- ").append(n.container()).append(" log (last lines) ---\n").append(containerLog(n.container()));
            }
            throw new IllegalStateException(sb.toString(), e);
        }
    }

    private static String containerLog(String container) {
        try {
            StringBuilder sb = new StringBuilder();
            Docker.client().logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(30)
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

    private static List<Cidr> usedSubnets(DockerClient client) {
        List<Cidr> out = new ArrayList<>();
        for (Network n : client.listNetworksCmd().exec()) {
            if (n.getIpam() != null && n.getIpam().getConfig() != null) {
                n.getIpam().getConfig().stream().filter(c -> c.getSubnet() != null).forEach(c -> out.add(Cidr.parse(c.getSubnet())));
            }
        }
        return out;
    }

    private static Cidr freeLinkSubnet(List<Cidr> taken) {
        for (long n = 0; n < 8192; n++) {
            Cidr c = new Cidr(LINK_RANGE.host(n * 8), 29);
            if (taken.stream().noneMatch(t -> t.overlaps(c))) {
                return c;
            }
        }
        throw new IllegalStateException("no free /29 left in " + LINK_RANGE + "; remove stale networks (docker network ls --filter name=bgplab-)");
    }

    // ---- the DOCKER-USER rule that lets the topology's own addresses cross a link bridge ----

    private void allowBridgedTraffic(LabNetwork net) {
        String bridge = "br-" + net.id().substring(0, 12);
        ProcessResult r = iptables("-I", "DOCKER-USER", "-i", bridge, "-o", bridge, "-m", "comment", "--comment",
                topology.dockerPrefix(), "-j", "ACCEPT");
        if (r.code != 0) {
            log.warn("could not add an iptables ACCEPT rule for {} ({}): addresses outside Docker's subnet may be dropped "
                    + "between containers when br_netfilter is loaded", bridge, r.output.strip());
        }
    }

    /** Removes the DOCKER-USER rules of a lab (by their comment). */
    static void removeIptablesRules(String prefix) {
        ProcessResult list = iptables("-S", "DOCKER-USER");
        if (list.code != 0) {
            return;
        }
        for (String line : list.output.lines().toList()) {
            if (line.startsWith("-A DOCKER-USER") && line.contains("--comment " + prefix + " ")) {
                List<String> args = new ArrayList<>(Arrays.asList(line.substring(3).trim().split("\\s+")));
                args.add(0, "-D");
                iptables(args.toArray(String[]::new));
            }
        }
    }

    private record ProcessResult(int code, String output) {
    }

    private static ProcessResult iptables(String... args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5"));
        argv.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new ProcessResult(p.waitFor(), out);
        } catch (IOException e) {
            return new ProcessResult(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessResult(-1, "interrupted");
        }
    }

    // ---- files ----

    private Path writeConfig(String fileName, String text) {
        try {
            Path p = workDir.resolve(fileName);
            Files.writeString(p, text);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + fileName + " in " + workDir, e);
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

    @Override
    public List<LabReport.Node> reportNodes() {
        List<LabReport.Node> out = new ArrayList<>();
        for (ContainerNode n : nodes.values()) {
            Map<String, String> addrs = new LinkedHashMap<>();
            addrs.put("eth0 (mgmt)", n.mgmtAddress());
            for (InterfaceAddress a : n.spec().addresses()) {
                addrs.merge(a.iface(), a.address() + "/" + a.prefixLength(), (x, y) -> x + ", " + y);
            }
            out.add(new LabReport.Node(n.name(), n.spec().role().name().toLowerCase(), n.spec().image(), n.spec().roleLabel(), addrs));
        }
        return out;
    }

    @Override
    public List<LabReport.Link> reportLinks() {
        List<LabReport.Link> out = new ArrayList<>();
        for (Map.Entry<LinkSpec, LabNetwork> e : linkNetworks.entrySet()) {
            List<String> subnets = new ArrayList<>();
            for (InterfaceAddress a : topology.requireNode(e.getKey().a().node()).addressesOn(e.getKey().a().iface())) {
                subnets.add(a.subnet().toString());
            }
            subnets.add("docker " + e.getValue().ipv4Subnet() + " (" + e.getValue().name() + ")");
            out.add(new LabReport.Link(e.getKey().a().toString(), e.getKey().b().toString(), subnets));
        }
        return out;
    }

    /** Removes every container and network of the lab, its iptables rules and temporary files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        teardown(topology.name());
        if (workDir != null) {
            try (var files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.debug("could not remove {}: {}", workDir, e.getMessage());
            }
        }
    }

    /** Removes what a lab of this name left in Docker (containers, networks, iptables rules), by name. */
    public static Leftovers.Found teardown(String labName) {
        String prefix = Topology.dockerPrefix(labName);
        Leftovers.Found removed = Leftovers.clean(prefix);
        removeIptablesRules(prefix);
        // the node configs a `lab up` left mounted (java.io.tmpdir/bgplab-<lab>-<random digits>)
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(prefix) + "-?\\d+")
                    && Files.isDirectory(d)).toList()) {
                try (var files = Files.walk(d)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            log.debug("could not clean temporary folders of {}: {}", labName, e.getMessage());
        }
        return removed;
    }
}
