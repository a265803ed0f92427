package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.frr.FrrFamily;
import dev.bgplab.lab.frr.FrrJson;
import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of a {@link DockerLab}: one container named {@code clab-<lab>-<node>}. FRR nodes are
 * read with {@code vtysh ... json}, bgplab nodes through their API on the management network, and
 * every node's kernel table with {@code ip -j route}.
 */
public final class ContainerNode implements LabNode {

    private final DockerLab lab;
    private final NodeSpec spec;
    private final String container;
    private final String mgmtAddress;
    private final SpeakerApiClient api;
    private final ApiEventReader apiEvents;
    private final List<RouteEvent> kernelEvents = new ArrayList<>();
    private long kernelLogOffset;

    ContainerNode(DockerLab lab, NodeSpec spec, String container, String mgmtAddress) {
        this.lab = lab;
        this.spec = spec;
        this.container = container;
        this.mgmtAddress = mgmtAddress;
        this.api = spec.role() == NodeRole.BGPLAB
                ? new SpeakerApiClient(spec.name(), mgmtAddress + ":" + DockerLab.SPEAKER_API_PORT, a -> a, lab.access()) : null;
        this.apiEvents = new ApiEventReader(spec.name());
    }

    /** The API's base URL (bgplab nodes), for status output; empty for other nodes. */
    public String apiUrl() {
        return api == null ? "" : api.base().toString();
    }

    @Override
    public synchronized List<RouteEvent> events() {
        try {
            String fresh = ContainerExec.check(container, "sh", "-c", "tail -c +" + (kernelLogOffset + 1) + " " + KernelRouteMonitor.LOG
                    + " 2>/dev/null || true");
            int end = fresh.lastIndexOf('\n');
            if (end >= 0) {
                String complete = fresh.substring(0, end + 1);
                kernelLogOffset += complete.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                kernelEvents.addAll(KernelRouteMonitor.parse(spec.name(), complete));
            }
        } catch (RuntimeException e) {
            // stopped: what it reported before stands
        }
        List<RouteEvent> out = new ArrayList<>(kernelEvents);
        if (lab.bmp() != null && bmpMonitored) {
            out.addAll(lab.bmp().events(spec.name()));
        }
        if (api != null) {
            out.addAll(apiEvents.events(api));
        }
        out.sort(java.util.Comparator.comparing(RouteEvent::at));
        return out;
    }

    @Override
    public java.util.Optional<SpeakerApiClient> speakerApi() { return java.util.Optional.ofNullable(api); }

    @Override
    public NodeSpec spec() {
        return spec;
    }

    String container() {
        return container;
    }

    String mgmtAddress() {
        return mgmtAddress;
    }

    // FRR is ready when zebra and every daemon its daemons file enables are connected to vtysh
    // ("show daemons"), whatever the set: OSPF only, IS-IS, BGP. Prints the daemons that are on.
    private static final String FRR_READY = "want=$(sed -n 's/^\\([a-z0-9]*d\\)=yes.*/\\1/p' /etc/frr/daemons | grep -v '^watchfrr$');"
            + " have=\" $(vtysh -c 'show daemons' 2>&1) \";"
            + " for d in zebra $want; do case \"$have\" in *\" $d \"*) ;; *) echo \"$d is not running\"; exit 1;; esac; done;"
            + " echo $want";

    private volatile String lastNotReady = "not checked yet";
    private volatile boolean bgpd = true;
    private volatile List<String> daemons = List.of();

    /** True once the node's routing daemons answer (FRR: every enabled daemon; bgplab: its API; plain host: at once). */
    boolean ready() {
        return switch (spec.role()) {
            case FRR -> {
                CommandResult r = ContainerExec.run(container, 10, "sh", "-c", FRR_READY);
                if (r.exitCode() == 0) {
                    daemons = List.of(r.stdout().strip().split("\\s+"));
                    bgpd = daemons.contains("bgpd");
                    yield true;
                }
                lastNotReady = r.output().strip();
                yield false;
            }
            case BGPLAB -> {
                String why = api.whyNotAnswering();
                boolean up = why == null;
                lastNotReady = up ? "" : "API " + api.base() + " does not answer (" + why + ")";
                yield up;
            }
            case VM -> true;
        };
    }

