package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.bgplab.lab.topology.TopologyException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites a speaker's YAML for where the lab runs it; the user's file is never changed. */
public final class SpeakerConfigs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private SpeakerConfigs() {
    }

    /**
     * Checks every speaker config a topology names, as the speaker would read it (YAML, fields,
     * policy lines), so that a mistake is reported before anything is deployed, with the file's
     * host path and its own line numbers.
     */
    public static void check(dev.bgplab.lab.topology.Topology topology) {
        for (dev.bgplab.lab.topology.NodeSpec n : topology.nodes()) {
            if (n.role() != dev.bgplab.lab.topology.NodeRole.BGPLAB || n.speakerConfig().isEmpty()) {
                continue;
            }
            java.nio.file.Path file = java.nio.file.Path.of(n.speakerConfig().get());
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new dev.bgplab.lab.topology.TopologyException(topology.file() + ": node " + n.name() + ": labels.bgplab.config: "
                        + file + " does not exist");
            }
            try {
                dev.bgplab.speaker.SpeakerPolicy.of(dev.bgplab.speaker.config.ConfigLoader.load(file));
            } catch (dev.bgplab.speaker.config.ConfigException e) {
                throw new dev.bgplab.lab.topology.TopologyException(e.getMessage() + " (speaker config of node " + n.name() + ")");
            }
        }
    }

    /** Where a bgplab node finds its API certificate, key and token (copied in from its {@code clab-<lab>/<node>/}). */
    static final String CONTAINER_TLS_DIR = "/etc/bgplab/tls";
    static final String CONTAINER_CERT = CONTAINER_TLS_DIR + "/api.crt";
    static final String CONTAINER_KEY = CONTAINER_TLS_DIR + "/api.key";
    static final String CONTAINER_TOKEN = CONTAINER_TLS_DIR + "/api-token";

    /**
     * In a container: the API listens on every address, port 8179, so the harness reaches it over
     * the management network; TLS 1.3 with the certificate the lab CA issued the node, and the
     * lab's bearer token (any api section of the user's file is replaced).
     */
    static String forContainer(String node, String yaml) {
        ObjectNode root = tree(node, yaml);
        ObjectNode api = root.putObject("api");
        api.put("address", "0.0.0.0");
        api.put("port", DockerLab.SPEAKER_API_PORT);
        ObjectNode tls = api.putObject("tls");
        tls.put("cert", CONTAINER_CERT);
        tls.put("key", CONTAINER_KEY);
        api.put("token-file", CONTAINER_TOKEN);
        // A lab node is a router: its best paths go into its container's kernel unless the file says otherwise.
        if (!root.has("kernel-routes")) root.put("kernel-routes", true);
        return write(root);
    }

    /**
     * In-process: every topology address becomes its 127/8 stand-in (text substitution on whole
     * addresses, so policy lines such as {@code neighbor 10.0.12.2 route-map ...} follow), the
     * speaker listens on {@code listen} port {@code port}, every peer is reached on that port from
     * the local stand-in address on the peer's link, and the API binds a free loopback port.
     */
    static String forEmbedded(String node, String yaml, Map<String, String> addressMap, String listen, int port,
            Map<String, String> localAddressByPeer) {
        String text = yaml;
        for (Map.Entry<String, String> e : addressMap.entrySet()) {
            text = text.replaceAll("(?<![0-9.:a-fA-F])" + Pattern.quote(e.getKey()) + "(?![0-9a-fA-F]|\\.[0-9])",
                    Matcher.quoteReplacement(e.getValue()));
        }
        ObjectNode root = tree(node, text);
        ObjectNode l = root.putObject("listen");
        l.put("address", listen);
        l.put("port", port);
        ObjectNode api = root.putObject("api");
        api.put("address", "127.0.0.1");
        api.put("port", 0);
        for (JsonNode p : root.path("peers")) {
            ObjectNode peer = (ObjectNode) p;
            peer.put("port", port);
            String local = localAddressByPeer.get(peer.path("address").asText());
            if (local != null && !peer.has("local-address")) {
                peer.put("local-address", local);
            }
        }
        return write(root);
    }

    private static ObjectNode tree(String node, String yaml) {
        try {
            JsonNode n = YAML.readTree(yaml);
            if (n == null || !n.isObject()) {
                throw new TopologyException(node + ": the speaker config is not a YAML mapping");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new TopologyException(node + ": the speaker config is not valid YAML: " + e.getMessage());
        }
    }

    private static String write(ObjectNode root) {
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
