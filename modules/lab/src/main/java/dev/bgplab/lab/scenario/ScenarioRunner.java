package dev.bgplab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.runtime.FaultTime;
import dev.bgplab.lab.runtime.LabNode;
import dev.bgplab.lab.runtime.RouteEvent;
import dev.bgplab.lab.runtime.RouteEntry;
import dev.bgplab.lab.runtime.RunningLab;
import dev.bgplab.lab.runtime.Session;
import dev.bgplab.lab.topology.NodeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a scenario's steps in order on a deployed lab and records what happened: a verdict per
 * step, faults and steps on a timeline, and route changes between steps (each node's selected
 * paths are compared after every step). One thread runs it.
 */
public final class ScenarioRunner {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received.*time (\\d+)ms");

    private final RunningLab lab;
    private final Consumer<String> progress;
    private final List<StepResult> results = new ArrayList<>();
    private final List<LabReport.TimelineEvent> timeline = new ArrayList<>();
    private final List<LabReport.RouteChange> changes = new ArrayList<>();
    private Map<String, Map<String, String>> snapshot = Map.of();
    private Map<String, String> sessionStates = Map.of();
    private FaultTime lastFault;
    private java.util.function.BiConsumer<Step.Fault, FaultTime> faultListener = (f, t) -> { };
    private final java.util.Set<RouteEvent> eventsSeen = new java.util.HashSet<>();
    private final Map<String, String> streamState = new LinkedHashMap<>();
    private final java.util.Set<String> streaming = new java.util.HashSet<>();
    private int index;
    private int probes;
    /** ${carrier}: the node of the last traffic measure's via: that carried its stream out before its steps ran. */
    private String carrier;

    public ScenarioRunner(RunningLab lab, Consumer<String> progress) {
        this.lab = lab;
        this.progress = progress;
    }

    /** Told, on the scenario's thread, when each fault took effect (tests script a peer's reaction from it). */
    public void onFault(java.util.function.BiConsumer<Step.Fault, FaultTime> listener) {
        this.faultListener = listener;
    }

    public List<StepResult> results() {
        return results;
    }

    public List<LabReport.TimelineEvent> timeline() {
        return timeline;
    }

    public List<LabReport.RouteChange> routeChanges() {
        return changes;
    }

    private boolean failFast;
    private boolean stopped;

    /** Stop at the first failed step: later steps are not run. */
    public void failFast(boolean on) {
        this.failFast = on;
    }

    /** Runs the steps; false when --fail-fast stopped it at a failed step. */
    public boolean run(Scenario scenario) {
        startCaptures(scenario.captures());
        // the kernels' bring-up (connected routes...) is the starting state; the BGP routes learnt so far are changes
        // shown as such, so that a report does not depend on how far the sessions got before the first step
        collectEvents(false);
        snapshot = snapshot();
        sessionStates = sessionStates();
        int total = count(scenario.steps());
        for (Step s : scenario.steps()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            if (stopped) {
                progress.accept("--fail-fast: the remaining steps are not run");
                return false;
            }
            run(s, total);
        }
        return !stopped;
    }

    private static int count(List<Step> steps) {
        int n = 0;
        for (Step s : steps) {
            n += 1 + (s instanceof Step.Loss l ? count(l.during()) : s instanceof Step.Traffic t ? count(t.during()) : 0);
        }
        return n;
    }

