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
 * @param group         containerlab's {@code group}, or ""
 * @param mgmtIpv4      {@code mgmt-ipv4}, or null for the next free address
 * @param mgmtIpv6      {@code mgmt-ipv6}, or null
 * @param sysctls       {@code sysctls}, on top of bgplab's defaults (forwarding on)
 */
public record NodeSpec(String name, String kind, String image, NodeRole role, List<String> binds,
        Optional<String> startupConfig, List<String> exec, Map<String, String> env, Map<String, String> labels,
        Optional<String> cmd, Optional<String> entrypoint, List<InterfaceAddress> addresses, String group,
        String mgmtIpv4, String mgmtIpv6, Map<String, String> sysctls) {

    public NodeSpec {
        binds = List.copyOf(binds);
        exec = List.copyOf(exec);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        addresses = List.copyOf(addresses);
        sysctls = Map.copyOf(sysctls);
        group = group == null ? "" : group;
    }

    public NodeSpec(String name, String kind, String image, NodeRole role, List<String> binds,
            Optional<String> startupConfig, List<String> exec, Map<String, String> env, Map<String, String> labels,
            Optional<String> cmd, Optional<String> entrypoint, List<InterfaceAddress> addresses) {
        this(name, kind, image, role, binds, startupConfig, exec, env, labels, cmd, entrypoint, addresses, "", null, null, Map.of());
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

    /** The host path bound to {@code containerPath} by one of the binds, if any. */
    public Optional<String> boundTo(String containerPath) {
        for (String b : binds) {
            String[] p = b.split(":", 3);
            if (p.length >= 2 && p[1].equals(containerPath)) {
                return Optional.of(p[0]);
            }
        }
        return Optional.empty();
    }
}
