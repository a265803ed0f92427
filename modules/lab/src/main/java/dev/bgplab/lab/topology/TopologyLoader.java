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
                    + "since containers are named bgplab-<name>-<node>");
        }
        Path dir = file.toAbsolutePath().getParent();
        JsonNode topo = root.get("topology");
        JsonNode defaults = topo.path("defaults");
        JsonNode kinds = topo.path("kinds");
        JsonNode groups = topo.path("groups");

        // links first: their ipv4/ipv6 lists give addresses to nodes
        List<LinkSpec> links = new ArrayList<>();
        JsonNode linksNode = topo.path("links");
        for (int i = 0; i < linksNode.size(); i++) {
            JsonNode l = linksNode.get(i);
            String where = file + ": topology.links[" + i + "]";
            JsonNode eps = l.get("endpoints");
            if (eps == null || eps.size() != 2 || l.has("type")) {
                throw new TopologyException(where + ": bgplab supports point-to-point links written as "
                        + "endpoints: [\"node:iface\", \"node:iface\"] (two endpoints, no 'type')");
            }
            LinkSpec.Endpoint a = endpoint(where + ".endpoints[0]", eps.get(0));
            LinkSpec.Endpoint b = endpoint(where + ".endpoints[1]", eps.get(1));
            links.add(new LinkSpec(a, b, strings(l.path("ipv4")), strings(l.path("ipv6"))));
        }

        List<NodeSpec> nodes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = topo.path("nodes").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String nodeName = e.getKey();
            String where = file + ": topology.nodes." + nodeName;
            if (!NAME.matcher(nodeName).matches()) {
                throw new TopologyException(where + ": node names may hold letters, digits, '_', '.', '-' (no '|')");
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
            nodes.add(node(file, dir, where, nodeName, merged, links));
        }
        Set<String> names = new LinkedHashSet<>();
        nodes.forEach(n -> names.add(n.name()));
        Map<String, Set<String>> ifaces = new LinkedHashMap<>();
        for (int i = 0; i < links.size(); i++) {
            for (LinkSpec.Endpoint ep : List.of(links.get(i).a(), links.get(i).b())) {
                if (!names.contains(ep.node())) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: endpoint '" + ep + "' names node '"
                            + ep.node() + "', which is not in topology.nodes " + names);
                }
                if (!ifaces.computeIfAbsent(ep.node(), k -> new LinkedHashSet<>()).add(ep.iface())) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: interface " + ep
                            + " is already used by another link; each interface may sit on one link");
                }
                if (ep.iface().equals("eth0")) {
                    throw new TopologyException(file + ": topology.links[" + i + "]: " + ep
                            + ": eth0 is the management interface (as in containerlab); use eth1 and up");
                }
            }
        }
        return new Topology(name, file, nodes, links);
    }

    private static NodeSpec node(Path file, Path dir, String where, String name, JsonNode n, List<LinkSpec> links) {
        String kind = n.path("kind").asText("");
        if (!kind.equals("linux")) {
            throw new TopologyException(where + ".kind: '" + kind + "' is not supported by bgplab; use kind: linux "
                    + "(FRR, bgplab speakers and plain hosts are all linux containers)");
        }
        String image = n.path("image").asText("");
        if (image.isEmpty()) {
            throw new TopologyException(where + ".image: missing; e.g. bgplab/frr:8.4, bgplab/speaker:dev");
        }
        Map<String, String> labels = stringMap(n.path("labels"));
        Map<String, String> env = stringMap(n.path("env"));
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
        List<String> exec = strings(n.path("exec"));
        NodeRole role = role(labels, image);
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
                optionalText(n, "cmd"), optionalText(n, "entrypoint"), addresses);
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
