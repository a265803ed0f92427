package dev.bgplab.lab.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a topology as written in the {@code *.clab.yml} (after containerlab's defaults and
 * kinds were merged in): what to run and how to set it up.
 *
 * @param binds         containerlab binds, host paths already resolved against the topology's folder
 * @param startupConfig resolved path of {@code startup-config}, if any (FRR: copied to /etc/frr/frr.conf)
 * @param exec          commands run in the node after its interfaces exist (containerlab's post-deploy exec)
 * @param addresses     interface addresses from {@code ip addr add} exec lines and links' {@code ipv4}/{@code ipv6}
 */
public record NodeSpec(String name, String kind, String image, NodeRole role, List<String> binds,
        Optional<String> startupConfig, List<String> exec, Map<String, String> env, Map<String, String> labels,
        Optional<String> cmd, Optional<String> entrypoint, List<InterfaceAddress> addresses) {

    public NodeSpec {
        binds = List.copyOf(binds);
        exec = List.copyOf(exec);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        addresses = List.copyOf(addresses);
    }

    /** The label {@code bgplab.role} (e.g. azure-route-server, nva, vm), else the role's name. */
    public String roleLabel() {
        return labels.getOrDefault(Topology.LABEL_ROLE, role.name().toLowerCase());
    }

    /** The bgplab speaker YAML (label {@code bgplab.config}), resolved against the topology's folder. */
    public Optional<String> speakerConfig() {
        return Optional.ofNullable(labels.get(Topology.LABEL_CONFIG));
    }

    /** The node's addresses on one interface. */
    public List<InterfaceAddress> addressesOn(String iface) {
        return addresses.stream().filter(a -> a.iface().equals(iface)).toList();
    }
}
