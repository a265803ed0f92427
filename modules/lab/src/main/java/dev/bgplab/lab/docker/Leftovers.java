package dev.bgplab.lab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes containers and networks left behind by an earlier run (Ryuk is off, so a
 * killed test JVM leaves them). Only names that start with the given prefix are touched, and the
 * prefix itself must start with {@code bgplab-}; a lab's containers (named as containerlab names
 * them, {@code clab-<lab>-<node>} or as its {@code prefix} says) are found by their Docker label
 * {@code dev.bgplab.lab=<lab>} instead, so that a container bgplab did not create is never touched.
 */
public final class Leftovers {

    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

    /** What was found (or removed): container and network names. */
    public record Found(List<String> containers, List<String> networks) {
        public boolean isEmpty() {
            return containers.isEmpty() && networks.isEmpty();
        }
    }

    private Leftovers() {
    }

    /** Containers (running or not) and networks whose name starts with {@code prefix}. */
    public static Found find(String prefix) {
        requirePrefix(prefix);
        DockerClient client = Docker.client();
        List<String> containers = containersOf(client, prefix, false).stream().map(c -> nameOf(c, prefix)).toList();
        List<String> networks = networksOf(client, prefix, false).stream().map(Network::getName).toList();
        return new Found(containers, networks);
    }

    /** Removes (forcefully) every container, then every network, whose name starts with {@code prefix}. */
    public static Found clean(String prefix) {
        return clean(prefix, false);
    }

    /**
     * As {@link #clean(String)}, but leaves every container and network a deployed lab labelled
     * with its name ({@code dev.bgplab.lab=<lab>}): those go with {@link #cleanLab}, never by a name
     * prefix, since lab "x"'s old prefix bgplab-x- also starts bgplab-x-4-mgmt of a running lab "x-4".
     */
    public static Found cleanUnlabelled(String prefix) {
        return clean(prefix, true);
    }

    private static Found clean(String prefix, boolean skipLabs) {
        requirePrefix(prefix);
        DockerClient client = Docker.client();
        List<String> containers = new ArrayList<>();
        for (Container container : containersOf(client, prefix, skipLabs)) {
            Docker.ignoringMissing(() -> client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
            containers.add(nameOf(container, prefix));
        }
        List<String> networks = new ArrayList<>();
        for (Network network : networksOf(client, prefix, skipLabs)) {
            Docker.ignoringMissing(() -> client.removeNetworkCmd(network.getId()).exec());
            networks.add(network.getName());
        }
        Found removed = new Found(List.copyOf(containers), List.copyOf(networks));
        if (!removed.isEmpty()) {
            log.info("removed leftovers with prefix {}: containers {}, networks {}", prefix, containers, networks);
        }
        return removed;
    }

    /** The label every container and network of a lab carries; its value is the lab's name. */
    public static final String LAB_LABEL = "dev.bgplab.lab";

    /** Containers (running or not) and networks labelled {@code dev.bgplab.lab=<labName>}. */
    public static Found findLab(String labName) {
        DockerClient client = Docker.client();
        return new Found(labContainers(client, labName).stream().map(Leftovers::nameOf).toList(),
                labNetworks(client, labName).stream().map(Network::getName).toList());
    }

    /** Removes (forcefully) every container, then every network, labelled {@code dev.bgplab.lab=<labName>}. */
    public static Found cleanLab(String labName) {
        DockerClient client = Docker.client();
        List<String> containers = new ArrayList<>();
        for (Container container : labContainers(client, labName)) {
            Docker.ignoringMissing(() -> client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec());
            containers.add(nameOf(container));
        }
        List<String> networks = new ArrayList<>();
        for (Network network : labNetworks(client, labName)) {
            Docker.ignoringMissing(() -> client.removeNetworkCmd(network.getId()).exec());
            networks.add(network.getName());
        }
        return new Found(List.copyOf(containers), List.copyOf(networks));
    }

    /** The lab's networks with their labels (teardown reads what the lab made in the host from them). */
    public static List<Network> labNetworks(String labName) {
        return labNetworks(Docker.client(), labName);
    }

    private static List<Container> labContainers(DockerClient client, String labName) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of(LAB_LABEL, labName)).exec().stream()
                .filter(c -> c.getLabels() != null && labName.equals(c.getLabels().get(LAB_LABEL)))
                .toList();
    }

    private static List<Network> labNetworks(DockerClient client, String labName) {
        return client.listNetworksCmd().withFilter("label", List.of(LAB_LABEL + "=" + labName)).exec().stream()
                .filter(n -> n.getLabels() != null && labName.equals(n.getLabels().get(LAB_LABEL)))
                .toList();
    }

    private static String nameOf(Container container) {
        return container.getNames() == null || container.getNames().length == 0 ? container.getId() : stripSlash(container.getNames()[0]);
    }

    private static void requirePrefix(String prefix) {
        if (prefix == null || !prefix.startsWith(Docker.NAME_PREFIX) || prefix.length() <= Docker.NAME_PREFIX.length()) {
            throw new IllegalArgumentException("leftover prefix '" + prefix + "' must start with '" + Docker.NAME_PREFIX
                    + "' and be longer than it (e.g. bgplab-test-peering-), so that nothing else is touched");
        }
    }

    private static List<Container> containersOf(DockerClient client, String prefix, boolean skipLabs) {
        // the engine's name filter matches substrings; keep only real prefix matches
        return client.listContainersCmd().withShowAll(true).withNameFilter(List.of(prefix)).exec().stream()
                .filter(c -> c.getNames() != null && Arrays.stream(c.getNames()).anyMatch(n -> stripSlash(n).startsWith(prefix)))
                .filter(c -> !skipLabs || c.getLabels() == null || !c.getLabels().containsKey(LAB_LABEL))
                .toList();
    }

    private static List<Network> networksOf(DockerClient client, String prefix, boolean skipLabs) {
        return client.listNetworksCmd().exec().stream()
                .filter(n -> n.getName() != null && n.getName().startsWith(prefix))
                .filter(n -> !skipLabs || n.getLabels() == null || !n.getLabels().containsKey(LAB_LABEL))
                .toList();
    }

    private static String nameOf(Container container, String prefix) {
        return Arrays.stream(container.getNames()).map(Leftovers::stripSlash).filter(n -> n.startsWith(prefix))
                .findFirst().orElse(container.getId());
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
