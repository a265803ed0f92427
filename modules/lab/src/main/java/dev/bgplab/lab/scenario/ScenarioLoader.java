package dev.bgplab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a scenario file. Shape:
 * <pre>
 * timeout: 30s            # default for wait/expect/measure steps
 * steps:
 *   - wait: {established: all}                     # or [rs, nva1]; {not-established: [nva1]}: until one is down
 *   - expect: {node: rs, prefix: 10.1.0.0/16, next-hops: [10.0.1.2, 10.0.2.2], as-path: "65001"}
 *   - fault: {stop: nva2}
 *   - measure: {convergence: {node: rs, prefix: 10.1.0.0/16, next-hops: [10.0.1.2]}}
 *   - measure: {loss: {from: vm1, to: 10.9.0.1, interval: 10ms, count: 1000}, during: [ ...steps ]}
 * </pre>
 * Every step may carry {@code name:} and {@code timeout:}. Mistakes name the file, the step and what is valid.
 */
public final class ScenarioLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final Set<String> FAULTS = Set.of("stop", "start", "restart", "kill", "crash", "recover", "hang", "unhang",
            "freeze", "unfreeze", "pause", "unpause", "link-down", "link-up",
            "reset-session", "netem", "netem-clear", "blackhole", "unblackhole", "clear", "config", "exec");
    private static final Set<String> EXPECT_KEYS = Set.of("node", "prefix", "table", "present", "absent", "next-hops",
            "as-path", "as-path-regex", "community", "from", "dropped", "sessions-down-ok", "next-hops-without");
    /** In a step nested in a traffic measure with {@code via:}: the node of {@code via} that carried the stream before the steps ran. */
    public static final String CARRIER = "${carrier}";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private ScenarioLoader() {
    }

    public static Scenario load(Path file, Topology topology) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TopologyException(file + ": cannot read the scenario: " + e.getMessage());
        }
        return parse(file, text, topology);
    }

    public static Scenario parse(Path file, String text, Topology topology) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new TopologyException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject() || !root.path("steps").isArray()) {
            throw new TopologyException(file + ": a scenario is a mapping with 'steps:' (a list of wait/expect/fault/measure steps)");
        }
        Ctx ctx = new Ctx(file, topology, root.has("timeout") ? duration(file + ": timeout", root.get("timeout")) : Duration.ofSeconds(30),
                lines(text));
        List<String> captures = new ArrayList<>();
        if (root.has("capture")) {
            JsonNode c = root.get("capture");
            if (!c.isArray()) {
                throw ctx.error("capture", "a list of node:interface (or a node, for all its interfaces), e.g. [rs:eth1, nva1]");
            }
            for (int i = 0; i < c.size(); i++) {
                String ep = c.get(i).asText();
                if (ep.contains(":")) {
                    endpoint(ctx, "capture[" + i + "]", ep);
                } else {
                    ctx.node("capture[" + i + "]", c.get(i));
                }
                captures.add(ep);
            }
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("steps", "timeout", "capture").contains(f)) {
                throw ctx.error(f, "unknown field; a scenario has steps, timeout, capture");
            }
        }
        return new Scenario(file, steps(ctx, "steps", root.get("steps")), captures);
    }

    private record Ctx(Path file, Topology topology, Duration timeout, java.util.Map<String, Integer> lines) {
        TopologyException error(String where, String message) {
            return new TopologyException(file + ":" + line(where) + ": " + where + ": " + message);
        }

        /** The line where {@code where} (steps[2].fault.stop) or its closest enclosing field was written. */
        int line(String where) {
            String w = where;
            while (!w.isEmpty()) {
                Integer l = lines.get(w);
                if (l != null) {
                    return l;
                }
                int cut = Math.max(w.lastIndexOf('.'), w.lastIndexOf('['));
                w = cut <= 0 ? "" : w.substring(0, cut);
            }
            return 1;
        }

        String node(String where, JsonNode n) {
            String name = n == null ? "" : n.asText();
            if (name.equals(CARRIER)) {
                return name; // resolved when the step runs, inside a traffic measure with via:
            }
            if (topology.node(name).isEmpty()) {
                throw error(where, "node '" + name + "' is not in the topology; nodes are "
                        + topology.nodes().stream().map(x -> x.name()).toList());
            }
            return name;
        }
    }

    /** Where each field and list item starts (1-based line), by its path: {@code steps[2].fault.stop}. */
    static java.util.Map<String, Integer> lines(String text) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(text)) {
            java.util.Deque<String> path = new java.util.ArrayDeque<>();
            java.util.Deque<int[]> index = new java.util.ArrayDeque<>();
            String field = null;
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                String here = path.isEmpty() ? "" : path.peek();
                if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT || t == com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    path.pop();
                    index.pop();
                    continue;
                }
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    String at = here.isEmpty() ? field : here + "." + field;
                    out.putIfAbsent(at, line);
                    continue;
                }
                String me = here;
                if (!index.isEmpty() && index.peek()[0] >= 0 && field == null) {
                    me = here + "[" + index.peek()[0]++ + "]";
                    out.putIfAbsent(me, line);
                } else if (field != null) {
                    me = here.isEmpty() ? field : here + "." + field;
                }
                field = null;
                if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    path.push(me);
                    index.push(new int[] {-1});
                } else if (t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                    path.push(me);
                    index.push(new int[] {0});
                }
            }
        } catch (IOException | RuntimeException e) {
            // the tree parse reports the YAML error; without lines every error says line 1
        }
        return out;
    }

    private static List<Step> steps(Ctx ctx, String where, JsonNode list) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(step(ctx, where + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    private static Step step(Ctx ctx, String where, JsonNode s) {
        if (!s.isObject()) {
            throw ctx.error(where, "a step is a mapping with one of wait, expect, fault, measure");
        }
        String kind = null;
        for (String k : List.of("wait", "expect", "fault", "measure")) {
            if (s.has(k)) {
                if (kind != null) {
                    throw ctx.error(where, "has both " + kind + " and " + k + "; one kind per step");
                }
                kind = k;
            }
        }
        if (kind == null) {
            throw ctx.error(where, "unknown step " + fieldNames(s) + "; valid: wait, expect, fault, measure (with optional name, timeout)");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of(kind, "name", "timeout", "during").contains(f) || (f.equals("during") && !kind.equals("measure"))) {
                throw ctx.error(where, "unknown field '" + f + "'; a " + kind + " step may have: " + kind + ", name, timeout"
                        + (kind.equals("measure") ? ", during" : ""));
            }
        }
        String name = s.path("name").asText("");
        Duration timeout = s.has("timeout") ? duration(ctx.file + ":" + ctx.line(where) + ": " + where + ".timeout", s.get("timeout")) : ctx.timeout;
        JsonNode body = s.get(kind);
        switch (kind) {
            case "wait" -> {
                boolean down = body.has("not-established");
                String key = down ? "not-established" : "established";
                JsonNode est = body.path(key);
                List<String> nodes = new ArrayList<>();
                if (est.isArray()) {
                    est.forEach(n -> nodes.add(ctx.node(where + ".wait." + key, n)));
                } else if (!est.asText().equals("all") || body.has("established") && down) {
                    throw ctx.error(where + ".wait", "expected {established: all}, {established: [node, ...]} or {not-established: [node, ...]}");
                }
                if (body.has("timeout")) {
                    timeout = duration(ctx.file + ":" + ctx.line(where) + ": " + where + ".wait.timeout", body.get("timeout"));
                }
                return new Step.Wait(where, name, nodes, timeout, down);
            }
            case "expect" -> {
                if (body.has("timeout")) {
                    timeout = duration(ctx.file + ":" + ctx.line(where) + ": " + where + ".expect.timeout", body.get("timeout"));
                    ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("timeout");
                }
                return new Step.Expect(where, name, expectation(ctx, where + ".expect", body), timeout);
            }
            case "fault" -> {
                if (!body.isObject() || body.size() != 1) {
                    throw ctx.error(where + ".fault", "one action per fault step, one of " + new java.util.TreeSet<>(FAULTS));
                }
                String action = body.fieldNames().next();
                if (!FAULTS.contains(action)) {
                    throw ctx.error(where + ".fault", "unknown action '" + action + "'; valid: " + new java.util.TreeSet<>(FAULTS));
                }
                JsonNode args = body.get(action);
                checkFault(ctx, where + ".fault." + action, action, args);
                return new Step.Fault(where, name, action, args);
            }
            default -> {
                if (body.has("convergence")) {
                    return new Step.MeasureConvergence(where, name, expectation(ctx, where + ".measure.convergence", body.get("convergence")), timeout);
                }
                if (body.has("loss")) {
                    JsonNode l = body.get("loss");
                    String w = where + ".measure.loss";
                    String from = ctx.node(w + ".from", l.get("from"));
                    if (!l.hasNonNull("to")) {
                        throw ctx.error(w, "needs to: <address> (the probe's destination)");
                    }
                    Duration interval = l.has("interval") ? duration(ctx.file + ":" + ctx.line(w) + ": " + w + ".interval", l.get("interval")) : Duration.ofMillis(10);
                    int count = l.path("count").asInt(3000);
                    Integer maxLost = l.has("max-lost") ? l.get("max-lost").asInt() : null;
                    List<Step> during = s.has("during") ? steps(ctx, where + ".during", s.get("during")) : List.of();
                    return new Step.Loss(where, name, from, l.get("to").asText(), interval, count, maxLost, during);
                }
                if (body.has("traffic")) {
                    JsonNode l = body.get("traffic");
                    String w = where + ".measure.traffic";
                    for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (!Set.of("from", "to", "source", "interval", "max-lost", "max-outage", "via", "protocol", "flows", "receiver").contains(f)) {
                            throw ctx.error(w, "unknown field '" + f + "'; valid: from, to, source, interval, max-lost, max-outage, via, protocol,"
                                    + " flows, receiver");
                        }
                    }
                    String from = ctx.node(w + ".from", l.get("from"));
                    if (!l.hasNonNull("to")) {
                        throw ctx.error(w, "needs to: <address> (where the stream goes)");
                    }
                    Duration interval = l.has("interval") ? duration(ctx.file + ":" + ctx.line(w) + ": " + w + ".interval", l.get("interval")) : Duration.ofMillis(10);
                    if (interval.toMillis() < 2) {
                        throw ctx.error(w + ".interval", "at least 2ms");
                    }
                    Integer maxLost = null;
                    if (l.has("max-lost")) {
                        if (!l.get("max-lost").canConvertToInt() || l.get("max-lost").asInt() < 0) {
                            throw ctx.error(w + ".max-lost", "'" + l.get("max-lost").asText() + "' is not a number of packets (0 or more)");
                        }
                        maxLost = l.get("max-lost").asInt();
                    }
                    Duration maxOutage = l.has("max-outage") ? duration(ctx.file + ":" + ctx.line(w) + ": " + w + ".max-outage", l.get("max-outage")) : null;
                    List<String> via = new ArrayList<>();
                    if (l.has("via")) {
                        if (!l.get("via").isArray() || l.get("via").isEmpty()) {
                            throw ctx.error(w + ".via", "a list of the nodes the stream may cross (an ECMP set), e.g. [nva1, nva2]");
                        }
                        for (int k = 0; k < l.get("via").size(); k++) {
                            via.add(ctx.node(w + ".via[" + k + "]", l.get("via").get(k)));
                        }
                    }
                    String protocol = l.path("protocol").asText("icmp");
                    if (!Set.of("icmp", "udp", "tcp").contains(protocol)) {
                        throw ctx.error(w + ".protocol", "'" + protocol + "'; valid: icmp (a ping stream), udp or tcp (iperf3 flows)");
                    }
                    int flows = 1;
                    if (l.has("flows")) {
                        if (!l.get("flows").canConvertToInt() || l.get("flows").asInt() < 1 || l.get("flows").asInt() > 64) {
                            throw ctx.error(w + ".flows", "'" + l.get("flows").asText() + "' is not a number of flows from 1 to 64");
                        }
                        flows = l.get("flows").asInt();
                    }
                    if (protocol.equals("icmp") && flows > 1) {
                        throw ctx.error(w + ".flows", flows + " ICMP flows between the same two addresses hash alike at every ECMP"
                                + " router: use protocol: udp or tcp for several flows");
                    }
                    if (!via.isEmpty() && !protocol.equals("icmp")) {
                        throw ctx.error(w + ".via", "via (which node carried the stream) is measured for the ICMP stream only; with "
                                + protocol + " flows the report names each flow's last hop instead");
                    }
                    String receiver = l.hasNonNull("receiver") ? ctx.node(w + ".receiver", l.get("receiver")) : null;
                    List<Step> during = s.has("during") ? steps(ctx, where + ".during", s.get("during")) : List.of();
                    if (via.isEmpty() && s.has("during") && s.get("during").toString().contains(CARRIER)) {
                        throw ctx.error(w, CARRIER + " in its steps needs via: [the nodes that may carry the stream], e.g. via: [nva1, nva2]");
                    }
                    return new Step.Traffic(where, name, from, l.get("to").asText(), l.hasNonNull("source") ? l.get("source").asText() : null,
                            interval, maxLost, maxOutage, during, via, protocol, flows, receiver);
                }
                throw ctx.error(where + ".measure", "expected convergence: {expectation}, traffic: {from, to, source, interval, max-lost, max-outage, protocol, flows, receiver}"
                        + " or loss: {from, to, interval, count, max-lost}");
            }
        }
    }

    private static void checkFault(Ctx ctx, String where, String action, JsonNode args) {
        switch (action) {
            case "stop", "start", "restart", "kill", "crash", "recover", "hang", "unhang", "freeze", "unfreeze", "pause", "unpause" -> ctx.node(where, args);
            case "link-down", "link-up" -> {
                if (args.isArray()) {
                    if (args.isEmpty()) {
                        throw ctx.error(where, "an empty list; give node:interface or a list of them, e.g. [r1:eth1, r2:eth2]");
                    }
                    for (int i = 0; i < args.size(); i++) {
                        endpoint(ctx, where + "[" + i + "]", args.get(i).asText());
                    }
                } else {
                    endpoint(ctx, where, args.asText());
                }
            }
            case "netem-clear" -> endpoint(ctx, where, args.asText());
            case "netem" -> {
                endpoint(ctx, where + ".link", args.path("link").asText());
                if (!args.has("delay") && !args.has("loss") && !args.has("rate")) {
                    throw ctx.error(where, "needs at least one of delay (50ms), jitter, loss (5%), rate (1mbit)");
                }
            }
            case "reset-session", "blackhole", "unblackhole", "clear" -> {
                ctx.node(where + ".node", args.get("node"));
                if (!args.hasNonNull("peer")) {
                    throw ctx.error(where, "needs node and peer (the neighbor's address)");
                }
            }
            case "config" -> {
                ctx.node(where + ".node", args.get("node"));
                if (!args.has("lines") && !args.has("file")) {
                    throw ctx.error(where, "needs lines: [FRR vtysh configuration lines] or file: <new bgplab speaker YAML>");
                }
            }
            case "exec" -> {
                ctx.node(where + ".node", args.get("node"));
                if (!args.hasNonNull("command") || !args.get("command").isTextual() || args.get("command").asText().isBlank()) {
                    throw ctx.error(where, "needs node and command (a shell command run in the node, e.g. 'ip route add ...')");
                }
            }
            default -> throw ctx.error(where, "unknown action");
        }
    }

    private static void endpoint(Ctx ctx, String where, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw ctx.error(where, "'" + text + "' must be node:interface, e.g. r1:eth1");
        }
        ctx.node(where, com.fasterxml.jackson.databind.node.TextNode.valueOf(text.substring(0, colon)));
    }

    private static Expectation expectation(Ctx ctx, String where, JsonNode e) {
        if (!e.isObject()) {
            throw ctx.error(where, "expected a mapping with node, prefix and checks " + new java.util.TreeSet<>(EXPECT_KEYS));
        }
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!EXPECT_KEYS.contains(f)) {
                throw ctx.error(where, "unknown field '" + f + "'; valid: " + new java.util.TreeSet<>(EXPECT_KEYS));
            }
        }
        String node = ctx.node(where + ".node", e.get("node"));
        if (!e.hasNonNull("prefix")) {
            throw ctx.error(where, "needs prefix: e.g. 10.1.0.0/16");
        }
        String table = e.path("table").asText("bgp");
        if (!table.equals("bgp") && !table.equals("kernel") && !table.equals("received")) {
            throw ctx.error(where + ".table", "'" + table + "': valid are bgp, kernel, received (bgplab nodes: what peers sent, before policy)");
        }
        boolean absent = bool(ctx, where + ".absent", e, "absent", false);
        boolean present = !absent && bool(ctx, where + ".present", e, "present", true);
        Optional<String> dropped = text(e, "dropped");
        if (dropped.isPresent()) {
            if (!Expectation.DROP_REASONS.containsKey(dropped.get())) {
                throw ctx.error(where + ".dropped", "'" + dropped.get() + "' is not a reason; valid: "
                        + new java.util.TreeSet<>(Expectation.DROP_REASONS.keySet()));
            }
            if (ctx.topology().node(node).map(n -> n.role() == dev.bgplab.lab.topology.NodeRole.VM).orElse(true)) {
                throw ctx.error(where + ".dropped", "needs a bgplab node (its explain) or an FRR node (its log); " + node + " is neither");
            }
            present = false;
        }
        boolean sessionsDownOk = bool(ctx, where + ".sessions-down-ok", e, "sessions-down-ok", false);
        Optional<Set<String>> nextHops = Optional.empty();
        if (e.has("next-hops")) {
            Set<String> nh = new LinkedHashSet<>();
            if (e.get("next-hops").isArray()) {
                e.get("next-hops").forEach(x -> nh.add(x.asText()));
            } else {
                nh.add(e.get("next-hops").asText());
            }
            nextHops = Optional.of(nh);
        }
        Optional<Pattern> regex = Optional.empty();
        if (e.has("as-path-regex")) {
            try {
                regex = Optional.of(Pattern.compile(e.get("as-path-regex").asText()));
            } catch (PatternSyntaxException x) {
                throw ctx.error(where + ".as-path-regex", "not a valid regex: " + x.getDescription());
            }
        }
        Optional<String> notVia = text(e, "next-hops-without");
        Set<String> notNextHops = Set.of();
        if (notVia.isPresent() && !notVia.get().equals(CARRIER)) {
            ctx.node(where + ".next-hops-without", e.get("next-hops-without"));
            notNextHops = ctx.topology().requireNode(notVia.get()).addresses().stream().map(a -> a.address())
                    .collect(java.util.stream.Collectors.toSet());
        }
        return new Expectation(node, e.get("prefix").asText(), table, present, nextHops, text(e, "as-path"), regex,
                text(e, "community"), text(e, "from"), dropped, sessionsDownOk, notVia, notNextHops);
    }

    /** A YAML boolean (true/false, yes/no as YAML 1.1 reads them); anything else names the field and what is valid. */
    private static boolean bool(Ctx ctx, String where, JsonNode parent, String field, boolean dflt) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        throw ctx.error(where, "'" + v.asText() + "' is not a boolean; write true or false");
    }

    private static Optional<String> text(JsonNode n, String f) {
        return n.hasNonNull(f) ? Optional.of(n.get(f).asText()) : Optional.empty();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or a number of seconds. */
    static Duration duration(String where, JsonNode n) {
        Matcher m = DURATION.matcher(n.asText().trim());
        if (!m.matches()) {
            throw new TopologyException(where + ": '" + n.asText() + "' is not a duration; write e.g. 30s, 500ms, 2m");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long ms = (long) (v * switch (unit) { case "ms" -> 1; case "m" -> 60_000; default -> 1000; });
        return Duration.ofMillis(ms);
    }
}
