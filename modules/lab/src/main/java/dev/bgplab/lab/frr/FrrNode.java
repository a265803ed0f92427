package dev.bgplab.lab.frr;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.bgplab.lab.docker.Deadline;
import dev.bgplab.lab.docker.Docker;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.route.ObservedRoute;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * One FRR router in a container on one or more {@link LabNetwork}s, with fixed addresses. Built
 * with {@link #builder(String)}; {@link #close()} removes the container.
 *
 * <p>The node writes {@code /etc/frr/frr.conf} (the given text, with {@code log file /tmp/frr.log}
 * in front) and {@code /etc/frr/daemons}, starts FRR through the image's entrypoint, and counts as
 * ready when bgpd has logged the end of reading its configuration and answers vtysh.
 *
 * <p>Not thread-safe: one test thread owns a node.
 */
public final class FrrNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrrNode.class);

    /** Where FRR logs: {@link #logs()} reads it. */
    public static final String LOG_FILE = "/tmp/frr.log";
    // bgpd logs this once vtysh -b has fed it the whole of frr.conf (zlog id VTVCM-Y2NW3 in 8.4)
    private static final String CONFIG_READ_MARK = "BGP: .*Configuration Read in Took";
    private static final Pattern LOG_FILE_LINE = Pattern.compile("(?m)^\\s*log\\s+file\\s+(\\S+)");
    private static final int PREFIXES_PER_EXEC = 200;

    /** Daemons of FRR 8.4 that the daemons file can switch; zebra and staticd always run (frrcommon.sh). */
    public static final Set<String> KNOWN_DAEMONS = Set.of("bgpd", "ospfd", "ospf6d", "ripd", "ripngd", "isisd",
            "pimd", "pim6d", "ldpd", "nhrpd", "eigrpd", "babeld", "sharpd", "pbrd", "bfdd", "fabricd", "vrrpd", "pathd");

    /** A network the node sits on, with its addresses there. */
    public record Attachment(LabNetwork network, String ipv4, Optional<String> ipv6) {
    }

    private final String name;
    private final String hostname;
    private final FrrImage image;
    private final List<Attachment> attachments;
    private final String logFile;
    private final Duration readyTimeout;
    private final FrrContainer container;
    private Duration startupTime = Duration.ZERO;
    // how often bgpd has logged CONFIG_READ_MARK, as last seen: each FRR start adds one
    private int configReads;
    private boolean closed;

    private FrrNode(Builder b, String logFile) {
        this.name = b.name;
        this.hostname = b.hostname;
        this.image = b.image;
        this.attachments = List.copyOf(b.attachments);
        this.logFile = logFile;
        this.readyTimeout = b.readyTimeout;
        this.container = new FrrContainer(DockerImageName.parse(b.image.name()), attachments.subList(1, attachments.size()));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    // ---- identity ------------------------------------------------------------------------------

    public String name() {
        return name;
    }

    public String hostname() {
        return hostname;
    }

    public FrrImage image() {
        return image;
    }

    public String containerId() {
        return container.getContainerId();
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    /** The node's IPv4 address on {@code network}. */
    public String ipv4(LabNetwork network) {
        return attachment(network).ipv4();
    }

    /** The node's IPv6 address on {@code network}. */
    public String ipv6(LabNetwork network) {
        return attachment(network).ipv6().orElseThrow(() -> new IllegalStateException(
                name + " has no IPv6 address on " + network.name()));
    }

    /** From container creation until bgpd had read its configuration and answered vtysh. */
    public Duration startupTime() {
        return startupTime;
    }

    private Attachment attachment(LabNetwork network) {
        return attachments.stream().filter(a -> a.network().equals(network)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not on network " + network.name()));
    }

    // ---- vtysh ---------------------------------------------------------------------------------

    /**
     * Runs vtysh with each command as one {@code -c}, in one session:
     * {@code vtysh("conf t", "router bgp 65001", "neighbor 10.0.0.2 shutdown")}. Returns what it
     * printed; throws {@link FrrCommandException} when vtysh exits non-zero.
     */
    public String vtysh(String... commands) {
        List<String> argv = new ArrayList<>();
        argv.add("vtysh");
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        return exec(argv.toArray(String[]::new));
    }

    /** {@code vtysh -c "configure terminal" -c line...}. */
    public String configure(String... lines) {
        String[] commands = new String[lines.length + 1];
        commands[0] = "configure terminal";
        System.arraycopy(lines, 0, commands, 1, lines.length);
        return vtysh(commands);
    }

    /** Runs a {@code show ... json} command ({@code json} is appended when missing) and parses it. */
    public JsonNode showJson(String command) {
        String c = command.strip();
        return FrrJson.read(vtysh(c.endsWith(" json") ? c : c + " json"));
    }

    /** {@code show running-config}. */
    public String config() {
        return vtysh("show running-config");
    }

    // ---- typed views ---------------------------------------------------------------------------

    public List<BgpNeighbor> neighbors() {
        return FrrJson.neighbors(showJson("show bgp neighbors json"));
    }

    public Optional<BgpNeighbor> neighbor(String address) {
        return neighbors().stream().filter(n -> n.address().equals(address)).findFirst();
    }

    /**
     * The BGP table of one family, by prefix, each with all its paths. FRR 8.4's table JSON has no
     * communities, so this lists the prefixes first and then asks for each one's detail (in batches
     * of vtysh commands).
     */
    public Map<String, List<ObservedRoute>> routes(FrrFamily family) {
        List<String> prefixes = FrrJson.tablePrefixes(showJson("show bgp " + family.command() + " json"));
        Map<String, List<ObservedRoute>> out = new LinkedHashMap<>();
        for (int i = 0; i < prefixes.size(); i += PREFIXES_PER_EXEC) {
            String[] commands = prefixes.subList(i, Math.min(prefixes.size(), i + PREFIXES_PER_EXEC)).stream()
                    .map(p -> "show bgp " + family.command() + " " + p + " json").toArray(String[]::new);
            out.putAll(FrrJson.prefixDetails(FrrJson.readAll(vtysh(commands))));
        }
        return out;
    }

    /** The container's kernel routes of both families (zebra installs bgpd's best paths there). */
    public List<KernelRoute> kernelRoutes() {
        List<KernelRoute> out = new ArrayList<>(FrrJson.kernelRoutes(FrrFamily.IPV4_UNICAST, FrrJson.read(exec("ip", "-j", "-4", "route"))));
        out.addAll(FrrJson.kernelRoutes(FrrFamily.IPV6_UNICAST, FrrJson.read(exec("ip", "-j", "-6", "route"))));
        return out;
    }

    // ---- logs ----------------------------------------------------------------------------------

    /** FRR's log file (all daemons). */
    public String logs() {
        return exec("cat", logFile);
    }

    /** The container's own output (the entrypoint and watchfrr start-up messages). */
    public String containerLogs() {
        return container.getLogs();
    }

    // ---- faults --------------------------------------------------------------------------------

    /** {@code docker restart}: FRR comes back with the startup frr.conf (vtysh changes are lost). */
    public void restart() {
        int reads = countConfigReads();
        Docker.client().restartContainerCmd(containerId()).withTimeout(5).exec();
        awaitReady(reads + 1);
    }

    /** {@code docker stop}: the container stays, FRR is down, its sessions drop. */
    public void stop() {
        Docker.client().stopContainerCmd(containerId()).withTimeout(5).exec();
    }

    /** Starts a stopped node again and waits until it is ready. */
    public void start() {
        int reads = configReads; // the container is stopped: the count seen last while it ran
        Docker.client().startContainerCmd(containerId()).exec();
        awaitReady(reads + 1);
    }

    /** Freezes every process of the node (sessions time out on the other side, no NOTIFICATION). */
    public void pause() {
        Docker.client().pauseContainerCmd(containerId()).exec();
    }

    public void unpause() {
        Docker.client().unpauseContainerCmd(containerId()).exec();
    }

    /** Removes the container. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String id = container.getContainerId();
        if (id == null) {
            return;
        }
        DockerClient client = Docker.client();
        try {
            Boolean paused = client.inspectContainerCmd(id).exec().getState().getPaused();
            if (Boolean.TRUE.equals(paused)) {
                client.unpauseContainerCmd(id).exec();
            }
        } catch (RuntimeException e) {
            log.debug("{}: could not check pause state: {}", name, e.getMessage());
        }
        try {
            container.stop();
        } catch (RuntimeException e) {
            log.warn("{}: Testcontainers could not stop the container: {}", name, e.getMessage());
        }
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // removed by container.stop(), as expected
        }
        log.info("removed FRR node {}", name);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- internals -----------------------------------------------------------------------------

    private void startContainer() {
        long t0 = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(name + ": container did not start (image " + image.name() + ")", e);
        }
        try {
            awaitReady(1);
        } catch (RuntimeException e) {
            String logs = safe(this::containerLogs) + "\n" + safe(this::logs);
            close();
            throw new IllegalStateException(name + ": FRR did not become ready; container and FRR logs:\n" + logs, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("FRR node {} ready in {} ms", name, startupTime.toMillis());
    }

    /** Waits until bgpd logged its configuration read {@code reads} times and answers vtysh. */
    private void awaitReady(int reads) {
        try {
            Deadline.await(name + ": bgpd read its configuration and answers vtysh", readyTimeout, Duration.ofMillis(200), () -> {
                int n = countConfigReads();
                if (n < reads) {
                    return Optional.empty();
                }
                ExecResult r = execRaw("vtysh", "-c", "show bgp summary json");
                return r.getExitCode() == 0 && r.getStdout().strip().startsWith("{") ? Optional.of(Boolean.TRUE) : Optional.empty();
            });
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int countConfigReads() {
        ExecResult r = execRaw("grep", "-c", CONFIG_READ_MARK, logFile);
        // grep -c prints 0 and exits 1 when nothing matches; exits 2 when the file is missing
        String out = r.getStdout().strip();
        configReads = r.getExitCode() <= 1 && !out.isEmpty() ? Integer.parseInt(out) : 0;
        return configReads;
    }

    /**
     * Runs a command in the container ({@code exec("ip", "link", "set", "eth0", "down")}) and returns
     * its output; throws {@link FrrCommandException} when it exits non-zero.
     */
    public String exec(String... argv) {
        ExecResult r = execRaw(argv);
        if (r.getExitCode() != 0) {
            throw new FrrCommandException(name, List.of(argv), r.getExitCode(), r.getStdout() + r.getStderr());
        }
        return r.getStdout();
    }

    private ExecResult execRaw(String... argv) {
        try {
            return container.execInContainer(argv);
        } catch (IOException e) {
            throw new IllegalStateException(name + ": could not run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted running " + String.join(" ", argv), e);
        }
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** The Testcontainers container; connects the extra networks between create and start. */
    private final class FrrContainer extends GenericContainer<FrrContainer> {
        private final List<Attachment> extra;

        FrrContainer(DockerImageName imageName, List<Attachment> extra) {
            super(imageName);
            this.extra = List.copyOf(extra);
        }

        @Override
        protected void containerIsCreated(String containerId) {
            for (Attachment a : extra) {
                ContainerNetwork.Ipam ipam = new ContainerNetwork.Ipam().withIpv4Address(a.ipv4());
                a.ipv6().ifPresent(ipam::withIpv6Address);
                getDockerClient().connectToNetworkCmd().withNetworkId(a.network().id()).withContainerId(containerId)
                        .withContainerNetwork(new ContainerNetwork().withIpamConfig(ipam)).exec();
            }
        }
    }

    // ---- builder -------------------------------------------------------------------------------

    public static final class Builder {
        private final String name;
        private String hostname;
        private FrrImage image = FrrImage.configured();
        private final List<Attachment> attachments = new ArrayList<>();
        private String frrConf = "";
        private final Set<String> daemons = new LinkedHashSet<>(List.of("bgpd"));
        private boolean zebra = true;
        private String bgpdOptions = "-A 127.0.0.1";
        private Duration readyTimeout = Duration.ofSeconds(60);

        private Builder(String name) {
            if (name == null || !name.startsWith(Docker.NAME_PREFIX) || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new IllegalArgumentException("FRR node name '" + name + "' must start with '" + Docker.NAME_PREFIX
                        + "' and hold only letters, digits, '_', '.', '-' (e.g. bgplab-test-peering-r1)");
            }
            this.name = name;
            this.hostname = name.substring(Docker.NAME_PREFIX.length());
        }

        /** Hostname inside the container (FRR uses it when frr.conf has no {@code hostname}). */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder image(FrrImage image) {
            this.image = image;
            return this;
        }

        /** Attaches the node to {@code network} with a fixed IPv4 address; the first network is the primary one. */
        public Builder network(LabNetwork network, String ipv4) {
            return network(network, ipv4, null);
        }

        /** Attaches the node with fixed IPv4 and IPv6 addresses ({@code ipv6} may be null). */
        public Builder network(LabNetwork network, String ipv4, String ipv6) {
            if (ipv6 != null && network.ipv6Subnet().isEmpty()) {
                throw new IllegalArgumentException(name + ": network " + network.name() + " has no IPv6 subnet for " + ipv6);
            }
            attachments.add(new Attachment(network, ipv4, Optional.ofNullable(ipv6)));
            return this;
        }

        /** The text of frr.conf. */
        public Builder frrConf(String frrConf) {
            this.frrConf = frrConf;
            return this;
        }

        /** Daemons to run besides bgpd (zebra and staticd always run in FRR 8.4), e.g. "bfdd". */
        public Builder daemons(String... more) {
            for (String d : more) {
                if (!KNOWN_DAEMONS.contains(d)) {
                    throw new IllegalArgumentException(name + ": unknown FRR daemon '" + d + "'; valid: " + KNOWN_DAEMONS
                            + " (zebra and staticd always run)");
                }
                daemons.add(d);
            }
            return this;
        }

        /**
         * Whether bgpd talks to zebra (default true: best paths are installed in the container's
         * kernel and next hops are resolved). With false, bgpd runs with {@code -Z}: no kernel routes.
         * FRR 8.4's frrinit.sh starts zebra in any case.
         */
        public Builder zebra(boolean zebra) {
            this.zebra = zebra;
            return this;
        }

        /**
         * bgpd's command line options (daemons file {@code bgpd_options}), default {@code -A 127.0.0.1}
         * (vty on loopback; BGP listens on every address, port 179). {@code -l ADDR} listens on one
         * address only but, in 8.4, also stops kernel route installation ({@code -l} implies {@code -n});
         * {@code -p PORT} changes the listening port.
         */
        public Builder bgpdOptions(String options) {
            this.bgpdOptions = options;
            return this;
        }

        /** How long to wait for FRR to become ready (start and restart), default 60 s. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Creates and starts the container and waits until FRR is ready. */
        public FrrNode start() {
            if (attachments.isEmpty()) {
                throw new IllegalStateException(name + ": no network; call network(...) before start()");
            }
            image.requirePresent();
            // FRR logs to LOG_FILE unless frr.conf names a log file itself
            Matcher m = LOG_FILE_LINE.matcher(frrConf);
            boolean ownLogFile = m.find();
            String logFile = ownLogFile ? m.group(1) : LOG_FILE;
            String conf = (ownLogFile ? "" : "log file " + LOG_FILE + "\n") + frrConf + (frrConf.endsWith("\n") ? "" : "\n");
            FrrNode node = new FrrNode(this, logFile);
            Attachment primary = attachments.get(0);
            List<String> caps = List.of("NET_ADMIN", "NET_RAW", "SYS_ADMIN");
            node.container
                    .withImagePullPolicy(imageName -> false) // never pull: no registry is reachable, images are built locally
                    .withNetworkMode(primary.network().name())
                    .withEnv("BGPLAB_FRR_DAEMONS", String.join(" ", daemons))
                    .withCopyToContainer(Transferable.of(conf, 0644), "/etc/frr/frr.conf")
                    .withCopyToContainer(Transferable.of(daemonsFile(), 0644), "/etc/frr/daemons")
                    .withLabel("dev.bgplab.lab", "frr")
                    .waitingFor(new AbstractWaitStrategy() {
                        @Override
                        protected void waitUntilReady() {
                            // FrrNode waits itself, with its own deadline, for bgpd to be ready
                        }
                    })
                    .withCreateContainerCmdModifier(cmd -> {
                        cmd.withName(name).withHostName(hostname).withIpv4Address(primary.ipv4());
                        primary.ipv6().ifPresent(cmd::withIpv6Address);
                        cmd.getHostConfig()
                                .withCapAdd(caps.stream().map(Capability::valueOf).toArray(Capability[]::new))
                                .withSysctls(sysctls(primary.ipv6().isPresent() || attachments.stream().anyMatch(a -> a.ipv6().isPresent())));
                    });
            log.info("starting FRR node {} ({}) on {}", name, image.name(), attachments.stream()
                    .map(a -> a.network().name() + "=" + a.ipv4() + a.ipv6().map(v -> "," + v).orElse("")).toList());
            node.startContainer();
            return node;
        }

        private static Map<String, String> sysctls(boolean ipv6) {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("net.ipv4.ip_forward", "1");
            if (ipv6) {
                s.put("net.ipv6.conf.all.disable_ipv6", "0");
                s.put("net.ipv6.conf.all.forwarding", "1");
            }
            return s;
        }

        private String daemonsFile() {
            StringBuilder sb = new StringBuilder("# written by bgplab FrrNode\n");
            for (String d : KNOWN_DAEMONS.stream().sorted().toList()) {
                sb.append(d).append('=').append(daemons.contains(d) ? "yes" : "no").append('\n');
            }
            sb.append("vtysh_enable=yes\n");
            sb.append("zebra_options=\" -A 127.0.0.1 -s 90000000\"\n");
            sb.append("bgpd_options=\" ").append(bgpdOptions).append(zebra ? "" : " -Z").append("\"\n");
            sb.append("staticd_options=\"-A 127.0.0.1\"\n");
            for (String d : KNOWN_DAEMONS.stream().sorted().toList()) {
                if (!d.equals("bgpd")) {
                    sb.append(d).append("_options=\" -A 127.0.0.1\"\n");
                }
            }
            return sb.toString();
        }
    }
}
