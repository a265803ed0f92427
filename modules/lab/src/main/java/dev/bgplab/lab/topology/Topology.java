package dev.bgplab.lab.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A lab topology read from a containerlab {@code *.clab.yml} file: its name, nodes and links.
 * Immutable. {@link TopologyLoader#load(Path)} reads and validates one.
 */
public record Topology(String name, Path file, List<NodeSpec> nodes, List<LinkSpec> links) {

    /** Label: the bgplab speaker's YAML config file, relative to the topology file. */
    public static final String LABEL_CONFIG = "bgplab.config";
    /** Label: what the node plays (azure-route-server, nva, vm, ...); {@code vm} makes a plain host. */
    public static final String LABEL_ROLE = "bgplab.role";

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    /** The folder the file sits in: relative paths in it (binds, configs) start there. */
    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public NodeSpec requireNode(String name) {
        return node(name).orElseThrow(() -> new TopologyException(file + ": no node named '" + name + "'; nodes are "
                + nodes.stream().map(NodeSpec::name).toList()));
    }

    /** Prefix of every container and network of this lab: {@code bgplab-<name>-}. */
    public String dockerPrefix() {
        return dockerPrefix(name);
    }

    public static String dockerPrefix(String labName) {
        return "bgplab-" + labName + "-";
    }

    /** True when every node is a bgplab speaker (the lab can run in-process). */
    public boolean allBgplab() {
        return nodes.stream().allMatch(n -> n.role() == NodeRole.BGPLAB);
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