    @Override
    public String igpSummary() {
        List<String> out = new ArrayList<>();
        for (String[] igp : new String[][] {{"ospfd", "show ip ospf neighbor"}, {"ospf6d", "show ipv6 ospf6 neighbor"}}) {
            if (spec.role() == NodeRole.FRR && daemons.contains(igp[0])) {
                long full = vtysh(igp[1]).lines().filter(l -> l.contains("Full")).count();
                out.add((igp[0].equals("ospfd") ? "OSPF" : "OSPFv3") + " " + full + " neighbour(s) Full");
            }
        }
        return String.join(", ", out);
    }

    /** Why the last readiness check failed (an FRR daemon not running, the API not answering). */
    String notReadyReason() {
        return lastNotReady;
    }

    @Override
    public List<Session> sessions() {
        return switch (spec.role()) {
            case FRR -> !bgpd ? List.of() : FrrJson.neighbors(FrrJson.read(vtysh("show bgp neighbors json"))).stream()
                    .map(n -> new Session(n.address(), n.address(), n.state())).toList();
            case BGPLAB -> api.sessions();
            case VM -> List.of();
        };
    }

    @Override
    public JsonNode sessionDetail(Session s) {
        try {
            return switch (spec.role()) {
                case FRR -> FrrJson.read(vtysh("show bgp neighbors " + s.address() + " json")).path(s.address());
                case BGPLAB -> api.peer(s.peer());
                case VM -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> explain(String prefix) {
        if (spec.role() == NodeRole.FRR) {
            return frrExplain(prefix);
        }
        return api == null ? List.of() : api.explain(prefix);
    }

    /**
     * FRR's own words about a prefix: with {@code debug bgp updates in} on for a moment, every peer
     * is asked to send its routes again ({@code clear bgp * soft in}: ROUTE-REFRESH), and bgpd logs
     * each prefix it receives, or "DENIED due to: ..." with its reason. Also each session FRR reset
     * for too many prefixes. One line each, prefixed "FRR log:" / "FRR:".
     */
    private List<String> frrExplain(String prefix) {
        List<String> out = new ArrayList<>();
        if (frrLog == null) {
            return List.of("FRR: no log file to read (its config sends the log elsewhere)");
        }
        String family = prefix.contains(":") ? "ipv6" : "ipv4";
        String start = ContainerExec.run(container, 10, "sh", "-c", "wc -l < " + frrLog + " 2>/dev/null || echo 0").stdout().strip();
        vtysh("debug bgp updates in");
        try {
            vtysh("clear bgp " + family + " unicast * soft in");
            // what bgpd logs about the prefix from now on (one refresh is answered within a few hundred ms)
            String script = "for i in $(seq 1 30); do tail -n +" + (Long.parseLong(start.isEmpty() ? "0" : start) + 1) + " " + frrLog
                    + " | grep -F -- '" + prefix + "' && break; sleep 0.1; done; true";
            java.util.regex.Pattern exact = java.util.regex.Pattern.compile("(^|[^0-9.:])" + java.util.regex.Pattern.quote(prefix) + "([^0-9]|$)");
            ContainerExec.run(container, 10, "sh", "-c", script).stdout().lines()
                    .filter(l -> exact.matcher(l).find()).distinct().forEach(l -> out.add("FRR log: " + l.strip()));
        } finally {
            vtysh("no debug bgp updates in");
        }
        for (Session s : sessions()) {
            JsonNode d = sessionDetail(s);
            String due = d == null ? "" : d.path("lastResetDueTo").asText("");
            if (due.toLowerCase().contains("prefix") || due.toLowerCase().contains("maximum")) {
                out.add("FRR: session to " + s.address() + " was reset: " + due + " (maximum-prefix)");
            }
        }
        return out;
    }

    @Override
    public List<RouteEntry> routes(String table) {
        if ("kernel".equals(table) || spec.role() == NodeRole.VM) {
            return kernelRoutes();
        }
        if (spec.role() == NodeRole.BGPLAB) {
            return "received".equals(table) ? api.received() : api.locRib();
        }
        List<RouteEntry> out = new ArrayList<>();
        for (FrrFamily family : FrrFamily.values()) {
            List<String> prefixes = FrrJson.tablePrefixes(FrrJson.read(vtysh("show bgp " + family.command() + " json")));
            if (prefixes.isEmpty()) {
                continue;
            }
            String[] commands = prefixes.stream().map(p -> "show bgp " + family.command() + " " + p + " json").toArray(String[]::new);
            for (Map.Entry<String, List<ObservedRoute>> e : FrrJson.prefixDetails(FrrJson.readAll(vtysh(commands))).entrySet()) {
                out.add(new RouteEntry(e.getKey(), e.getValue().stream().map(p -> p.withNextHops(p.nextHopsWithoutLinkLocal())).toList()));
            }
        }
        return out;
    }

    List<RouteEntry> kernelRoutes() {
        List<RouteEntry> out = new ArrayList<>();
        out.addAll(kernel(FrrJson.read(exec("ip", "-j", "-4", "route")), false));
        out.addAll(kernel(FrrJson.read(exec("ip", "-j", "-6", "route")), true));
        return out;
    }

    /** {@code ip -j route}: dst ("default", a prefix, or a host without length), gateway or nexthops[]. */
    static List<RouteEntry> kernel(JsonNode routes, boolean ipv6) {
        List<RouteEntry> out = new ArrayList<>();
        for (JsonNode r : routes) {
            String dst = r.path("dst").asText();
            if (dst.equals("default")) {
                dst = ipv6 ? "::/0" : "0.0.0.0/0";
            } else if (!dst.contains("/")) {
                dst = dst + (ipv6 ? "/128" : "/32");
            }
            if (dst.startsWith("fe80") || dst.startsWith("ff00")) {
                continue;
            }
            List<String> nhs = new ArrayList<>();
            if (r.has("gateway")) {
                nhs.add(r.get("gateway").asText());
            }
            r.path("nexthops").forEach(nh -> {
                if (nh.has("gateway")) {
                    nhs.add(nh.get("gateway").asText());
                }
            });
            if (nhs.isEmpty() && r.has("dev")) {
                nhs.add("dev " + r.get("dev").asText());
            }
            String proto = r.path("protocol").asText("");
            out.add(new RouteEntry(dst, List.of(ObservedRoute.builder(dst).nextHops(nhs).peer(proto).best(true).build())));
        }
        return out;
    }

    String vtysh(String... commands) {
        List<String> argv = new ArrayList<>();
        argv.add("vtysh");
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        return exec(argv.toArray(String[]::new));
    }

    @Override
    public String exec(String... argv) {
        return ContainerExec.check(container, argv);
    }

    @Override
    public FaultTime stop() {
        // the signal first, timed, then docker's stop (which waits for the exit and SIGKILLs after 5 s)
        java.time.Instant before = java.time.Instant.now();
        Docker.client().killContainerCmd(container).withSignal("SIGTERM").exec();
        FaultTime t = FaultTime.between(before, java.time.Instant.now(), "SIGTERM delivered (docker kill -s TERM returned)");
        Docker.client().stopContainerCmd(container).withTimeout(5).exec();
        return t;
    }

    @Override
    public void start() {
        Docker.client().startContainerCmd(container).exec();
        apiEvents.restarted();
        lab.restarted(this);
    }

    @Override
    public FaultTime kill() {
        java.time.Instant before = java.time.Instant.now();
        Docker.client().killContainerCmd(container).exec();
        return FaultTime.between(before, java.time.Instant.now(), "SIGKILL delivered (docker kill returned)");
    }

    // the filter a crash installs: nothing in or out or through, except loopback and the management eth0
    private static final String CRASH_RULES = "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT DROP [0:0]\n"
            + "-A INPUT -i lo -j ACCEPT\n-A OUTPUT -o lo -j ACCEPT\n-A INPUT -i eth0 -j ACCEPT\n-A OUTPUT -o eth0 -j ACCEPT\nCOMMIT\n";
    private static final String SAVED = "/tmp/bgplab-precrash";

    @Override
    public FaultTime crash() {
        // the filter table as it was (may be empty), then IPv6, then IPv4 in one iptables-restore (atomic: one table replace),
        // stamped just before and after it
        String script = "set -e\niptables-save -t filter > " + SAVED + ".v4; ip6tables-save -t filter > " + SAVED + ".v6 2>/dev/null || true\n"
                + "printf '" + CRASH_RULES.replace("\n", "\\n") + "' > /tmp/bgplab-crash.rules\n"
                + "ip6tables-restore < /tmp/bgplab-crash.rules 2>/dev/null || true\n"
                + "a=$(date +%s%N); iptables-restore < /tmp/bgplab-crash.rules; b=$(date +%s%N); echo \"$a $b\"";
        return stamped(script, "packet filter in force (iptables-restore returned)");
    }

    @Override
    public FaultTime recover() {
        // a filter table that was empty before the crash comes back as an empty, accepting one
        String open = "*filter\\n:INPUT ACCEPT [0:0]\\n:FORWARD ACCEPT [0:0]\\n:OUTPUT ACCEPT [0:0]\\nCOMMIT\\n";
        String script = "set -e\nfor v in v4 v6; do grep -q '^\\*filter' " + SAVED + ".$v 2>/dev/null || printf '" + open + "' > "
                + SAVED + ".$v; done\n"
                + "a=$(date +%s%N); iptables-restore < " + SAVED + ".v4; b=$(date +%s%N)\n"
                + "ip6tables-restore < " + SAVED + ".v6 2>/dev/null || true\necho \"$a $b\"";
        return stamped(script, "packet filter removed (iptables-restore returned)");
    }

    @Override
    public FaultTime hang() {
        FaultTime t = stamped("set -e\nprintf '*filter\\n-I FORWARD -j DROP\\nCOMMIT\\n' > /tmp/bgplab-hang.rules\n"
                + "ip6tables-restore --noflush < /tmp/bgplab-hang.rules 2>/dev/null || true\n"
                + "a=$(date +%s%N); iptables-restore --noflush < /tmp/bgplab-hang.rules; b=$(date +%s%N); echo \"$a $b\"",
                "forwarding stopped (iptables-restore returned), then the processes frozen");
        Docker.client().pauseContainerCmd(container).exec();
        return t;
    }

    @Override
    public FaultTime unhang() {
        Docker.client().unpauseContainerCmd(container).exec();
        return stamped("a=$(date +%s%N); iptables -D FORWARD -j DROP; b=$(date +%s%N)\n"
                + "ip6tables -D FORWARD -j DROP 2>/dev/null || true\necho \"$a $b\"",
                "processes resumed, then forwarding restored (iptables returned)");
    }

    @Override
    public FaultTime setLinks(List<String> interfaces, boolean up) {
        StringBuilder batch = new StringBuilder();
        for (String i : interfaces) {
            batch.append("link set dev ").append(i).append(up ? " up" : " down").append("\\n");
        }
        FaultTime t = stamped("set -e\na=$(date +%s%N); printf '" + batch + "' | ip -batch -; b=$(date +%s%N); echo \"$a $b\"",
                "ip link set " + (up ? "up" : "down") + " returned");
        if (up) {
            lab.reapplyAddresses(this, interfaces);
        }
        return t;
    }

    @Override
    public FaultTime blackhole(String peer, boolean on) {
        String op = on ? "-I" : "-D";
        String rules = "*filter\\n" + op + " INPUT -s " + peer + " -p tcp --dport 179 -j DROP\\n"
                + op + " INPUT -s " + peer + " -p tcp --sport 179 -j DROP\\n"
                + op + " OUTPUT -d " + peer + " -p tcp --dport 179 -j DROP\\n"
                + op + " OUTPUT -d " + peer + " -p tcp --sport 179 -j DROP\\nCOMMIT\\n";
        String restore = peer.contains(":") ? "ip6tables-restore" : "iptables-restore";
        return stamped("set -e\nprintf '" + rules + "' > /tmp/bgplab-blackhole.rules\n"
                + "a=$(date +%s%N); " + restore + " --noflush < /tmp/bgplab-blackhole.rules; b=$(date +%s%N); echo \"$a $b\"",
                "BGP filter for " + peer + (on ? " in force" : " removed") + " (iptables-restore returned)");
    }

    /** Runs a script that ends by printing two {@code date +%s%N} stamps around the command that makes the fault. */
    private FaultTime stamped(String script, String how) {
        String out = ContainerExec.sh(container, script).strip();
        String[] last = out.lines().reduce((x, y) -> y).orElse("").trim().split("\\s+");
        if (last.length != 2) {
            throw new IllegalStateException(container + ": no timestamps from the fault command: " + out);
        }
        return FaultTime.between(FaultTime.epochNanos(last[0]), FaultTime.epochNanos(last[1]), how);
    }

    static final String FRR_LOG = "/var/log/frr/bgplab-bgpd.log";
    private volatile String frrLog;

    /**
     * FRR: its daemons log to a file (the one its config names, else {@link #FRR_LOG}) and bgpd logs
     * neighbor events, so that the diagnosis can quote what FRR said about a session. Changes the
     * running configuration only; the user's file is not touched.
     */
    void prepareFrrLog() {
        if (spec.role() != NodeRole.FRR || !bgpd) {
            return;
        }
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^log file (\\S+)").matcher(vtysh("show running-config"));
            if (m.find()) {
                frrLog = m.group(1);
            } else {
                vtysh("configure terminal", "log file " + FRR_LOG + " debugging");
                frrLog = FRR_LOG;
            }
            vtysh("debug bgp neighbor-events");
        } catch (RuntimeException e) {
            frrLog = null; // no log to quote: the diagnosis goes without it
        }
    }

    private volatile boolean bmpMonitored;

    boolean bmpMonitored() {
        return bmpMonitored;
    }

    /**
     * FRR: a {@code bmp targets} block in the running configuration (not the user's file) sending
     * Loc-RIB (when this FRR has it) and post-policy Adj-RIB-In monitoring to {@code collector}.
     * Needs bgpd started with {@code -M bmp} (the bgplab FRR image does so unless the lab binds its
     * own daemons file). Returns "" when set, else why not.
     */
    String monitorBmp(dev.bgplab.lab.bmp.BmpCollector collector) {
        if (spec.role() != NodeRole.FRR || !bgpd) {
            return "";
        }
        try {
            String running = vtysh("show running-config");
            java.util.regex.Matcher asn = java.util.regex.Pattern.compile("(?m)^router bgp (\\d+)\\s*$").matcher(running);
            if (!asn.find()) {
                return "";
            }
            CommandResult probe = ContainerExec.run(container, 10, "vtysh", "-c", "show bmp");
            if (probe.output().contains("Unknown command")) {
                return "no BMP (bgpd runs without -M bmp, e.g. from the lab's own daemons file): its BGP table is read from its kernel";
            }
            List<String> lines = new ArrayList<>(List.of("configure terminal", "router bgp " + asn.group(1), "bmp targets bgplab",
                    "bmp connect " + collector.address().getHostAddress() + " port " + collector.port() + " min-retry 100 max-retry 1000",
                    "bmp monitor ipv4 unicast post-policy", "bmp monitor ipv6 unicast post-policy"));
            vtysh(lines.toArray(String[]::new));
            // Loc-RIB monitoring (RFC 9069) where this FRR has it
            ContainerExec.run(container, 10, "vtysh", "-c", "configure terminal", "-c", "router bgp " + asn.group(1), "-c", "bmp targets bgplab",
                    "-c", "bmp monitor ipv4 unicast loc-rib", "-c", "bmp monitor ipv6 unicast loc-rib");
            bmpMonitored = true;
            return "";
        } catch (RuntimeException e) {
            return "no BMP: " + e.getMessage();
        }
    }

    @Override
    public List<String> logLines(String match) {
        if (frrLog == null) {
            return List.of();
        }
        CommandResult r = ContainerExec.run(container, 10, "sh", "-c", "grep -F -- '" + match.replace("'", "") + "' " + frrLog
                + " | tail -n 40");
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void pause() {
        Docker.client().pauseContainerCmd(container).exec();
    }

    @Override
    public void unpause() {
        Docker.client().unpauseContainerCmd(container).exec();
    }

    @Override
    public void configure(List<String> lines) {
        switch (spec.role()) {
            case FRR -> {
                List<String> commands = new ArrayList<>();
                commands.add("configure terminal");
                commands.addAll(lines);
                vtysh(commands.toArray(String[]::new));
            }
            case BGPLAB -> api.reload(SpeakerConfigs.forContainer(spec.name(), String.join("\n", lines)));
            case VM -> lines.forEach(l -> exec("sh", "-c", l));
        }
    }

    @Override
    public void clear(String peer, boolean soft) {
        if (spec.role() == NodeRole.FRR) {
            vtysh("clear bgp " + peer + (soft ? " soft" : ""));
        } else if (spec.role() == NodeRole.BGPLAB && soft) {
            api.softReset(peer);
        } else {
            resetTcp(peer);
        }
    }

    /** Kills the node's TCP sessions to {@code peer} port 179 (both directions) with {@code ss -K}: a TCP reset. */
    void resetTcp(String peer) {
        exec("sh", "-c", "ss -K dst " + peer + " dport = :179; ss -K dst " + peer + " sport = :179");
    }
}
