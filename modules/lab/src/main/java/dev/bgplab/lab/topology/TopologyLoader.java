package dev.bgplab.lab.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bgplab.lab.docker.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a containerlab topology ({@code *.clab.yml}), validates it against containerlab's own JSON
 * schema (a copy in this package, see clab.schema.PROVENANCE.txt), then checks what bgplab needs on
 * top: links name existing nodes, nodes are {@code kind: linux}, referenced files exist.
 * {@code topology.defaults}, {@code topology.kinds.<kind>} and {@code topology.groups.<group>} are
 * merged into each node the way containerlab does (node wins; labels and env are merged).
 */
public final class TopologyLoader {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern IP_ADDR_ADD = Pattern.compile(
            "^\\s*ip\\s+(?:-[46]\\s+)?a(?:ddr(?:ess)?)?\\s+(?:add|replace)\\s+(\\S+)/(\\d+)\\s+(?:.*\\s)?dev\\s+(\\S+)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static volatile JsonSchema schema;

    private TopologyLoader() {
    }

    public static Topology load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read the topology file: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static Topology parse(Path file, String text) {
        List<String> warnings = new ArrayList<>();
        text = expandEnv(file, text, System.getenv(), warnings);
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new TopologyException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new TopologyException(file + ": a containerlab topology is a mapping with 'name' and 'topology' (nodes, links)");
        }
        validate(file, root);
        String name = root.get("name").asText();
        if (!NAME.matcher(name).matches() || name.length() > 40) {
            throw new TopologyException(file + ": name '" + name + "' must be letters, digits, '.', '_', '-' (at most 40), "
                    + "since containers are named clab-<name>-<node>");
        }
        for (String key : fieldNames(root)) {
            if (!Set.of("name", "prefix", "mgmt", "topology").contains(key)) {
                warnings.add(file + ": " + key + ": not used by bgplab; ignored");
            }
        }
        String prefix = root.has("prefix") ? root.get("prefix").asText() : null;
        if (prefix != null && !prefix.isEmpty() && !prefix.equals(Topology.PREFIX_LAB_NAME) && !NAME.matcher(prefix).matches()) {
            throw new TopologyException(file + ": prefix '" + prefix + "' must be letters, digits, '.', '_', '-' (or \"\" or "
                    + Topology.PREFIX_LAB_NAME + ")");
        }
        Topology.Mgmt mgmt = mgmt(file, root.path("mgmt"), warnings);
        Path dir = file.toAbsolutePath().getParent();
        JsonNode topo = root.get("topology");
        for (String key : fieldNames(topo)) {
            if (!Set.of("nodes", "links", "defaults", "kinds", "groups").contains(key)) {
                warnings.add(file + ": topology." + key + ": not used by bgplab; ignored");
            }
        }
        JsonNode defaults = topo.path("defaults");
        JsonNode kinds = topo.path("kinds");
        JsonNode groups = topo.path("groups");

        // links first: their ipv4/ipv6 lists give addresses to nodes
        List<LinkSpec> links = new ArrayList<>();
        JsonNode linksNode = topo.path("links");
        for (int i = 0; i < linksNode.size(); i++) {
            links.add(link(file + ": topology.links[" + i + "]", linksNode.get(i), warnings));
        }

        List<NodeSpec> nodes = new ArrayList<>();
        List<String> bridges = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = topo.path("nodes").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String nodeName = e.getKey();
            String where = file + ": topology.nodes." + nodeName;
            if (!NAME.matcher(nodeName).matches()) {
                throw new TopologyException(where + ": node names may hold letters, digits, '_', '.', '-' (no '|')");
            }
            if (nodeName.equals(LinkSpec.HOST)) {
                throw new TopologyException(where + ": 'host' names the host's namespace in links (host:veth0); pick another node name");
            }
            ObjectNode merged = YAML.createObjectNode();
            JsonNode own = e.getValue() == null || e.getValue().isNull() ? YAML.createObjectNode() : e.getValue();
            String kind = own.path("kind").asText(defaults.path("kind").asText(""));
            mergeInto(merged, defaults);
            if (!kind.isEmpty()) {
                mergeInto(merged, kinds.path(kind));
            }
            String group = own.path("group").asText(defaults.path("group").asText(""));
            if (!group.isEmpty()) {
                mergeInto(merged, groups.path(group));
            }
            mergeInto(merged, own);
            if (merged.path("kind").asText("").equals("bridge")) {
                bridges.add(nodeName);
                continue;
            }
            nodes.add(node(file, dir, where, nodeName, merged, links, warnings));
        }
        Set<String> names = new LinkedHashSet<>();
        nodes.forEach(n -> names.add(n.name()));
        Map<String, Set<String>> ifaces = new LinkedHashMap<>();
        for (int i = 0; i < links.size(); i++) {
            for (LinkSpec.Endpoint ep : List.of(links.get(i).a(), links.get(i).b())) {
                boolean container = names.contains(ep.node());
                if (!container && !bridges.contains(ep.node()) && !ep.node().equals(LinkSpec.HOST)) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: endpoint '" + ep + "' names node '"
                            + ep.node() + "', which is not in topology.nodes " + names + (bridges.isEmpty() ? "" : " nor a bridge " + bridges)
                            + " nor 'host'");
                }
                // a bridge's and the host's ports all live in the host namespace: their names must differ
                String ns = container ? ep.node() : LinkSpec.HOST;
                if (!ifaces.computeIfAbsent(ns, k -> new LinkedHashSet<>()).add(ep.iface())) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: interface " + ep
                            + " is already used by another link; each interface may sit on one link");
                }
                if (!NAME.matcher(ep.iface()).matches() || ep.iface().length() > 15) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: interface name '" + ep.iface()
                            + "' must be at most 15 letters, digits, '_', '.', '-' (a Linux interface name)");
                }
                if (container && ep.iface().equals("eth0")) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: " + ep
                            + ": eth0 is the management interface (as in containerlab); use eth1 and up");
                }
            }
        }
        return new Topology(name, file, nodes, links, prefix, mgmt, bridges, warnings);
    }

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?}");

    /**
     * containerlab expands environment variables in the topology file before reading it:
     * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:=default}}. A variable that is unset
     * and has no default becomes empty, with a warning naming it.
     */
    static String expandEnv(Path file, String text, Map<String, String> env, List<String> warnings) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || (value.isEmpty() && m.group(2) != null && m.group(2).startsWith(":"))) {
                if (m.group(2) != null) {
                    value = m.group(3);
                } else {
                    warnings.add(file + ": ${" + m.group(1) + "} is not set in the environment; it reads as empty");
                    value = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Topology.Mgmt mgmt(Path file, JsonNode m, List<String> warnings) {
        if (m.isMissingNode() || m.isNull()) {
            return Topology.Mgmt.DEFAULT;
        }
        for (String key : fieldNames(m)) {
            switch (key) {
                case "network", "ipv4-subnet", "ipv6-subnet" -> { }
                case "ipv4-gw", "ipv6-gw" -> warnings.add(file + ": mgmt." + key + ": ignored; the gateway is the subnet's first address");
                case "external-access" -> warnings.add(file + ": mgmt.external-access: ignored; bgplab's management network is always"
                        + " internal (nothing leaves the machine)");
                default -> warnings.add(file + ": mgmt." + key + ": not used by bgplab; ignored");
            }
        }
        String network = m.hasNonNull("network") ? m.get("network").asText() : null;
        if (network != null && !NAME.matcher(network).matches()) {
            throw new TopologyException(file + ": mgmt.network: '" + network + "' must be letters, digits, '.', '_', '-'");
        }
        String v4 = m.hasNonNull("ipv4-subnet") ? m.get("ipv4-subnet").asText() : null;
        String v6 = m.hasNonNull("ipv6-subnet") ? m.get("ipv6-subnet").asText() : null;
        for (String[] f : new String[][] {{"ipv4-subnet", v4}, {"ipv6-subnet", v6}}) {
            if (f[1] != null && !f[1].equals("auto")) {
                try {
                    Cidr.parse(f[1]);
                } catch (RuntimeException e) {
                    throw new TopologyException(file + ": mgmt." + f[0] + ": '" + f[1] + "' is not a prefix (e.g. 172.20.20.0/24)");
                }
            }
        }
        v4 = "auto".equals(v4) ? null : v4;
        v6 = "auto".equals(v6) ? null : v6;
        if (v6 != null && v4 == null) {
            throw new TopologyException(file + ": mgmt.ipv6-subnet: bgplab needs mgmt.ipv4-subnet beside it (the harness reaches"
                    + " nodes over IPv4); add e.g. ipv4-subnet: 172.20.20.0/24");
        }
        return new Topology.Mgmt(network, v4, v6);
    }

    private static LinkSpec link(String where, JsonNode l, List<String> warnings) {
        String type = l.path("type").asText("");
        int mtu = l.path("mtu").asInt(LinkSpec.DEFAULT_MTU);
        if (mtu < 68 || mtu > 65535) {
            throw new TopologyException(where + ".mtu: " + mtu + " must be 68..65535");
        }
        for (String key : fieldNames(l)) {
            if (Set.of("vars", "labels").contains(key)) {
                warnings.add(where + "." + key + ": not used by bgplab; ignored");
            }
        }
        List<String> ipv4 = strings(l.path("ipv4"));
        List<String> ipv6 = strings(l.path("ipv6"));
        switch (type) {
            case "" -> {
                JsonNode eps = l.get("endpoints");
                if (eps == null || eps.size() != 2) {
                    throw new TopologyException(where + ": a link has two endpoints: [\"node:iface\", \"node:iface\"]");
                }
                return new LinkSpec(endpoint(where + ".endpoints[0]", eps.get(0)), endpoint(where + ".endpoints[1]", eps.get(1)),
                        ipv4, ipv6, mtu, null, null);
            }
            case "veth" -> {
                JsonNode eps = l.get("endpoints");
                if (eps == null || eps.size() != 2) {
                    throw new TopologyException(where + ": a veth link has two endpoints: [{node: r1, interface: eth1}, {node: r2, interface: eth1}]");
                }
                return new LinkSpec(endpoint(where + ".endpoints[0]", eps.get(0)), endpoint(where + ".endpoints[1]", eps.get(1)),
                        ipv4, ipv6, mtu, mac(where + ".endpoints[0]", eps.get(0)), mac(where + ".endpoints[1]", eps.get(1)));
            }
            case "host" -> {
                JsonNode ep = l.get("endpoint");
                String hostIface = l.path("host-interface").asText("");
                if (ep == null || hostIface.isEmpty()) {
                    throw new TopologyException(where + ": a host link has endpoint: {node, interface} and host-interface: NAME");
                }
                return new LinkSpec(endpoint(where + ".endpoint", ep), new LinkSpec.Endpoint(LinkSpec.HOST, hostIface),
                        ipv4, ipv6, mtu, mac(where + ".endpoint", ep), null);
            }
            default -> throw new TopologyException(where + ".type: '" + type + "' links are not supported by bgplab; "
                    + "valid: veth (or the short form endpoints: [\"a:eth1\", \"b:eth1\"]) and host");
        }
    }

    private static String mac(String where, JsonNode ep) {
        if (!ep.isObject() || !ep.hasNonNull("mac")) {
            return null;
        }
        String mac = ep.get("mac").asText();
        if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new TopologyException(where + ".mac: '" + mac + "' must be six hex bytes, e.g. aa:c1:ab:00:00:01");
        }
        return mac;
    }

    private static final Set<String> NODE_FIELDS = Set.of("kind", "image", "group", "startup-config", "exec", "binds", "env",
            "env-files", "labels", "cmd", "entrypoint", "mgmt-ipv4", "mgmt-ipv6", "sysctls", "image-pull-policy");

    private static NodeSpec node(Path file, Path dir, String where, String name, JsonNode n, List<LinkSpec> links,
            List<String> warnings) {
        String kind = n.path("kind").asText("");
        if (!kind.equals("linux")) {
            throw new TopologyException(where + ".kind: '" + kind + "' is not supported by bgplab; use kind: linux "
                    + "(FRR, bgplab speakers and plain hosts are all linux containers) or kind: bridge");
        }
        for (String key : fieldNames(n)) {
            if (NODE_FIELDS.contains(key)) {
                continue;
            }
            switch (key) {
                case "ports" -> warnings.add(where + ".ports: not published; the management network is internal, reach the node"
                        + " by its management address instead");
                case "network-mode" -> throw new TopologyException(where + ".network-mode: not supported by bgplab; every node"
                        + " has its own namespace with eth0 on the management network");
                default -> warnings.add(where + "." + key + ": not used by bgplab; ignored");
            }
        }
        if (n.path("image-pull-policy").asText("").equalsIgnoreCase("always")) {
            warnings.add(where + ".image-pull-policy: always: bgplab never pulls; the local image is used");
        }
        String image = n.path("image").asText("");
        if (image.isEmpty()) {
            throw new TopologyException(where + ".image: missing; e.g. bgplab/frr:8.4, bgplab/speaker:dev");
        }
        Map<String, String> labels = stringMap(n.path("labels"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String envFile : strings(n.path("env-files"))) {
            Path p = dir.resolve(envFile).normalize();
            try {
                for (String line : Files.readAllLines(p)) {
                    String t = line.strip();
                    if (!t.isEmpty() && !t.startsWith("#") && t.contains("=")) {
                        env.put(t.substring(0, t.indexOf('=')).strip(), t.substring(t.indexOf('=') + 1).strip());
                    }
                }
            } catch (IOException e) {
                throw new TopologyException(where + ".env-files: " + p + " cannot be read: " + e.getMessage());
            }
        }
        env.putAll(stringMap(n.path("env")));
        Map<String, String> sysctls = stringMap(n.path("sysctls"));
        List<String> binds = new ArrayList<>();
        for (String bind : strings(n.path("binds"))) {
            String[] parts = bind.split(":", 3);
            if (parts.length < 2) {
                throw new TopologyException(where + ".binds: '" + bind + "' must be host-path:container-path[:ro]");
            }
            Path host = dir.resolve(parts[0]).normalize();
            if (!Files.exists(host)) {
                throw new TopologyException(where + ".binds: '" + bind + "': " + host + " does not exist");
            }
            binds.add(host + ":" + parts[1] + (parts.length == 3 ? ":" + parts[2] : ""));
        }
        Optional<String> startup = Optional.empty();
        if (n.hasNonNull("startup-config")) {
            Path p = dir.resolve(n.get("startup-config").asText()).normalize();
            if (!Files.isRegularFile(p)) {
                throw new TopologyException(where + ".startup-config: " + p + " does not exist");
            }
            startup = Optional.of(p.toString());
        }
        String mgmtIpv4 = n.hasNonNull("mgmt-ipv4") ? n.get("mgmt-ipv4").asText() : null;
        String mgmtIpv6 = n.hasNonNull("mgmt-ipv6") ? n.get("mgmt-ipv6").asText() : null;
        List<String> exec = strings(n.path("exec"));
        NodeRole role = role(labels, image);
        if (role != NodeRole.FRR && startup.isPresent()) {
            warnings.add(where + ".startup-config: only FRR nodes read it (copied to /etc/frr/frr.conf); ignored for this "
                    + role.name().toLowerCase() + " node");
        }
        if (labels.containsKey(Topology.LABEL_CONFIG)) {
            Path p = dir.resolve(labels.get(Topology.LABEL_CONFIG)).normalize();
            if (!Files.isRegularFile(p)) {
                throw new TopologyException(where + ".labels." + Topology.LABEL_CONFIG + ": " + p + " does not exist");
            }
            labels = new LinkedHashMap<>(labels);
            labels.put(Topology.LABEL_CONFIG, p.toString());
        } else if (role == NodeRole.BGPLAB && n.path("cmd").isMissingNode()) {
            throw new TopologyException(where + ": a bgplab speaker node needs labels: {" + Topology.LABEL_CONFIG
                    + ": <speaker yaml>} (or its own cmd with binds)");
        }
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (String line : exec) {
            Matcher m = IP_ADDR_ADD.matcher(line);
            if (m.find()) {
                addresses.add(new InterfaceAddress(m.group(3), m.group(1), Integer.parseInt(m.group(2))));
            }
        }
        for (LinkSpec l : links) {
            LinkSpec.Endpoint ep = l.end(name);
            if (ep == null) {
                continue;
            }
            int idx = l.a().node().equals(name) ? 0 : 1;
            for (List<String> family : List.of(l.ipv4(), l.ipv6())) {
                if (family.size() > idx && !family.get(idx).isEmpty()) {
                    String[] p = family.get(idx).split("/");
                    addresses.add(new InterfaceAddress(ep.iface(), p[0], Integer.parseInt(p[1])));
                }
            }
        }
        return new NodeSpec(name, kind, image, role, binds, startup, exec, env, labels,
                optionalText(n, "cmd"), optionalText(n, "entrypoint"), addresses, n.path("group").asText(""),
                mgmtIpv4, mgmtIpv6, sysctls);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static NodeRole role(Map<String, String> labels, String image) {
        String r = labels.getOrDefault(Topology.LABEL_ROLE, "");
        if (r.equals("vm") || r.equals("host")) {
            return NodeRole.VM;
        }
        if (labels.containsKey(Topology.LABEL_CONFIG) || image.contains("bgplab/speaker")) {
            return NodeRole.BGPLAB;
        }
        String repo = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        return repo.contains("frr") ? NodeRole.FRR : NodeRole.VM;
    }

    private static LinkSpec.Endpoint endpoint(String where, JsonNode n) {
        if (n.isObject()) {
            String node = n.path("node").asText("");
            String iface = n.path("interface").asText("");
            if (node.isEmpty() || iface.isEmpty()) {
                throw new TopologyException(where + ": an endpoint is {node: r1, interface: eth1[, mac: ...]}");
            }
            return new LinkSpec.Endpoint(node, iface);
        }
        String s = n.asText();
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new TopologyException(where + ": '" + s + "' must be node:interface, e.g. r1:eth1");
        }
        return new LinkSpec.Endpoint(s.substring(0, colon), s.substring(colon + 1));
    }

    private static void validate(Path file, JsonNode root) {
        Set<ValidationMessage> errors = schema().validate(root);
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(file + ": does not match containerlab's topology schema:");
        errors.stream().map(TopologyLoader::describe).distinct().sorted().limit(10)
                .forEach(m -> sb.append("\n  ").append(m));
        throw new TopologyException(sb.toString());
    }

    private static String describe(ValidationMessage m) {
        String text = m.getMessage();
        // enumerations of every vendor kind are long: keep the start
        return text.length() > 300 ? text.substring(0, 300) + "...]" : text;
    }

    private static JsonSchema schema() {
        if (schema == null) {
            synchronized (TopologyLoader.class) {
                if (schema == null) {
                    try (InputStream in = TopologyLoader.class.getResourceAsStream("clab.schema.json")) {
                        if (in == null) {
                            throw new IllegalStateException("clab.schema.json is missing from the classpath");
                        }
                        // containerlab's schema carries editor hints (markdownDescription) and one 2020-12
                        // keyword (prefixItems) that draft-07 does not know: accept them without validating
                        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                                .keyword(new NonValidationKeyword("markdownDescription"))
                                .keyword(new NonValidationKeyword("prefixItems"))
                                .build();
                        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, b -> b.metaSchema(meta)).getSchema(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return schema;
    }

    private static void mergeInto(ObjectNode target, JsonNode source) {
        if (source == null || !source.isObject()) {
            return;
        }
        source.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                ObjectNode copy = existing.deepCopy();
                copy.setAll((ObjectNode) e.getValue());
                target.set(e.getKey(), copy);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static Optional<String> optionalText(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
