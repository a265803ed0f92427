package dev.bgplab.lab.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A lab topology read from a containerlab {@code *.clab.yml} file: its name, nodes and links.
 * Immutable. {@link TopologyLoader#load(Path)} reads and validates one.
 *
 * @param prefix   containerlab's {@code prefix}: null for the default ({@code clab}), "" for bare node names
 * @param mgmt     containerlab's {@code mgmt} block (network name, subnets)
 * @param bridges  names of {@code kind: bridge} nodes: Linux bridges in the host that links may end on
 * @param warnings fields the file sets that bgplab reads but does not honour, one sentence each
 */
public record Topology(String name, Path file, List<NodeSpec> nodes, List<LinkSpec> links, String prefix, Mgmt mgmt,
        List<String> bridges, List<String> warnings) {

    /** Label: the bgplab speaker's YAML config file, relative to the topology file. */
    public static final String LABEL_CONFIG = "bgplab.config";
    /** Label: what the node plays (azure-route-server, nva, vm, ...); {@code vm} makes a plain host. */
    public static final String LABEL_ROLE = "bgplab.role";
    /** Docker label on every container and network a lab creates; its value is the lab's name. */
    public static final String DOCKER_LABEL_LAB = "dev.bgplab.lab";
    /** containerlab's value of {@code prefix} that names containers {@code <lab>-<node>}. */
    public static final String PREFIX_LAB_NAME = "__lab-name";

    /** containerlab's {@code mgmt}: each field null when the file leaves it to the default. */
    public record Mgmt(String network, String ipv4Subnet, String ipv6Subnet) {
        public static final Mgmt DEFAULT = new Mgmt(null, null, null);
    }

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        bridges = List.copyOf(bridges);
        warnings = List.copyOf(warnings);
        mgmt = mgmt == null ? Mgmt.DEFAULT : mgmt;
    }

    public Topology(String name, Path file, List<NodeSpec> nodes, List<LinkSpec> links) {
        this(name, file, nodes, links, null, Mgmt.DEFAULT, List.of(), List.of());
    }

    /** The folder the file sits in: relative paths in it (binds, configs) start there. */
    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    /** containerlab's lab directory beside the topology file: {@code clab-<name>/}. */
    public Path labDir() {
        return dir().resolve("clab-" + name);
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public NodeSpec requireNode(String name) {
        return node(name).orElseThrow(() -> new TopologyException(file + ": no node named '" + name + "'; nodes are "
                + nodes.stream().map(NodeSpec::name).toList()));
    }

    /**
     * The container of a node, as containerlab names it: {@code clab-<lab>-<node>} by default,
     * {@code <node>} with {@code prefix: ""}, {@code <lab>-<node>} with {@code prefix: __lab-name},
     * {@code <prefix>-<lab>-<node>} otherwise.
     */
    public String containerName(String node) {
        if (prefix == null) {
            return "clab-" + name + "-" + node;
        }
        if (prefix.isEmpty()) {
            return node;
        }
        if (prefix.equals(PREFIX_LAB_NAME)) {
            return name + "-" + node;
        }
        return prefix + "-" + name + "-" + node;
    }

    /** The management network's name: {@code mgmt.network}, else {@code bgplab-<name>-mgmt}. */
    public String mgmtNetwork() {
        return mgmt.network() != null ? mgmt.network() : dockerPrefix() + "mgmt";
    }

    /** Prefix of the Docker networks bgplab names itself for this lab: {@code bgplab-<name>-}. */
    public String dockerPrefix() {
        return dockerPrefix(name);
    }

    public static String dockerPrefix(String labName) {
        return "bgplab-" + labName + "-";
    }

    /** True when every node is a bgplab speaker (the lab can run in-process). */
    public boolean allBgplab() {
        return nodes.stream().allMatch(n -> n.role() == NodeRole.BGPLAB) && bridges.isEmpty()
                && links.stream().noneMatch(l -> l.a().node().equals(LinkSpec.HOST) || l.b().node().equals(LinkSpec.HOST));
    }

    /** The scenario file beside the topology: {@code x.clab.yml} -> {@code x.scenario.yml}. */
    public Path scenarioFile() {
        String f = file.getFileName().toString();
        String base = f.endsWith(".clab.yml") ? f.substring(0, f.length() - ".clab.yml".length())
                : f.endsWith(".clab.yaml") ? f.substring(0, f.length() - ".clab.yaml".length())
                : f.replaceFirst("\\.ya?ml$", "");
        return dir().resolve(base + ".scenario.yml");
    }
}