    private void run(Step step, int total) {
        int i = ++index;
        String description = describe(step);
        progress.accept(String.format("step %d/%d %s: %s", i, total, step.kind(), description));
        event("-", "step-start", "step " + i + " " + step.kind() + " started: " + description);
        long t0 = System.nanoTime();
        StepResult r;
        int slot = results.size();
        try {
            r = switch (step) {
                case Step.Wait w -> await(i, w, description);
                case Step.Expect e -> expect(i, e, description);
                case Step.Fault f -> fault(i, f, description);
                case Step.MeasureConvergence c -> convergence(i, c, description);
                case Step.Loss l -> loss(i, l, description, total);
                case Step.Traffic t -> traffic(i, t, description, total);
            };
        } catch (RuntimeException e) {
            r = new StepResult(i, step.kind(), description, Verdict.FAIL, "error: " + e.getMessage(), 0, Map.of(), null);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        r = new StepResult(r.index(), r.kind(), r.description(), r.verdict(), r.reason(), ms, r.measurements(), r.actualRib());
        results.add(slot, r);
        stopped |= failFast && r.verdict() == Verdict.FAIL;
        event("-", "step-end", "step " + i + " " + r.verdict() + ": " + r.reason());
        progress.accept(String.format("  %s (%d ms) %s", r.verdict(), ms, r.reason()));
        recordRouteChanges();
    }

    private String describe(Step step) {
        String d = switch (step) {
            case Step.Wait w -> (w.down() ? "a session not Established at " : "sessions Established at ")
                    + (w.nodes().isEmpty() ? "all nodes" : w.nodes()) + " within " + w.timeout().toSeconds() + " s";
            case Step.Expect e -> e.expectation().describe();
            case Step.Fault f -> f.action() + " " + (f.args().isTextual() ? f.args().asText() : f.args().toString());
            case Step.MeasureConvergence c -> "convergence until " + c.until().describe();
            case Step.Loss l -> "loss of a ping stream " + l.from() + " -> " + l.to() + " every " + l.interval().toMillis()
                    + " ms during " + l.during().size() + " step(s)";
            case Step.Traffic t -> "traffic " + (t.protocol().equals("icmp") ? "" : t.flows() + " " + t.protocol() + " flow(s) ") + t.from()
                    + " -> " + t.to() + " every " + t.interval().toMillis() + " ms during "
                    + t.during().size() + " step(s)" + (t.maxOutage() == null ? "" : ", outage at most " + t.maxOutage().toMillis() + " ms")
                    + (t.maxLost() == null ? "" : ", at most " + t.maxLost() + " lost");
        };
        String out = step.name().isEmpty() ? d : step.name() + ": " + d;
        return carrier == null || step instanceof Step.Traffic ? out : out.replace(ScenarioLoader.CARRIER, carrier);
    }

    /** The node {@code ${carrier}} stands for: the one that carried the last traffic measure's stream out. */
    private String carrier() {
        if (carrier == null) {
            throw new IllegalStateException(ScenarioLoader.CARRIER + " is not known here: it names the node of a traffic measure's via: list"
                    + " that carried the stream before the measure's steps ran, and no node of via: carried it");
        }
        return carrier;
    }

    private Expectation resolved(Expectation x) {
        if (x.notVia().isEmpty() || !x.notVia().get().equals(ScenarioLoader.CARRIER)) {
            return x;
        }
        String n = carrier();
        return x.resolved(n, lab.topology().requireNode(n).addresses().stream().map(a -> a.address())
                .collect(java.util.stream.Collectors.toSet()));
    }

    // ---- wait ----

    private StepResult await(int i, Step.Wait w, String description) {
        List<LabNode> nodes = new ArrayList<>();
        for (LabNode n : lab.nodes().values()) {
            if ((w.nodes().isEmpty() && n.spec().role() != NodeRole.VM) || w.nodes().contains(n.name())) {
                nodes.add(n);
            }
        }
        long end = System.nanoTime() + w.timeout().toNanos();
        String notYet = "";
        java.util.Set<String> refused = new java.util.HashSet<>();
        while (true) {
            List<String> down = new ArrayList<>();
            Map<LabNode, List<Session>> notEstablished = new LinkedHashMap<>();
            for (LabNode n : nodes) {
                try {
                    List<Session> sessions = n.sessions();
                    for (Session s : sessions) {
                        if (!s.established()) {
                            down.add(n.name() + "->" + s.peer() + " " + s.state());
                            notEstablished.computeIfAbsent(n, k -> new ArrayList<>()).add(s);
                        }
                    }
                } catch (RuntimeException e) {
                    down.add(n.name() + ": " + e.getMessage());
                }
            }
            if (w.down()) {
                // the opposite wait: passes once a session is down, with each one's cause in the report
                if (!down.isEmpty()) {
                    String causes = causes(notEstablished);
                    return new StepResult(i, "wait", description, Verdict.PASS, "not Established: " + String.join(", ", down)
                            + (causes.isEmpty() ? "" : "\n" + causes), 0, Map.of(), null);
                }
                if (System.nanoTime() > end) {
                    return new StepResult(i, "wait", description, Verdict.FAIL, "every session stayed Established for "
                            + w.timeout().toSeconds() + " s", 0, Map.of(), null);
                }
                pause();
                continue;
            }
            if (down.isEmpty()) {
                return new StepResult(i, "wait", description, Verdict.PASS, "all sessions Established", 0, Map.of(), null);
            }
            notYet = String.join(", ", down);
            // a session refused with an OPEN error comes back the same way: no point in waiting for it
            Optional<String> hopeless = hopeless(notEstablished, refused);
            boolean late = System.nanoTime() > end;
            if (late || hopeless.isPresent()) {
                String causes = causes(notEstablished);
                return new StepResult(i, "wait", description, Verdict.FAIL, (hopeless.isPresent()
                        ? "cannot succeed: " + hopeless.get() + "; not Established: "
                        : "not Established after " + w.timeout().toSeconds() + " s: ") + notYet + (causes.isEmpty() ? "" : "\n" + causes),
                        0, Map.of(), null);
            }
            still(w.timeout(), end, notYet);
            pause();
        }
    }

    /** One line per session that is not Established: node -> peer, state, and its cause. */
    private String causes(Map<LabNode, List<Session>> down) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<LabNode, List<Session>> e : down.entrySet()) {
            for (Session s : e.getValue()) {
                String cause = SessionDiagnosis.cause(lab.topology(), e.getKey(), s, e.getKey().sessionDetail(s), name -> {
                    try {
                        return Optional.of(lab.node(name));
                    } catch (RuntimeException x) {
                        return Optional.empty();
                    }
                });
                lines.add("cause: " + e.getKey().name() + " -> " + s.address() + " (" + s.state() + "): " + cause);
            }
        }
        return String.join("\n", lines);
    }

    /**
     * A bgplab node whose sessions are all down, each seen refused with an OPEN Message Error
     * NOTIFICATION during this wait ({@code refused} remembers them: between two OPEN exchanges the
     * last error may read as a refused reconnect).
     */
    private Optional<String> hopeless(Map<LabNode, List<Session>> down, java.util.Set<String> refused) {
        for (Map.Entry<LabNode, List<Session>> e : down.entrySet()) {
            LabNode n = e.getKey();
            if (n.spec().role() != NodeRole.BGPLAB) {
                continue;
            }
            try {
                if (n.sessions().stream().anyMatch(Session::established)) {
                    continue;
                }
            } catch (RuntimeException x) {
                continue;
            }
            boolean allFatal = !e.getValue().isEmpty();
            for (Session s : e.getValue()) {
                JsonNode d = n.sessionDetail(s);
                String note = d == null ? "" : d.path("lastError").path("notification").asText("");
                if (d != null && d.path("lastError").path("current").asBoolean(false) && note.startsWith("OPEN Message Error")) {
                    refused.add(n.name() + "|" + s.peer());
                }
                allFatal &= refused.contains(n.name() + "|" + s.peer());
            }
            if (allFatal) {
                return Optional.of("every session of " + n.name() + " was refused with an OPEN Message Error NOTIFICATION");
            }
        }
        return Optional.empty();
    }

    // ---- expect and convergence ----

    private StepResult expect(int i, Step.Expect e, String description) {
        Expectation x = resolved(e.expectation());
        Optional<String> problem = poll(x, e.timeout());
        if (problem.isEmpty() && !x.present()) {
            problem = whyAbsent(x, e.timeout());
        }
        NodeRole role = lab.node(x.node()).spec().role();
        boolean bgplab = role == NodeRole.BGPLAB || role == NodeRole.FRR && x.dropped().isPresent();
        if (problem.isEmpty()) {
            // an absent route on a bgplab node: its explain says why, in the report
            return new StepResult(i, "expect", description, Verdict.PASS, "holds", 0, Map.of(),
                    !x.present() && bgplab ? explainText(x) : null);
        }
        return new StepResult(i, "expect", description, Verdict.FAIL, problem.get() + " (after " + e.timeout().toSeconds() + " s)",
                0, Map.of(), actualRib(x) + (bgplab ? "\n" + explainText(x) : ""));
    }

    /**
     * An absent prefix passes only for the right reason: with every session of the node up (unless
     * sessions-down-ok), and for the reason {@code dropped:} names. Retried until the timeout.
     */
    private Optional<String> whyAbsent(Expectation x, Duration timeout) {
        LabNode node = lab.node(x.node());
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> problem = Optional.empty();
            if (!x.sessionsDownOk() && node.spec().role() != NodeRole.VM) {
                try {
                    List<String> down = node.sessions().stream().filter(s -> !s.established()).map(s -> s.peer() + " " + s.state()).toList();
                    if (!down.isEmpty()) {
                        problem = Optional.of(x.prefix() + " is absent at " + x.node() + " but its sessions " + down + " are down, so it may be"
                                + " absent only because of that (add sessions-down-ok: true if that is the point)");
                    }
                } catch (RuntimeException ex) {
                    problem = Optional.of(x.node() + " cannot be read: " + ex.getMessage());
                }
            }
            if (problem.isEmpty() && x.dropped().isPresent()) {
                try {
                    problem = node.spec().role() == NodeRole.FRR ? x.checkDroppedByFrr(node.explain(x.prefix()))
                            : x.checkDropped(node.explain(x.prefix()));
                } catch (RuntimeException ex) {
                    problem = Optional.of(x.node() + ": no explain: " + ex.getMessage());
                }
            }
            if (problem.isEmpty() || System.nanoTime() > end) {
                return problem;
            }
            pause();
        }
    }

    private String explainText(Expectation x) {
        try {
            List<String> lines = lab.node(x.node()).explain(x.prefix());
            return x.node() + " explain " + x.prefix() + "\n" + lines.stream().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return x.node() + " explain " + x.prefix() + ": unavailable: " + e.getMessage();
        }
    }

    private StepResult convergence(int i, Step.MeasureConvergence c, String description) {
        FaultTime fault = lastFault == null ? new FaultTime(Instant.now(), Duration.ZERO, "no fault before this step: from its start")
                : lastFault;
        Expectation until = resolved(c.until());
        Optional<String> problem = poll(until, c.timeout());
        Instant polled = Instant.now();
        if (problem.isPresent()) {
            return new StepResult(i, "measure", description, Verdict.FAIL, "did not converge: " + problem.get(), 0, Map.of(),
                    actualRib(until));
        }
        Convergence m = Convergence.measure(until, lab.node(until.node()), fault, polled);
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("convergence_ms", m.millis());
        measured.put("convergence_error_ms", m.errorMillis());
        measured.put("polled_ms", Duration.between(fault.at(), polled).toNanos() / 1e6);
        return new StepResult(i, "measure", description, Verdict.PASS, m.describe(), 0, measured, null);
    }

    /** Empty once the expectation holds, else the last reason it did not, after the timeout. */
    private Optional<String> poll(Expectation x, Duration timeout) {
        LabNode node = lab.node(x.node());
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> problem;
            try {
                problem = x.check(node.routes(x.table()));
            } catch (RuntimeException e) {
                problem = Optional.of(x.node() + " cannot be read: " + e.getMessage());
            }
            if (problem.isEmpty() || System.nanoTime() > end) {
                return problem;
            }
            still(timeout, end, problem.get());
            pause();
        }
    }

    private String actualRib(Expectation x) {
        try {
            return RouteEntry.text(x.node() + " " + ("kernel".equals(x.table()) ? "kernel table" : "received".equals(x.table()) ? "received routes (pre-policy)" : "routing table"),
                    lab.node(x.node()).routes(x.table()));
        } catch (RuntimeException e) {
            return x.node() + ": table unavailable: " + e.getMessage();
        }
    }

    // ---- faults ----

    private StepResult fault(int i, Step.Fault f, String description) {
        JsonNode a = f.args();
        if (a.toString().contains(ScenarioLoader.CARRIER)) {
            try {
                a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.toString().replace(ScenarioLoader.CARRIER, carrier()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Instant started = Instant.now();
        String target = a.isTextual() ? a.asText() : a.isArray() ? a.toString() : a.path("node").asText(a.path("link").asText());
        FaultTime took = null;
        String note = "";
        switch (f.action()) {
            case "stop" -> took = observed(a.asText(), lab.node(a.asText()).stop());
            case "start" -> lab.node(a.asText()).start();
            case "restart" -> {
                took = observed(a.asText(), lab.node(a.asText()).stop());
                lab.node(a.asText()).start();
            }
            case "kill" -> took = observed(a.asText(), lab.node(a.asText()).kill());
            case "crash" -> took = lab.node(a.asText()).crash();
            case "recover" -> took = lab.node(a.asText()).recover();
            case "hang" -> took = lab.node(a.asText()).hang();
            case "unhang" -> took = lab.node(a.asText()).unhang();
            case "freeze", "pause" -> {
                lab.node(a.asText()).pause();
                if (f.action().equals("pause")) {
                    note = "; 'pause' is 'freeze': the node's processes stop but its kernel still forwards and answers TCP"
                            + " (use crash for a dead node)";
                    progress.accept("  warning: fault 'pause' is now called 'freeze' (its processes stop, its kernel keeps forwarding);"
                            + " for a node that died use 'crash'");
                }
            }
            case "unfreeze", "unpause" -> lab.node(a.asText()).unpause();
            case "link-down", "link-up" -> took = links(a, f.action().equals("link-up"));
            case "netem" -> {
                String[] ep = a.path("link").asText().split(":", 2);
                List<String> argv = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", ep[1], "root", "netem"));
                if (a.has("delay")) {
                    argv.addAll(List.of("delay", a.get("delay").asText()));
                    if (a.has("jitter")) {
                        argv.add(a.get("jitter").asText());
                    }
                }
                if (a.has("loss")) {
                    argv.addAll(List.of("loss", a.get("loss").asText()));
                }
                if (a.has("rate")) {
                    argv.addAll(List.of("rate", a.get("rate").asText()));
                }
                try {
                    lab.node(ep[0]).exec(argv.toArray(String[]::new));
                } catch (IllegalStateException e) {
                    if (String.valueOf(e.getMessage()).contains("qdisc kind is unknown")) {
                        throw new IllegalStateException("the host kernel has no netem qdisc (module sch_netem): " + e.getMessage());
                    }
                    throw e;
                }
            }
            case "netem-clear" -> {
                String[] ep = a.asText().split(":", 2);
                lab.node(ep[0]).exec("tc", "qdisc", "del", "dev", ep[1], "root");
            }
            case "reset-session" -> {
                String peer = a.get("peer").asText();
                lab.node(a.get("node").asText()).exec("sh", "-c", "ss -K dst " + peer + " dport = :179; ss -K dst " + peer + " sport = :179");
            }
            case "blackhole", "unblackhole" -> took = lab.node(a.get("node").asText()).blackhole(a.get("peer").asText(),
                    f.action().equals("blackhole"));
            case "clear" -> lab.node(a.get("node").asText()).clear(a.get("peer").asText(), a.path("soft").asBoolean(true));
            case "config" -> {
                LabNode n = lab.node(a.get("node").asText());
                List<String> lines = new ArrayList<>();
                if (a.has("file")) {
                    Path p = lab.topology().dir().resolve(a.get("file").asText());
                    try {
                        lines.add(Files.readString(p));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(p + ": cannot read: " + e.getMessage());
                    }
                } else {
                    a.get("lines").forEach(l -> lines.add(l.asText()));
                }
                n.configure(lines);
            }
            case "exec" -> {
                // a change outside BGP (a user route in a node's kernel, a sysctl): sh -c in the node, its output in the report
                String out = lab.node(a.get("node").asText()).exec("sh", "-c", a.get("command").asText()).strip();
                if (!out.isEmpty()) note = "; output: " + out;
            }
            default -> throw new IllegalStateException("unknown fault " + f.action());
        }
        if (took == null) {
            // no instant known better than the call itself
            took = FaultTime.between(started, Instant.now(), f.action() + " returned");
        }
        lastFault = took;
        faultListener.accept(f, took);
        if (Set.of("start", "restart", "link-up", "recover", "unhang", "unfreeze", "unpause").contains(f.action())) {
            reviveCaptures();
        }
        timeline.add(new LabReport.TimelineEvent(took.at(), target, "fault", description + " (took effect: " + took.how() + ")"));
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("fault_error_ms", took.error().toNanos() / 1e6);
        return new StepResult(i, "fault", description, Verdict.INFO, String.format("took effect at %s, known to %.1f ms (%s)%s",
                took.at(), took.error().toNanos() / 1e6, took.how(), note), 0, measured, null);
    }

    /**
     * When a stopped or killed node's peers heard of it: the first session-down that a bgplab
     * speaker of the lab stamped for one of the node's addresses (its Cease, FIN or RST arriving),
     * else the signal's delivery.
     */
    private FaultTime observed(String nodeName, FaultTime signalled) {
        java.util.Set<String> addresses = new java.util.HashSet<>();
        lab.topology().requireNode(nodeName).addresses().forEach(x -> addresses.add(x.address()));
        Instant limit = signalled.at().plusSeconds(5);
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<RouteEvent> first = Optional.empty();
            for (LabNode n : lab.nodes().values()) {
                if (n.name().equals(nodeName)) {
                    continue;
                }
                for (RouteEvent e : n.events()) {
                    if (e.isSession() && !e.detail().contains(" Established") && e.peer() != null && addresses.contains(e.peer())
                            && !e.at().isBefore(signalled.at().minus(signalled.error())) && e.at().isBefore(limit)
                            && (first.isEmpty() || e.at().isBefore(first.get().at()))) {
                        first = Optional.of(e);
                    }
                }
            }
            if (first.isPresent()) {
                RouteEvent e = first.get();
                double after = Duration.between(signalled.at(), e.at()).toNanos() / 1e6;
                return new FaultTime(e.at(), Duration.ofMillis(1), e.node() + " saw the session go down (" + e.detail() + "), "
                        + (after >= 0 ? String.format("%.1f ms after %s", after, signalled.how())
                        : String.format("%.1f ms before %s", -after, signalled.how())));
            }
            if (lab.nodes().values().stream().noneMatch(n -> n.spec().role() == NodeRole.BGPLAB && !n.name().equals(nodeName)
                    && peersWith(n, addresses))) {
                break; // no bgplab speaker peers with it: nobody to stamp its going
            }
            pause();
        }
        return signalled;
    }

    private static boolean peersWith(LabNode n, java.util.Set<String> addresses) {
        try {
            return n.sessions().stream().anyMatch(s -> addresses.contains(s.address()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** link-down/link-up of one or several "node:iface" at once: one command per node, the nodes in parallel. */
    private FaultTime links(JsonNode a, boolean up) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        List<String> endpoints = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(x -> endpoints.add(x.asText()));
        } else {
            endpoints.add(a.asText());
        }
        for (String ep : endpoints) {
            String[] parts = ep.split(":", 2);
            byNode.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        List<java.util.concurrent.CompletableFuture<FaultTime>> all = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byNode.entrySet()) {
            LabNode n = lab.node(e.getKey());
            all.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> n.setLinks(e.getValue(), up)));
        }
        Instant earliest = null;
        Instant latest = null;
        for (var f : all) {
            FaultTime t = f.join();
            Instant from = t.at().minus(t.error());
            earliest = earliest == null || from.isBefore(earliest) ? from : earliest;
            latest = latest == null || t.at().isAfter(latest) ? t.at() : latest;
        }
        return FaultTime.between(earliest, latest, endpoints.size() + " interface(s) set " + (up ? "up" : "down")
                + (byNode.size() > 1 ? " on " + byNode.size() + " nodes in parallel" : " in one command"));
    }

    // ---- traffic loss ----

    private StepResult loss(int i, Step.Loss l, String description, int total) {
        LabNode from = lab.node(l.from());
        String file = "/tmp/bgplab-probe-" + (++probes);
        double seconds = l.interval().toMillis() / 1000.0;
        from.exec("sh", "-c", "ping -n -i " + seconds + " -c " + l.count() + " -W 1 " + l.to() + " > " + file + ".txt 2>&1 & echo $! > " + file + ".pid");
        event(l.from(), "probe", "ping stream to " + l.to() + " started");
        for (Step s : l.during()) {
            if (stopped) {
                break;
            }
            run(s, total);
        }
        if (l.during().isEmpty()) {
            // nothing to wrap: the stream sends its whole count (plus the last reply's 1 s wait), not none
            long tenths = (long) Math.ceil((l.count() * seconds * 1.5 + 2) * 10);
            from.exec("sh", "-c", "for i in $(seq 1 " + tenths + "); do grep -q 'packets transmitted' " + file + ".txt && break; sleep 0.1; done");
        }
        // stop the stream (SIGINT makes ping print its summary), then read the summary
        // (the exited ping may stay a zombie under a PID 1 that does not reap: wait for its summary instead)
        from.exec("sh", "-c", "kill -INT $(cat " + file + ".pid) 2>/dev/null; for i in $(seq 1 50); do "
                + "grep -q 'packets transmitted' " + file + ".txt && break; sleep 0.1; done");
        String out = from.exec("cat", file + ".txt");
        Matcher m = PING_SUMMARY.matcher(out);
        if (!m.find() && out.contains("Network is unreachable")) {
            // the node's kernel has no route: ping gives up before sending anything; every probe asked for is lost
            Map<String, Double> measured = new LinkedHashMap<>();
            measured.put("probes_sent", (double) l.count());
            measured.put("probes_received", 0.0);
            measured.put("probes_lost", (double) l.count());
            measured.put("loss_percent", 100.0);
            measured.put("no_route", 1.0);
            Verdict v = l.maxLost() == null ? Verdict.INFO : l.count() <= l.maxLost() ? Verdict.PASS : Verdict.FAIL;
            String reason = "all " + l.count() + " probes lost: " + l.from() + "'s kernel has no route to " + l.to()
                    + " (ping: Network is unreachable)" + (l.maxLost() == null ? "" : ", at most " + l.maxLost() + " allowed");
            event(l.from(), "probe", reason);
            return new StepResult(i, "measure", description, v, reason, 0, measured, null);
        }
        m.reset();
        if (!m.find()) {
            throw new IllegalStateException("no ping summary from " + l.from() + ": " + out.lines().reduce((x, y) -> y).orElse(""));
        }
        double sent = Double.parseDouble(m.group(1));
        double received = Double.parseDouble(m.group(2));
        double lost = sent - received;
        // ping spaces probes a little wider than asked: estimate the outage from the real mean spacing
        double spacing = sent == 0 ? l.interval().toMillis() : Math.max(l.interval().toMillis(), Double.parseDouble(m.group(3)) / sent);
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("probes_sent", sent);
        measured.put("probes_received", received);
        measured.put("probes_lost", lost);
        measured.put("loss_percent", sent == 0 ? 0 : 100.0 * lost / sent);
        measured.put("outage_ms_estimate", lost * spacing);
        Verdict v = l.maxLost() == null ? Verdict.INFO : lost <= l.maxLost() ? Verdict.PASS : Verdict.FAIL;
        String reason = String.format("%.0f of %.0f probes lost (about %.0f ms without traffic)", lost, sent, lost * spacing)
                + (l.maxLost() == null ? "" : ", at most " + l.maxLost() + " allowed");
        event(l.from(), "probe", reason);
        // run() puts the measure step before the steps it wrapped
        return new StepResult(i, "measure", description, v, reason, 0, measured, null);
    }

    // ---- packet captures ----

    private final Map<String, String> capturing = new LinkedHashMap<>();
    private final List<LabReport.Capture> captures = new ArrayList<>();

    public List<LabReport.Capture> captures() {
        return captures;
    }

    /** tcpdump inside the node on each endpoint (any interface for a bare node name), writing a pcap there. */
    private void startCaptures(List<String> endpoints) {
        for (String ep : endpoints) {
            if (capturing.containsKey(ep)) {
                continue;
            }
            String[] parts = ep.split(":", 2);
            String iface = parts.length == 2 ? parts[1] : "any";
            String file = "/tmp/bgplab-capture-" + iface + ".pcap";
            try {
                lab.node(parts[0]).exec("sh", "-c", "command -v tcpdump >/dev/null || { echo 'no tcpdump in this image' >&2; exit 1; }; "
                        + "nohup tcpdump -i " + iface + " --immediate-mode -U -s 0 -w " + file + " >/tmp/bgplab-capture-" + iface + ".log 2>&1 & echo $! > " + file + ".pid");
            } catch (RuntimeException e) {
                progress.accept("  warning: no capture on " + ep + ": " + e.getMessage());
                event(parts[0], "capture", "no capture on " + ep + ": " + e.getMessage());
                continue;
            }
            capturing.put(ep, file);
            event(parts[0], "capture", "capture started on " + ep);
        }
    }

    /** Stops every capture and copies its pcap to a temporary file on this machine (the report folder gets a copy). */
    public void stopCaptures() {
        for (Map.Entry<String, String> e : capturing.entrySet()) {
            collect(e.getKey(), e.getValue(), captureParts.merge(e.getKey(), 1, Integer::sum) == 1 ? e.getKey() : e.getKey() + " part "
                    + captureParts.get(e.getKey()));
        }
        capturing.clear();
    }

    private final Map<String, Integer> captureParts = new LinkedHashMap<>();

    private void collect(String ep, String file, String name) {
        try {
            LabNode n = lab.node(ep.split(":", 2)[0]);
            n.exec("sh", "-c", "kill -INT $(cat " + file + ".pid) 2>/dev/null; for i in $(seq 1 30); do kill -0 $(cat " + file
                    + ".pid) 2>/dev/null || break; sleep 0.1; done");
            byte[] pcap = java.util.Base64.getDecoder().decode(n.exec("base64", "-w0", file).strip());
            Path local = Files.createTempFile("bgplab-" + ep.replaceAll("[^A-Za-z0-9]", "-") + "-", ".pcap");
            Files.write(local, pcap);
            local.toFile().deleteOnExit();
            captures.add(new LabReport.Capture(name, local.toString(), pcap.length));
        } catch (RuntimeException | java.io.IOException x) {
            progress.accept("  capture on " + ep + " lost: " + x.getMessage());
        }
    }

    /**
     * After a node or link came back: a capture whose tcpdump ended (its node stopped, or its
     * interface went away with a veth peer) is kept as a part and started again.
     */
    private void reviveCaptures() {
        for (Map.Entry<String, String> e : List.copyOf(capturing.entrySet())) {
            String file = e.getValue();
            try {
                LabNode n = lab.node(e.getKey().split(":", 2)[0]);
                if (n.exec("sh", "-c", "kill -0 $(cat " + file + ".pid) 2>/dev/null && echo alive || echo gone").contains("alive")) {
                    continue;
                }
            } catch (RuntimeException x) {
                continue; // the node is still down: try after its start
            }
            int part = captureParts.merge(e.getKey(), 1, Integer::sum);
            collect(e.getKey(), file, e.getKey() + " part " + part);
            capturing.remove(e.getKey());
            startCaptures(List.of(e.getKey()));
        }
    }

    // ---- traffic ----

    private static final Pattern PING_REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] .*icmp_seq=(\\d+)");
    private static final Pattern PING_SENT = Pattern.compile("(\\d+) packets transmitted");

    private StepResult traffic(int i, Step.Traffic t, String description, int total) {
        if (!t.protocol().equals("icmp")) {
            return flows(i, t, description, total);
        }
        LabNode from = lab.node(t.from());
        String file = "/tmp/bgplab-traffic-" + (++probes);
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", t.interval().toNanos() / 1e9);
        from.exec("sh", "-c", "ping -D -n -i " + seconds + " -W 1 " + (t.source() == null ? "" : "-I " + t.source() + " ") + t.to()
                + " > " + file + ".txt 2>&1 & echo $! > " + file + ".pid");
        event(t.from(), "traffic", "ping stream to " + t.to() + " started");
        Map<String, Long> c0 = counters();
        window(Duration.ofSeconds(1));
        Map<String, Long> c1 = counters();
        String[] carriedBefore = carriers(t, c0, c1);
        // ${carrier}: this measure's, in its steps and in the steps after it, up to the next traffic measure with via
        String outer = carrier;
        carrier = t.via().isEmpty() ? outer : carriedBefore[0];
        if (!t.via().isEmpty()) {
            event(carrier == null ? t.from() : carrier, "traffic", "stream carried out by " + (carrier == null ? "none of " + t.via() : carrier)
                    + (carriedBefore[1] == null ? "" : ", replies by " + carriedBefore[1]));
        }
        Instant duringStart = Instant.now();
        for (Step s : t.during()) {
            if (stopped) {
                break;
            }
            run(s, total);
        }
        Map<String, Long> c2 = counters();
        window(Duration.ofSeconds(1));
        Map<String, Long> c3 = counters();
        String[] carriedAfter = carriers(t, c2, c3);
        from.exec("sh", "-c", "kill -INT $(cat " + file + ".pid) 2>/dev/null; for i in $(seq 1 50); do "
                + "grep -q 'packets transmitted' " + file + ".txt && break; sleep 0.1; done");
        String out = from.exec("cat", file + ".txt");
        java.util.TreeMap<Integer, Instant> replies = new java.util.TreeMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = PING_REPLY.matcher(line);
            if (m.find() && line.contains("bytes from")) {
                String frac = (m.group(2) + "000000000").substring(0, 9);
                replies.putIfAbsent(Integer.parseInt(m.group(3)), Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(frac)));
            }
        }
        Matcher sentM = PING_SENT.matcher(out);
        if (!sentM.find()) {
            throw new IllegalStateException("no ping summary from " + t.from() + ": " + out.lines().reduce((x, y) -> y).orElse(""));
        }
        long sent = Long.parseLong(sentM.group(1));
        long lost = sent - replies.size();
        // the longest gap between two replies
        Instant gapFrom = null;
        Instant gapTo = null;
        Map.Entry<Integer, Instant> prev = null;
        for (Map.Entry<Integer, Instant> e : replies.entrySet()) {
            if (prev != null && e.getKey() - prev.getKey() > 1
                    && (gapFrom == null || Duration.between(prev.getValue(), e.getValue()).compareTo(Duration.between(gapFrom, gapTo)) > 0)) {
                gapFrom = prev.getValue();
                gapTo = e.getValue();
            }
            prev = e;
        }
        // ping spaces its requests a little wider than asked: the real mean spacing is the resolution
        double intervalMs = t.interval().toNanos() / 1e6;
        if (replies.size() > 1) {
            intervalMs = Math.max(intervalMs, Duration.between(replies.firstEntry().getValue(), replies.lastEntry().getValue()).toNanos() / 1e6
                    / (replies.lastKey() - replies.firstKey()));
        }
        // the requests lost went out after the last reply and before the first one after it: half a spacing in from each
        double gap = gapFrom == null ? 0 : Duration.between(gapFrom, gapTo).toNanos() / 1e6;
        double outage = gapFrom == null ? 0 : gap - intervalMs;
        String before = path(c0, c1, Duration.ofSeconds(1), t.interval(), t.from());
        String after = path(c2, c3, Duration.ofSeconds(1), t.interval(), t.from());
        Map<String, Double> measured = new LinkedHashMap<>();
        measured.put("packets_sent", (double) sent);
        measured.put("packets_lost", (double) lost);
        measured.put("outage_ms", outage);
        measured.put("reply_gap_ms", gap);
        // a reply every interval: the gap is known to within one interval either side
        measured.put("outage_error_ms", intervalMs);
        if (gapFrom != null && lastFault != null && !lastFault.at().isBefore(duringStart)) {
            measured.put("outage_start_after_fault_ms", Duration.between(lastFault.at(), gapFrom).toNanos() / 1e6);
            measured.put("outage_end_after_fault_ms", Duration.between(lastFault.at(), gapTo).toNanos() / 1e6);
        }
        List<String> over = overLimits(t, lost, outage);
        Verdict v = trafficVerdict(t, over);
        String reason = String.format("%d of %d packets lost; longest outage %.1f ms (±%.1f ms, one request spacing)%s; path before: %s;"
                + " after: %s", lost, sent, outage, intervalMs, gapFrom == null ? "" : " between the replies at " + gapFrom + " and " + gapTo,
                before, after)
                + (t.via().isEmpty() ? "" : "; " + carrierText("before", carriedBefore) + "; " + carrierText("after", carriedAfter))
                + (over.isEmpty() ? "" : "; " + String.join("; ", over));
        if (!t.via().isEmpty()) {
            measured.put("carrier_changed", carriedBefore[0] != null && carriedAfter[0] != null && !carriedBefore[0].equals(carriedAfter[0]) ? 1.0 : 0.0);
        }
        if (gapFrom != null) {
            timeline.add(new LabReport.TimelineEvent(gapFrom, t.from(), "traffic", "last reply before the outage"));
            timeline.add(new LabReport.TimelineEvent(gapTo, t.from(), "traffic", String.format("first reply after an outage of %.1f ms", outage)));
        }
        return new StepResult(i, "measure", description, v, reason, 0, measured, null);
    }

    private static String carrierText(String when, String[] c) {
        return "carried " + when + " by " + (c[0] == null ? "none of via" : c[0]) + " (replies by " + (c[1] == null ? "none of via" : c[1]) + ")";
    }

    /**
     * Which node of {@code via} carried the stream in a counting window: the one whose interface
     * towards {@code to} (its own {@code ip route get}) sent at least half the stream; and the one
     * whose interface towards {@code to} received the replies (at least half the stream: counted as
     * they arrive, so a node that drops them still shows). {null, null} without via.
     */
    private String[] carriers(Step.Traffic t, Map<String, Long> a, Map<String, Long> b) {
        String[] out = new String[2];
        if (t.via().isEmpty()) {
            return out;
        }
        long expected = Duration.ofSeconds(1).toNanos() / t.interval().toNanos();
        for (String v : t.via()) {
            try {
                Matcher m = Pattern.compile(" dev (\\S+)").matcher(lab.node(v).exec("ip", "-o", "route", "get", t.to()));
                if (!m.find()) {
                    continue;
                }
                for (int k = 0; k < 2; k++) {
                    String key = v + ":" + m.group(1) + (k == 0 ? "" : ":rx");
                    Long was = a.get(key);
                    Long now = b.get(key);
                    if (out[k] == null && was != null && now != null && now - was >= expected / 2) {
                        out[k] = v;
                    }
                }
            } catch (RuntimeException e) {
                // stopped, crashed or hung: it carries nothing
            }
        }
        return out;
    }

    // ---- traffic as several udp/tcp flows ----

    /** One flow (a source port) as tcpdump saw it at one end: packets, first and last, the longest gap, interface changes. */
    record FlowSeen(int port, long packets, Instant first, Instant last, Instant gapFrom, Instant gapTo, List<Map.Entry<Instant, String>> ifaces) {
        double gapMillis() {
            return gapFrom == null ? 0 : Duration.between(gapFrom, gapTo).toNanos() / 1e6;
        }
    }

    // Per source port from tcpdump -tt text: count, first and last time, the longest gap between two packets, and every change
    // of the interface the packets crossed (with -i any tcpdump names it). Times relative to the first packet's second (B line).
    static final String FLOW_AWK = "awk '{ k = 0; for (j = 2; j <= NF; j++) if ($j == \"IP\" || $j == \"IP6\") { k = j; break }"
            + " if (k == 0) next; n = split($(k + 1), a, \".\"); p = a[n]; if (base == \"\") base = int($1); t = $1 - base;"
            + " if (!(p in c)) { first[p] = t; ifc[p] = $2; printf \"I %s %s %.6f\\n\", p, $2, t }"
            + " else { g = t - last[p]; if (g > mg[p]) { mg[p] = g; gf[p] = last[p]; gt[p] = t }"
            + " if ($2 != ifc[p]) { ifc[p] = $2; printf \"I %s %s %.6f\\n\", p, $2, t } } c[p]++; last[p] = t }"
            + " END { printf \"B %d\\n\", base; for (p in c) printf \"F %s %d %.6f %.6f %.6f %.6f\\n\", p, c[p], first[p], last[p], gf[p], gt[p] }'";
    private static final int FLOW_PAYLOAD = 100;

    /**
     * {@code flows} iperf3 streams (UDP or TCP, each from its own source port) from {@code from}
     * to {@code to}, whose iperf3 server runs on the receiver, one packet every interval per flow;
     * tcpdump at both ends sees every packet (sent and arrived per flow: lost; the longest gap
     * between two arrivals: the outage; the receiver's interface: the path's last hop).
     */
    private StepResult flows(int i, Step.Traffic t, String description, int total) {
        LabNode from = lab.node(t.from());
        String receiverName = t.receiver() != null ? t.receiver() : receiverOf(t.to());
        LabNode to = lab.node(receiverName);
        int n = ++probes;
        int port = 5200 + n;
        String file = "/tmp/bgplab-flows-" + n;
        String filter = "'dst host " + t.to() + " and " + t.protocol() + " dst port " + port + "'";
        String dump = "nohup tcpdump -i any -n -tt -l " + filter;
        to.exec("sh", "-c", "command -v iperf3 >/dev/null || { echo 'no iperf3 in this image (bgplab/host has it)' >&2; exit 1; }; "
                // bound to the flows' destination: a UDP stream's reply then leaves from it (else from whatever address the
                // route back prefers, which the sender's connected socket would not accept)
                + "nohup iperf3 -s -1 -B " + t.to() + " -p " + port + " > " + file + ".server 2>&1 & echo $! > " + file + ".spid; "
                + dump + " > " + file + ".rx 2> " + file + ".rxlog & echo $! > " + file + ".rxpid");
        from.exec("sh", "-c", "command -v iperf3 >/dev/null || { echo 'no iperf3 in this image (bgplab/host has it)' >&2; exit 1; }; "
                + dump + " > " + file + ".tx 2> " + file + ".txlog & echo $! > " + file + ".txpid");
        // tcpdump says "listening on" (stderr, unbuffered) once it captures; iperf3's server once its port is bound
        String ready = "for i in $(seq 1 50); do grep -q listening " + file + ".%1$s && break; sleep 0.1; done; grep -q listening " + file
                + ".%1$s || { echo 'tcpdump did not start:' >&2; cat " + file + ".%1$s >&2; exit 1; }";
        to.exec("sh", "-c", String.format(ready, "rxlog") + "; for i in $(seq 1 50); do ss -ltn | grep -q ':" + port
                + " ' && break; sleep 0.1; done; ss -ltn | grep -q ':" + port + " ' || { echo 'iperf3 server did not start:' >&2; cat "
                + file + ".server >&2; exit 1; }");
        from.exec("sh", "-c", String.format(ready, "txlog"));
        long bits = Math.round(FLOW_PAYLOAD * 8 / (t.interval().toNanos() / 1e9));
        from.exec("sh", "-c", "nohup iperf3 -c " + t.to() + " -p " + port + (t.protocol().equals("udp") ? " -u" : "") + " -P " + t.flows()
                + " -l " + FLOW_PAYLOAD + " -b " + bits + " -t 86400" + (t.source() == null ? "" : " -B " + t.source())
                + " > " + file + ".client 2>&1 & echo $! > " + file + ".cpid");
        event(t.from(), "traffic", t.flows() + " " + t.protocol() + " flow(s) to " + t.to() + " started");
        window(Duration.ofSeconds(1));
        String early = from.exec("sh", "-c", "cat " + file + ".client");
        if (early.contains("iperf3: error") || early.contains("unable to")) {
            throw new IllegalStateException("iperf3 from " + t.from() + " to " + t.to() + " (server on " + receiverName + ") failed: "
                    + early.strip());
        }
        Instant duringStart = Instant.now();
        for (Step s : t.during()) {
            if (stopped) {
                break;
            }
            run(s, total);
        }
        window(Duration.ofSeconds(1));
        String stop = "kill -INT $(cat " + file + ".%s) 2>/dev/null; for i in $(seq 1 30); do kill -0 $(cat " + file
                + ".%s) 2>/dev/null || break; sleep 0.1; done; ";
        from.exec("sh", "-c", String.format(stop, "cpid", "cpid") + String.format(stop, "txpid", "txpid") + "true");
        to.exec("sh", "-c", String.format(stop, "rxpid", "rxpid") + "kill $(cat " + file + ".spid) 2>/dev/null; true");
        Map<Integer, FlowSeen> sent = parseFlows(from.exec("sh", "-c", FLOW_AWK + " " + file + ".tx"));
        Map<Integer, FlowSeen> arrived = parseFlows(to.exec("sh", "-c", FLOW_AWK + " " + file + ".rx"));
        from.exec("sh", "-c", "rm -f " + file + ".tx");
        to.exec("sh", "-c", "rm -f " + file + ".rx");
        // the data streams are the busiest source ports (iperf3's control connection goes to the same port)
        List<FlowSeen> streams = sent.values().stream().sorted(java.util.Comparator.comparingLong(FlowSeen::packets).reversed())
                .limit(t.flows()).sorted(java.util.Comparator.comparingInt(FlowSeen::port)).toList();
        if (streams.isEmpty()) {
            throw new IllegalStateException("no " + t.protocol() + " packet to " + t.to() + " left " + t.from() + "; iperf3 said: "
                    + from.exec("sh", "-c", "tail -5 " + file + ".client").strip());
        }
        long sentTotal = 0;
        long lostTotal = 0;
        double longest = 0;
        double spacingMax = t.interval().toNanos() / 1e6;
        FlowSeen worst = null;
        Map<String, Integer> before = new java.util.TreeMap<>();
        Map<String, Integer> after = new java.util.TreeMap<>();
        Map<String, Double> measured = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        int k = 0;
        int hit = 0;
        for (FlowSeen tx : streams) {
            k++;
            FlowSeen rx = arrived.get(tx.port());
            long got = rx == null ? 0 : rx.packets();
            long lost = Math.max(0, tx.packets() - got);
            // the flow's own spacing, from its arrivals outside the longest gap
            double spacing = t.interval().toNanos() / 1e6;
            if (rx != null && rx.packets() > 2) {
                spacing = (Duration.between(rx.first(), rx.last()).toNanos() / 1e6 - rx.gapMillis()) / (rx.packets() - 2);
            }
            spacingMax = Math.max(spacingMax, spacing);
            double gap = rx == null ? 0 : rx.gapMillis();
            // a gap of a few spacings is jitter (the sender paces in bursts): an outage is a gap longer than three
            double outage = rx == null ? Duration.between(tx.first(), tx.last()).toNanos() / 1e6 : gap > 3 * spacing ? gap - spacing : 0;
            String first = rx == null ? "(nothing arrived)" : hop(receiverName, rx.ifaces().get(0).getValue());
            String last = rx == null ? "(nothing arrived)" : hop(receiverName, rx.ifaces().get(rx.ifaces().size() - 1).getValue());
            before.merge(first, 1, Integer::sum);
            after.merge(last, 1, Integer::sum);
            sentTotal += tx.packets();
            lostTotal += lost;
            if (outage > 0) {
                hit++;
            }
            if (worst == null || outage > longest) {
                longest = outage;
                worst = rx;
            }
            measured.put("flow" + k + "_lost", (double) lost);
            measured.put("flow" + k + "_outage_ms", outage);
            lines.add(String.format("  flow %d (source port %d): %d of %d lost, outage %.1f ms; arrived %s%s", k, tx.port(), lost, tx.packets(),
                    outage, first, first.equals(last) ? " throughout" : ", then " + last
                            + (rx == null ? "" : " from " + rx.ifaces().get(rx.ifaces().size() - 1).getKey())));
        }
        measured.put("flows", (double) streams.size());
        measured.put("flows_with_outage", (double) hit);
        measured.put("packets_sent", (double) sentTotal);
        measured.put("packets_lost", (double) lostTotal);
        measured.put("outage_ms", longest);
        measured.put("outage_error_ms", spacingMax);
        if (worst != null && worst.gapFrom() != null && longest > 0 && lastFault != null && !lastFault.at().isBefore(duringStart)) {
            measured.put("outage_start_after_fault_ms", Duration.between(lastFault.at(), worst.gapFrom()).toNanos() / 1e6);
            measured.put("outage_end_after_fault_ms", Duration.between(lastFault.at(), worst.gapTo()).toNanos() / 1e6);
            timeline.add(new LabReport.TimelineEvent(worst.gapFrom(), receiverName, "traffic", "flow from port " + worst.port()
                    + ": last packet before the outage"));
            timeline.add(new LabReport.TimelineEvent(worst.gapTo(), receiverName, "traffic", String.format("flow from port %d: first packet"
                    + " after an outage of %.1f ms", worst.port(), longest)));
        }
        List<String> over = overLimits(t, lostTotal, longest);
        Verdict v = trafficVerdict(t, over);
        String reason = String.format("%d %s flow(s), %d of %d packets lost; longest outage %.1f ms (±%.1f ms, one packet spacing) in %d flow(s);"
                + " arriving at %s before: %s; after: %s", streams.size(), t.protocol(), lostTotal, sentTotal, longest, spacingMax, hit,
                receiverName, spread(before), spread(after))
                + (over.isEmpty() ? "" : "; " + String.join("; ", over)) + "\n" + String.join("\n", lines);
        return new StepResult(i, "measure", description, v, reason, 0, measured, null);
    }

    /** The traffic measure's own limits that the figures broke (max-lost, max-outage), in words. */
    private static List<String> overLimits(Step.Traffic t, long lost, double outageMillis) {
        List<String> over = new ArrayList<>();
        if (t.maxLost() != null && lost > t.maxLost()) {
            over.add(lost + " lost, at most " + t.maxLost() + " allowed");
        }
        if (t.maxOutage() != null && outageMillis > t.maxOutage().toMillis()) {
            over.add(String.format("outage %.0f ms, at most %d ms allowed", outageMillis, t.maxOutage().toMillis()));
        }
        return over;
    }

    /** INFO without limits, else PASS or FAIL on them. */
    private static Verdict trafficVerdict(Step.Traffic t, List<String> over) {
        return t.maxLost() == null && t.maxOutage() == null ? Verdict.INFO : over.isEmpty() ? Verdict.PASS : Verdict.FAIL;
    }

    private static String spread(Map<String, Integer> m) {
        return m.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** "via nva1 (branch:eth1)": the node at the far end of the receiver's interface, from the topology's links. */
    private String hop(String node, String iface) {
        for (dev.bgplab.lab.topology.LinkSpec l : lab.topology().links()) {
            dev.bgplab.lab.topology.LinkSpec.Endpoint e = l.end(node);
            if (e != null && e.iface().equals(iface)) {
                return "via " + l.other(e).node() + " (" + node + ":" + iface + ")";
            }
        }
        return "on " + node + ":" + iface;
    }

    /** The one node of the topology holding {@code address} (from its links and exec lines). */
    private String receiverOf(String address) {
        List<String> owners = lab.topology().nodes().stream()
                .filter(nd -> nd.addresses().stream().anyMatch(a -> a.address().equals(address))).map(nd -> nd.name()).toList();
        if (owners.size() != 1) {
            throw new IllegalStateException("traffic to " + address + ": " + (owners.isEmpty() ? "no node of the topology has it"
                    : "several nodes have it " + owners) + "; name the node that receives the flows (it runs iperf3's server) with receiver:");
        }
        return owners.get(0);
    }

    static Map<Integer, FlowSeen> parseFlows(String summary) {
        long base = 0;
        Map<Integer, List<Map.Entry<Instant, String>>> ifaces = new java.util.HashMap<>();
        List<String[]> flows = new ArrayList<>();
        for (String line : summary.lines().toList()) {
            String[] w = line.strip().split("\\s+");
            switch (w[0]) {
                case "B" -> base = Long.parseLong(w[1]);
                case "F" -> flows.add(w);
                case "I" -> { }
                default -> { }
            }
        }
        for (String line : summary.lines().toList()) {
            String[] w = line.strip().split("\\s+");
            if (w[0].equals("I") && w.length == 4) {
                ifaces.computeIfAbsent(Integer.parseInt(w[1]), x -> new ArrayList<>()).add(Map.entry(at(base, w[3]), w[2]));
            }
        }
        Map<Integer, FlowSeen> out = new LinkedHashMap<>();
        for (String[] w : flows) {
            int p = Integer.parseInt(w[1]);
            boolean gap = Double.parseDouble(w[6]) > 0;
            out.put(p, new FlowSeen(p, Long.parseLong(w[2]), at(base, w[3]), at(base, w[4]), gap ? at(base, w[5]) : null,
                    gap ? at(base, w[6]) : null, ifaces.getOrDefault(p, List.of())));
        }
        return out;
    }

    private static Instant at(long base, String relative) {
        String[] parts = relative.split("\\.");
        long secs = Long.parseLong(parts[0]);
        long micros = parts.length > 1 ? Long.parseLong((parts[1] + "000000").substring(0, 6)) : 0;
        return Instant.ofEpochSecond(base + secs, micros * 1000);
    }


    /** Transmitted packets of every lab interface (not lo, not the management eth0) of every container node. */
    private Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (LabNode n : lab.nodes().values()) {
            try {
                String text = n.exec("sh", "-c", "for f in /sys/class/net/*/statistics/tx_packets /sys/class/net/*/statistics/rx_packets;"
                        + " do echo \"$f $(cat $f)\"; done");
                for (String line : text.lines().toList()) {
                    String[] w = line.split("\\s+");
                    String iface = w[0].split("/")[4];
                    if (w.length == 2 && !iface.equals("lo") && !iface.equals("eth0")) {
                        // transmitted: node:iface (the path); received: node:iface:rx (where replies arrived)
                        out.put(n.name() + ":" + iface + (w[0].endsWith("rx_packets") ? ":rx" : ""), Long.parseLong(w[1]));
                    }
                }
            } catch (RuntimeException e) {
                // stopped or crashed: no counters
            }
        }
        return out;
    }

    /** The interfaces that sent at least half as many packets as the stream did in the window: its path. */
    private static String path(Map<String, Long> a, Map<String, Long> b, Duration window, Duration interval, String from) {
        long expected = window.toNanos() / interval.toNanos();
        List<String> hops = new ArrayList<>();
        for (Map.Entry<String, Long> e : b.entrySet()) {
            if (e.getKey().endsWith(":rx")) {
                continue;
            }
            Long was = a.get(e.getKey());
            if (was != null && e.getValue() - was >= expected / 2) {
                hops.add(e.getKey());
            }
        }
        return hops.isEmpty() ? "(no interface carried it)" : String.join(", ", hops);
    }

    /** Lets the stream run for a counting window (a measurement interval, not a wait for a condition). */
    private static void window(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    // ---- route changes ----

    private Map<String, Map<String, String>> snapshot() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (LabNode n : lab.nodes().values()) {
            if (streaming.contains(n.name())) {
                continue; // its stream has every change: reading its whole table after each step would only slow the scenario
            }
            try {
                Map<String, String> routes = new LinkedHashMap<>();
                for (RouteEntry e : n.routes("bgp")) {
                    routes.put(e.prefix(), e.summary());
                }
                out.put(n.name(), routes);
            } catch (RuntimeException e) {
                out.put(n.name(), Map.of()); // stopped or paused: its routes are gone for now
            }
        }
        return out;
    }

    private Map<String, String> sessionStates() {
        Map<String, String> out = new LinkedHashMap<>();
        for (LabNode n : lab.nodes().values()) {
            if (n.spec().role() == NodeRole.VM) {
                continue;
            }
            try {
                for (Session s : n.sessions()) {
                    out.put(n.name() + " -> " + s.address(), s.state());
                }
            } catch (RuntimeException e) {
                // a stopped node has no sessions to report
            }
        }
        return out;
    }

    private void recordRouteChanges() {
        collectEvents(true);
        Map<String, String> states = sessionStates();
        java.util.Set<String> keys = new java.util.TreeSet<>(sessionStates.keySet());
        keys.addAll(states.keySet());
        for (String k : keys) {
            String before = sessionStates.getOrDefault(k, "(node down)");
            String after = states.getOrDefault(k, "(node down)");
            if (!before.equals(after)) {
                event(k.substring(0, k.indexOf(' ')), "session", "session " + k + ": " + before + " -> " + after + " (seen by polling)");
            }
        }
        sessionStates = states;
        Map<String, Map<String, String>> now = snapshot();
        Instant at = Instant.now();
        for (Map.Entry<String, Map<String, String>> e : now.entrySet()) {
            if (streaming.contains(e.getKey())) {
                continue; // its stream gave every change with its real time
            }
            Map<String, String> before = snapshot.getOrDefault(e.getKey(), Map.of());
            Map<String, String> after = e.getValue();
            java.util.Set<String> prefixes = new java.util.TreeSet<>(before.keySet());
            prefixes.addAll(after.keySet());
            for (String p : prefixes) {
                String b = before.getOrDefault(p, "(absent)");
                String a = after.getOrDefault(p, "(absent)");
                if (!a.equals(b)) {
                    changes.add(new LabReport.RouteChange(at, e.getKey() + " (polled)", p, b, a));
                }
            }
        }
        snapshot = now;
    }

    /**
     * Takes what each node's stream reported since last time: route changes (with the state before,
     * per node, source and prefix) and session transitions, at the times the nodes stamped them.
     */
    private void collectEvents(boolean record) {
        List<LabReport.RouteChange> fresh = new ArrayList<>();
        for (LabNode n : lab.nodes().values()) {
            List<RouteEvent> events;
            try {
                events = n.events();
            } catch (RuntimeException e) {
                continue;
            }
            for (RouteEvent e : events) {
                if (!eventsSeen.add(e)) {
                    continue;
                }
                streaming.add(n.name());
                if (e.isSession()) {
                    if (record) {
                        timeline.add(new LabReport.TimelineEvent(e.at(), n.name(), "session", e.detail()));
                    }
                    continue;
                }
                if (n.spec().role() == NodeRole.BGPLAB && "kernel".equals(e.source())) {
                    continue; // a speaker does not program its kernel: only its connected routes show there
                }
                String key = n.name() + "|" + e.source() + "|" + e.prefix();
                String before = streamState.getOrDefault(key, "(absent)");
                streamState.put(key, e.state());
                if ((record || "loc-rib".equals(e.source())) && !before.equals(e.state())) {
                    String table = "loc-rib".equals(e.source()) ? "" : e.source();
                    fresh.add(new LabReport.RouteChange(e.at(), n.name() + (table.isEmpty() ? "" : " " + table), e.prefix(), before, e.state()));
                    // on the timeline too, at the time the node stamped it
                    timeline.add(new LabReport.TimelineEvent(e.at(), n.name(), "route", (table.isEmpty() ? "" : table + " ")
                            + e.prefix() + ": " + before + " -> " + e.state()));
                }
            }
        }
        fresh.sort(java.util.Comparator.comparing(LabReport.RouteChange::at));
        changes.addAll(fresh);
    }

    private long lastStill;

    /** Every 5 s of a long wait, says what it is still waiting for. */
    private void still(Duration timeout, long end, String why) {
        long now = System.nanoTime();
        long waited = timeout.toNanos() - (end - now);
        if (waited > 5_000_000_000L && now - lastStill > 5_000_000_000L) {
            lastStill = now;
            progress.accept(String.format("  still waiting (%d s of %d s): %s", waited / 1_000_000_000L, timeout.toSeconds(), why));
        }
    }

    private void event(String node, String kind, String text) {
        timeline.add(new LabReport.TimelineEvent(Instant.now(), node, kind, text));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // polling between retries of a step that has its own deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
