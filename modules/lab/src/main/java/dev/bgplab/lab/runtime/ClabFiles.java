package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.topology.LinkSpec;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What containerlab writes into {@code clab-<lab>/} after a deploy, for the tools that read it:
 * {@code topology-data.json} (nodes with their container names, images, management addresses and
 * lab directories; links with both ends) and {@code ansible-inventory.yml} (hosts grouped by kind
 * and by group). Also the rows of {@code bgplab lab inspect}, containerlab's table.
 */
public final class ClabFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One row of {@code lab inspect}. */
    public record Row(String name, String kind, String image, String state, String ipv4, String ipv6, String api) {
    }

    private ClabFiles() {
    }

    /** Rows for the lab's containers (found by their label) as Docker reports them now; any process may ask. */
    public static List<Row> inspect(String labName) {
        List<Row> rows = new ArrayList<>();
        var containers = Docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(dev.bgplab.lab.docker.Leftovers.LAB_LABEL, labName)).exec();
        for (var c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
            String v4 = "N/A";
            String v6 = "N/A";
            String ip = null;
            if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
                for (ContainerNetwork net : c.getNetworkSettings().getNetworks().values()) {
                    if (net.getIpAddress() != null && !net.getIpAddress().isEmpty()) {
                        ip = net.getIpAddress();
                        v4 = ip + "/" + net.getIpPrefixLen();
                    }
                    if (net.getGlobalIPv6Address() != null && !net.getGlobalIPv6Address().isEmpty()) {
                        v6 = net.getGlobalIPv6Address() + "/" + net.getGlobalIPv6PrefixLen();
                    }
                }
            }
            String image = c.getImage();
            String asked = labels.getOrDefault("dev.bgplab.image", image);
            String shownImage = asked.equals(image) ? image : asked + " (runs " + image + ")";
            String api = "true".equals(labels.get(API_LABEL)) && ip != null ? "http://" + ip + ":" + DockerLab.SPEAKER_API_PORT : "";
            rows.add(new Row(name, labels.getOrDefault("clab-node-kind", "linux"), shownImage, c.getState(), v4, v6, api));
        }
        rows.sort(java.util.Comparator.comparing(Row::name));
        return rows;
    }

    /** Label on bgplab speaker containers: they serve the management API on port 8179. */
    static final String API_LABEL = "dev.bgplab.api";

    /** containerlab's table: Name, Kind/Image, State, IPv4/6 Address, and the API of bgplab nodes. */
    public static String table(List<Row> rows) {
        boolean api = rows.stream().anyMatch(r -> !r.api().isEmpty());
        List<List<String[]>> blocks = new ArrayList<>();
        blocks.add(List.<String[]>of(api ? new String[] {"Name", "Kind/Image", "State", "IPv4/6 Address", "API"}
                : new String[] {"Name", "Kind/Image", "State", "IPv4/6 Address"}));
        for (Row r : rows) {
            blocks.add(List.of(api ? new String[] {r.name(), r.kind(), r.state(), r.ipv4(), r.api()} : new String[] {r.name(), r.kind(), r.state(), r.ipv4()},
                    api ? new String[] {"", r.image(), "", r.ipv6(), ""} : new String[] {"", r.image(), "", r.ipv6()}));
        }
        int cols = blocks.get(0).get(0).length;
        int[] w = new int[cols];
        blocks.forEach(b -> b.forEach(c -> {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }));
        StringBuilder sb = new StringBuilder(rule(w, "╭", "┬", "╮")).append('\n');
        for (int b = 0; b < blocks.size(); b++) {
            if (b > 0) {
                sb.append(rule(w, "├", "┼", "┤")).append('\n');
            }
            for (String[] c : blocks.get(b)) {
                sb.append("│");
                for (int i = 0; i < cols; i++) {
                    sb.append(' ').append(c[i]).append(" ".repeat(w[i] - c[i].length() + 1)).append('│');
                }
                sb.append('\n');
            }
        }
        return sb.append(rule(w, "╰", "┴", "╯")).append('\n').toString();
    }

    private static String rule(int[] w, String left, String mid, String right) {
        StringBuilder sb = new StringBuilder(left);
        for (int i = 0; i < w.length; i++) {
            sb.append("─".repeat(w[i] + 2)).append(i == w.length - 1 ? right : mid);
        }
        return sb.toString();
    }

    /** Writes {@code topology-data.json} and {@code ansible-inventory.yml} into the lab directory. */
    static void write(Topology topology, DockerLab lab) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", topology.name());
        root.put("type", "clab");
        ObjectNode mgmt = root.putObject("clab").putObject("config").put("prefix", topology.prefix() == null ? "clab" : topology.prefix())
                .putObject("mgmt");
        mgmt.put("network", lab.mgmt().name());
        mgmt.put("ipv4-subnet", lab.mgmt().ipv4Subnet().toString());
        mgmt.put("ipv4-gw", lab.mgmt().gateway().getHostAddress());
        lab.mgmt().ipv6Subnet().ifPresent(s -> mgmt.put("ipv6-subnet", s.toString()));
        mgmt.put("external-access", false);
        root.putArray("ssh-pub-keys");
        ObjectNode nodes = root.putObject("nodes");
        int index = 0;
        for (ContainerNode n : lab.containerNodes().values()) {
            NodeSpec s = n.spec();
            ObjectNode o = nodes.putObject(s.name());
            o.put("index", Integer.toString(index++));
            o.put("shortname", s.name());
            o.put("longname", n.container());
            o.put("fqdn", s.name() + "." + topology.name() + ".io");
            o.put("group", s.group());
            o.put("labdir", topology.labDir().resolve(s.name()).toString());
            o.put("kind", s.kind());
            o.put("image", lab.runImage(s.name()));
            o.put("topology-image", s.image());
            o.put("mgmt-net", "");
            o.put("mgmt-intf", "eth0");
            o.put("mgmt-ipv4-address", n.mgmtAddress());
            o.put("mgmt-ipv4-prefix-length", lab.mgmt().ipv4Subnet().prefixLength());
            o.put("mgmt-ipv4-gateway", lab.mgmt().gateway().getHostAddress());
            o.put("mgmt-ipv6-address", s.mgmtIpv6() == null ? "" : s.mgmtIpv6());
            o.put("mgmt-ipv6-prefix-length", lab.mgmt().ipv6Subnet().map(c -> c.prefixLength()).orElse(0));
            o.put("mac-address", "");
            ObjectNode labels = o.putObject("labels");
            labels.put("clab-mgmt-net-bridge", "");
            labels.put("clab-node-group", s.group());
            labels.put("clab-node-kind", s.kind());
            labels.put("clab-node-lab-dir", topology.labDir().resolve(s.name()).toString());
            labels.put("clab-node-name", s.name());
            labels.put("clab-node-type", "");
            labels.put("clab-topo-file", topology.file().toAbsolutePath().toString());
            labels.put("containerlab", topology.name());
            s.labels().forEach(labels::put);
            o.putArray("port-bindings");
            if (s.role() == NodeRole.BGPLAB) {
                o.put("bgplab-api", "http://" + n.mgmtAddress() + ":" + DockerLab.SPEAKER_API_PORT);
            }
        }
        ArrayNode links = root.putArray("links");
        for (LinkSpec l : topology.links()) {
            ObjectNode eps = links.addObject().putObject("endpoints");
            end(eps.putObject("a"), l, l.a(), "z");
            end(eps.putObject("z"), l, l.b(), "a");
        }
        try {
            Files.createDirectories(topology.labDir());
            Files.writeString(topology.labDir().resolve("topology-data.json"), JSON.writeValueAsString(root) + "\n");
            Files.writeString(topology.labDir().resolve("ansible-inventory.yml"), inventory(topology, lab));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + topology.labDir() + "/topology-data.json: " + e.getMessage(), e);
        }
    }

    private static void end(ObjectNode o, LinkSpec l, LinkSpec.Endpoint e, String peer) {
        o.put("node", e.node());
        o.put("interface", e.iface());
        o.put("mac", l.mac(e) == null ? "" : l.mac(e));
        o.put("peer", peer);
        o.put("mtu", l.mtu());
    }

    /** containerlab's inventory: {@code all.children.<kind>.hosts} and {@code all.children.<group>.hosts}. */
    static String inventory(Topology topology, DockerLab lab) {
        Map<String, List<ContainerNode>> groups = new LinkedHashMap<>();
        for (ContainerNode n : lab.containerNodes().values()) {
            groups.computeIfAbsent(n.spec().kind(), k -> new ArrayList<>()).add(n);
            if (!n.spec().group().isEmpty()) {
                groups.computeIfAbsent(n.spec().group(), k -> new ArrayList<>()).add(n);
            }
        }
        StringBuilder sb = new StringBuilder("all:\n  vars:\n    # the lab " + topology.name() + " (bgplab, containerlab layout)\n"
                + "    ansible_httpapi_use_proxy: false\n  children:\n");
        groups.forEach((g, members) -> {
            sb.append("    ").append(g).append(":\n      hosts:\n");
            for (ContainerNode n : members) {
                sb.append("        ").append(n.container()).append(":\n          ansible_host: ").append(n.mgmtAddress()).append('\n');
            }
        });
        return sb.toString();
    }
}
