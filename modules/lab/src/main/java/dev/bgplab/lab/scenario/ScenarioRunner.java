package dev.bgplab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.runtime.LabNode;
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
    private Instant lastFault;
    private int index;
    private int probes;

    public ScenarioRunner(RunningLab lab, Consumer<String> progress) {
        this.lab = lab;
        this.progress = progress;
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

    public void run(Scenario scenario) {
        snapshot = snapshot();
        sessionStates = sessionStates();
        int total = count(scenario.steps());
        for (Step s : scenario.steps()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            run(s, total);
        }
    }

    private static int count(List<Step> steps) {
        int n = 0;
        for (Step s : steps) {
            n += 1 + (s instanceof Step.Loss l ? count(l.during()) : 0);
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
                case Step.Convergence c -> convergence(i, c, description);
                case Step.Loss l -> loss(i, l, description, total);
            };
        } catch (RuntimeException e) {
            r = new StepResult(i, step.kind(), description, Verdict.FAIL, "error: " + e.getMessage(), 0, Map.of(), null);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        r = new StepResult(r.index(), r.kind(), r.description(), r.verdict(), r.reason(), ms, r.measurements(), r.actualRib());
        results.add(slot, r);
        event("-", "step-end", "step " + i + " " + r.verdict() + ": " + r.reason());
        progress.accept(String.format("  %s (%d ms) %s", r.verdict(), ms, r.reason()));
        recordRouteChanges();
    }

    private String describe(Step step) {
        String d = switch (step) {
            case Step.Wait w -> "sessions Established at " + (w.nodes().isEmpty() ? "all nodes" : w.nodes()) + " within " + w.timeout().toSeconds() + " s";
            case Step.Expect e -> e.expectation().describe();
            case Step.Fault f -> f.action() + " " + (f.args().isTextual() ? f.args().asText() : f.args().toString());
            case Step.Convergence c -> "convergence until " + c.until().describe();
            case Step.Loss l -> "loss of a ping stream " + l.from() + " -> " + l.to() + " every " + l.interval().toMillis()
                    + " ms during " + l.during().size() + " step(s)";
        };
        return step.name().isEmpty() ? d : step.name() + ": " + d;
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
        while (true) {
            List<String> down = new ArrayList<>();
            for (LabNode n : nodes) {
                try {
                    List<Session> sessions = n.sessions();
                    for (Session s : sessions) {
                        if (!s.established()) {
                            down.add(n.name() + "->" + s.peer() + " " + s.state());
                        }
                    }
                } catch (RuntimeException e) {
                    down.add(n.name() + ": " + e.getMessage());
                }
            }
            if (down.isEmpty()) {
                return new StepResult(i, "wait", description, Verdict.PASS, "all sessions Established", 0, Map.of(), null);
            }
            notYet = String.join(", ", down);
            still(w.timeout(), end, notYet);
            if (System.nanoTime() > end) {
                return new StepResult(i, "wait", description, Verdict.FAIL, "not Established after " + w.timeout().toSeconds()
                        + " s: " + notYet, 0, Map.of(), null);
            }
            pause();
        }
    }

    // ---- expect and convergence ----

    private StepResult expect(int i, Step.Expect e, String description) {
        Optional<String> problem = poll(e.expectation(), e.timeout());
        if (problem.isEmpty()) {
            return new StepResult(i, "expect", description, Verdict.PASS, "holds", 0, Map.of(), null);
        }
        return new StepResult(i, "expect", description, Verdict.FAIL, problem.get() + " (after " + e.timeout().toSeconds() + " s)",
                0, Map.of(), actualRib(e.expectation()));
    }

    private StepResult convergence(int i, Step.Convergence c, String description) {
        Instant from = lastFault == null ? Instant.now() : lastFault;
        Optional<String> problem = poll(c.until(), c.timeout());
        if (problem.isPresent()) {
            return new StepResult(i, "measure", description, Verdict.FAIL, "did not converge: " + problem.get(), 0, Map.of(),
                    actualRib(c.until()));
        }
        double ms = Duration.between(from, Instant.now()).toMillis();
        return new StepResult(i, "measure", description, Verdict.PASS, String.format("converged %.0f ms after the last fault", ms),
                0, Map.of("convergence_ms", ms), null);
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
        Instant started = Instant.now();
        String target = a.isTextual() ? a.asText() : a.path("node").asText(a.path("link").asText());
        switch (f.action()) {
            case "stop" -> lab.node(a.asText()).stop();
            case "start" -> lab.node(a.asText()).start();
            case "restart" -> {
                lab.node(a.asText()).stop();
                lab.node(a.asText()).start();
            }
            case "kill" -> lab.node(a.asText()).kill();
            case "pause" -> lab.node(a.asText()).pause();
            case "unpause" -> lab.node(a.asText()).unpause();
            case "link-down", "link-up" -> {
                String[] ep = a.asText().split(":", 2);
                lab.node(ep[0]).exec("ip", "link", "set", "dev", ep[1], f.action().equals("link-down") ? "down" : "up");
            }
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
            case "blackhole", "unblackhole" -> {
                // silent failure: BGP packets to and from the peer vanish, only the hold timer notices
                String peer = a.get("peer").asText();
                String op = f.action().equals("blackhole") ? "-I" : "-D";
                LabNode n = lab.node(a.get("node").asText());
                n.exec("iptables", op, "INPUT", "-s", peer, "-p", "tcp", "--dport", "179", "-j", "DROP");
                n.exec("iptables", op, "INPUT", "-s", peer, "-p", "tcp", "--sport", "179", "-j", "DROP");
                n.exec("iptables", op, "OUTPUT", "-d", peer, "-p", "tcp", "--dport", "179", "-j", "DROP");
                n.exec("iptables", op, "OUTPUT", "-d", peer, "-p", "tcp", "--sport", "179", "-j", "DROP");
            }
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
            default -> throw new IllegalStateException("unknown fault " + f.action());
        }
        // convergence counts from the moment the fault began (docker stop returns only after the node is down)
        lastFault = started;
        event(target, "fault", description);
        return new StepResult(i, "fault", description, Verdict.INFO, "done", 0, Map.of(), null);
    }

    // ---- traffic loss ----

    private StepResult loss(int i, Step.Loss l, String description, int total) {
        LabNode from = lab.node(l.from());
        String file = "/tmp/bgplab-probe-" + (++probes);
        double seconds = l.interval().toMillis() / 1000.0;
        from.exec("sh", "-c", "ping -n -i " + seconds + " -c " + l.count() + " -W 1 " + l.to() + " > " + file + ".txt 2>&1 & echo $! > " + file + ".pid");
        event(l.from(), "probe", "ping stream to " + l.to() + " started");
        for (Step s : l.during()) {
            run(s, total);
        }
        // stop the stream (SIGINT makes ping print its summary), then read the summary
        // (the exited ping may stay a zombie under a PID 1 that does not reap: wait for its summary instead)
        from.exec("sh", "-c", "kill -INT $(cat " + file + ".pid) 2>/dev/null; for i in $(seq 1 50); do "
                + "grep -q 'packets transmitted' " + file + ".txt && break; sleep 0.1; done");
        String out = from.exec("cat", file + ".txt");
        Matcher m = PING_SUMMARY.matcher(out);
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

    // ---- route changes ----

    private Map<String, Map<String, String>> snapshot() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (LabNode n : lab.nodes().values()) {
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
        Map<String, String> states = sessionStates();
        java.util.Set<String> keys = new java.util.TreeSet<>(sessionStates.keySet());
        keys.addAll(states.keySet());
        for (String k : keys) {
            String before = sessionStates.getOrDefault(k, "(node down)");
            String after = states.getOrDefault(k, "(node down)");
            if (!before.equals(after)) {
                event(k.substring(0, k.indexOf(' ')), "session", "session " + k + ": " + before + " -> " + after);
            }
        }
        sessionStates = states;
        Map<String, Map<String, String>> now = snapshot();
        Instant at = Instant.now();
        for (Map.Entry<String, Map<String, String>> e : now.entrySet()) {
            Map<String, String> before = snapshot.getOrDefault(e.getKey(), Map.of());
            Map<String, String> after = e.getValue();
            java.util.Set<String> prefixes = new java.util.TreeSet<>(before.keySet());
            prefixes.addAll(after.keySet());
            for (String p : prefixes) {
                String b = before.getOrDefault(p, "(absent)");
                String a = after.getOrDefault(p, "(absent)");
                if (!a.equals(b)) {
                    changes.add(new LabReport.RouteChange(at, e.getKey(), p, b, a));
                }
            }
        }
        snapshot = now;
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
