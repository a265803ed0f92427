package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.frr.BgpPath;
import dev.bgplab.lab.frr.FrrFamily;
import dev.bgplab.lab.frr.FrrJson;
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
final class ContainerNode implements LabNode {

    private final DockerLab lab;
    private final NodeSpec spec;
    private final String container;
    private final String mgmtAddress;
    private final SpeakerApiClient api;

    ContainerNode(DockerLab lab, NodeSpec spec, String container, String mgmtAddress) {
        this.lab = lab;
        this.spec = spec;
        this.container = container;
        this.mgmtAddress = mgmtAddress;
        this.api = spec.role() == NodeRole.BGPLAB
                ? new SpeakerApiClient(spec.name(), mgmtAddress + ":" + DockerLab.SPEAKER_API_PORT, a -> a) : null;
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

    /** True once the node's routing daemons answer (FRR: every enabled daemon; bgplab: its API; plain host: at once). */
    boolean ready() {
        return switch (spec.role()) {
            case FRR -> {
                ContainerExec.Result r = ContainerExec.run(container, 10, "sh", "-c", FRR_READY);
                if (r.exitCode() == 0) {
                    bgpd = List.of(r.stdout().strip().split("\\s+")).contains("bgpd");
                    yield true;
                }
                lastNotReady = r.output().strip();
                yield false;
            }
            case BGPLAB -> {
                boolean up = api.answers();
                lastNotReady = up ? "" : "API on " + mgmtAddress + ":" + DockerLab.SPEAKER_API_PORT + " does not answer";
                yield up;
            }
            case VM -> true;
        };
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
            for (Map.Entry<String, List<BgpPath>> e : FrrJson.prefixDetails(FrrJson.readAll(vtysh(commands))).entrySet()) {
                List<RoutePath> paths = new ArrayList<>();
                for (BgpPath p : e.getValue()) {
                    List<String> nhs = p.nextHops().stream().filter(nh -> !nh.ip().startsWith("fe80") || p.nextHops().size() == 1)
                            .map(nh -> nh.ip()).toList();
                    paths.add(new RoutePath(nhs, p.asPath(), p.communities(), p.local() ? "local" : p.peer(), p.best(),
                            p.valid() && (p.best() || p.multipath())));
                }
                out.add(new RouteEntry(e.getKey(), paths));
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
            out.add(new RouteEntry(dst, List.of(new RoutePath(nhs, "", List.of(), proto, true, true))));
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
    public void stop() {
        Docker.client().stopContainerCmd(container).withTimeout(5).exec();
    }

    @Override
    public void start() {
        Docker.client().startContainerCmd(container).exec();
        lab.restarted(this);
    }

    @Override
    public void kill() {
        Docker.client().killContainerCmd(container).exec();
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
