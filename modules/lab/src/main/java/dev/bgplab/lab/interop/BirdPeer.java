package dev.bgplab.lab.interop;

import dev.bgplab.lab.route.ObservedRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * BIRD 2 ({@code /usr/sbin/bird}) as a BGP peer on loopback. Views come from
 * {@code birdc -s SOCK show protocols all} and {@code show route all}.
 *
 * <p>Config quirks of BIRD 2.0.12 this runner handles:
 * <ul>
 *   <li>There is no global {@code listen bgp} statement in BIRD 2: each protocol's
 *       {@code local A port P} sets the listening address and port, and {@code strict bind}
 *       binds the listening socket to A only. Protocols with the same A and P share it.
 *   <li>A single-hop (direct) session between 127/8 addresses fails with "Invalid next hop"
 *       because BIRD finds no interface for the neighbour; sessions use {@code multihop}, so
 *       next hops resolve recursively through private tables {@code igp4}/{@code igp6} that
 *       hold a default route via {@code lo}. Received routes are then reachable and re-exported.
 *   <li>IPv6 over an IPv4 session needs {@code next hop address} on the ipv6 channel.
 *   <li>GoBGP treats a 127/8 NEXT_HOP as invalid and withdraws the route, so a neighbour
 *       facing GoBGP needs {@link BirdNeighbor#ipv4NextHop} set to a non-loopback address.
 *   <li>A static route's {@code bgp_med} is not sent on eBGP: BIRD keeps MED on eBGP export only
 *       when the export filter itself sets it.
 * </ul>
 */
public final class BirdPeer extends ExternalDaemon {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);

    private final Builder spec;
    private final Path socket;

    private BirdPeer(Builder spec) {
        super("bird");
        this.spec = spec;
        this.socket = workDir().resolve("bird.ctl");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of one {@code protocol bgp}. Names follow the BIRD 2 manual. */
    public static final class BirdNeighbor extends NeighborSpec<BirdNeighbor> {
        final String name;
        String importFilter = "all";
        String exportFilter = "all";
        String ipv4NextHop;
        String ipv6NextHop;
        String addPaths;
        Boolean gracefulRestart;
        Boolean extendedMessages;
        final List<String> extraLines = new ArrayList<>();

        BirdNeighbor(String name) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("BIRD protocol name must be a symbol, got '" + name + "'");
            }
            this.name = name;
        }

        /** Which channels to open; both by default. */
        public BirdNeighbor channels(boolean withIpv4, boolean withIpv6) {
            return families(withIpv4, withIpv6);
        }

        /** BIRD import clause body: "all", "none", "where ..." or "filter NAME". */
        public BirdNeighbor importFilter(String value) {
            this.importFilter = value;
            return this;
        }

        /** BIRD export clause body: "all", "none", "where source = RTS_STATIC" or "filter NAME". */
        public BirdNeighbor exportFilter(String value) {
            this.exportFilter = value;
            return this;
        }

        /** {@code next hop address} on the ipv4 channel; BIRD's own address when unset. */
        public BirdNeighbor ipv4NextHop(String value) {
            this.ipv4NextHop = value;
            return this;
        }

        /** {@code next hop address} on the ipv6 channel; 2001:db8:ffff::... from the local address when unset. */
        public BirdNeighbor ipv6NextHop(String value) {
            this.ipv6NextHop = value;
            return this;
        }

        /** {@code add paths rx|tx|on|off} on both channels (RFC 7911). */
        public BirdNeighbor addPaths(String mode) {
            if (!List.of("rx", "tx", "on", "off").contains(mode)) {
                throw new IllegalArgumentException("BIRD add paths is rx, tx, on or off, got '" + mode + "'");
            }
            this.addPaths = mode;
            return this;
        }

        /** {@code graceful restart on|off} (RFC 4724; BIRD advertises it by default as "aware"). */
        public BirdNeighbor gracefulRestart(boolean value) {
            this.gracefulRestart = value;
            return this;
        }

        /** {@code enable extended messages on|off} (RFC 8654; off by default in BIRD). */
        public BirdNeighbor extendedMessages(boolean value) {
            this.extendedMessages = value;
            return this;
        }

        /** A raw line for the protocol block, such as {@code "enable route refresh off;"}. */
        public BirdNeighbor extraLine(String line) {
            this.extraLines.add(line);
            return this;
        }
    }

    public static final class Builder {
        String routerId;
        long localAs;
        String listenAddress;
        int listenPort;
        final List<BirdNeighbor> neighbors = new ArrayList<>();
        final List<RouteSpec> routes = new ArrayList<>();

        public Builder routerId(String value) {
            this.routerId = value;
            return this;
        }

        /** Local ASN; 4-octet values are fine (BIRD enables the AS4 capability by default). */
        public Builder localAs(long value) {
            this.localAs = value;
            return this;
        }

        /** Address and port BIRD listens on and connects from ({@code local A port P}). */
        public Builder listen(String address, int port) {
            this.listenAddress = Loopback.requireLoopback(address);
            this.listenPort = port;
            return this;
        }

        public Builder neighbor(String name, Consumer<BirdNeighbor> options) {
            BirdNeighbor neighbor = new BirdNeighbor(name);
            options.accept(neighbor);
            neighbors.add(neighbor);
            return this;
        }

        /** A static route (blackhole) exported to neighbours whose export filter lets it through. */
        public Builder originate(RouteSpec route) {
            if (!route.rawAttributes().isEmpty()) {
                throw new IllegalArgumentException("BIRD cannot originate raw attributes; use ExaBgpPeer for "
                        + route.prefix());
            }
            routes.add(route);
            return this;
        }

        /** Writes the config, starts {@code bird -f} and waits until its control socket answers. */
        public BirdPeer start() {
            if (routerId == null || localAs == 0 || listenAddress == null || listenPort == 0) {
                throw new IllegalStateException("BirdPeer needs routerId, localAs and listen(address, port)");
            }
            BirdPeer peer = new BirdPeer(this);
            try {
                peer.startProcess();
            } catch (RuntimeException e) {
                peer.close();
                throw e;
            }
            return peer;
        }
    }

    private void startProcess() {
        Path config = writeFile("bird.conf", config());
        launch(List.of("bird", "-f", "-c", config.toString(), "-s", socket.toString(),
                "-P", workDir().resolve("bird.pid").toString()), Map.of());
        await(Duration.ofSeconds(10), "answer on " + socket,
                () -> birdc("show", "status").text().contains("Daemon is up and running"));
    }

    /** The generated bird.conf text. */
    public String config() {
        StringBuilder c = new StringBuilder();
        c.append("# generated by bgplab BirdPeer\n");
        c.append("log stderr all;\n");
        c.append("router id ").append(spec.routerId).append(";\n");
        c.append("ipv4 table igp4;\nipv6 table igp6;\n");
        c.append("protocol device {}\n");
        // Next hops of multihop sessions resolve through these, so received routes are usable.
        c.append("protocol static igp4_lo { ipv4 { table igp4; }; route 0.0.0.0/0 via \"lo\"; }\n");
        c.append("protocol static igp6_lo { ipv6 { table igp6; }; route ::/0 via \"lo\"; }\n");
        appendStatics(c, "originate4", "ipv4", spec.routes.stream().filter(r -> !r.ipv6()).toList());
        appendStatics(c, "originate6", "ipv6", spec.routes.stream().filter(RouteSpec::ipv6).toList());
        for (BirdNeighbor n : spec.neighbors) {
            if (n.address == null || n.asn == 0) {
                throw new IllegalStateException("BIRD neighbor " + n.name + " needs address and asn");
            }
            c.append("protocol bgp ").append(n.name).append(" {\n");
            c.append("  local ").append(spec.listenAddress).append(" port ").append(spec.listenPort)
                    .append(" as ").append(spec.localAs).append(";\n");
            c.append("  neighbor ").append(n.address).append(" port ").append(n.port)
                    .append(" as ").append(n.asn).append(";\n");
            c.append("  strict bind yes;\n  multihop;\n");
            c.append("  passive ").append(n.passive ? "yes" : "no").append(";\n");
            c.append("  hold time ").append(n.holdTime).append(";\n");
            // Lab-friendly timers: defaults are 5 s delay and 120 s retry.
            c.append("  connect delay time 1;\n  connect retry time 2;\n  error wait time 1, 10;\n");
            if (n.gracefulRestart != null) {
                c.append("  graceful restart ").append(n.gracefulRestart ? "on" : "off").append(";\n");
            }
            if (n.extendedMessages != null) {
                c.append("  enable extended messages ").append(n.extendedMessages ? "on" : "off").append(";\n");
            }
            n.extraLines.forEach(line -> c.append("  ").append(line).append("\n"));
            if (n.ipv4) {
                appendChannel(c, n, "ipv4", "igp4", n.ipv4NextHop);
            }
            if (n.ipv6) {
                appendChannel(c, n, "ipv6", "igp6",
                        n.ipv6NextHop != null ? n.ipv6NextHop : Loopback.ipv6NextHopFor(spec.listenAddress));
            }
            c.append("}\n");
        }
        return c.toString();
    }

    private static void appendChannel(StringBuilder c, BirdNeighbor n, String family, String igpTable, String nextHop) {
        c.append("  ").append(family).append(" {\n");
        c.append("    import ").append(n.importFilter).append(";\n");
        c.append("    export ").append(n.exportFilter).append(";\n");
        c.append("    igp table ").append(igpTable).append(";\n");
        if (nextHop != null) {
            c.append("    next hop address ").append(nextHop).append(";\n");
        }
        if (n.addPaths != null) {
            c.append("    add paths ").append(n.addPaths).append(";\n");
        }
        c.append("  };\n");
    }

    private static void appendStatics(StringBuilder c, String name, String family, List<RouteSpec> routes) {
        if (routes.isEmpty()) {
            return;
        }
        c.append("protocol static ").append(name).append(" {\n  ").append(family).append(";\n");
        for (RouteSpec r : routes) {
            if (r.nextHop() != null) {
                throw new IllegalArgumentException("BIRD static routes here are blackholes; set the next hop with "
                        + "BirdNeighbor.ipv4NextHop/ipv6NextHop, not on " + r.prefix());
            }
            c.append("  route ").append(r.prefix()).append(" blackhole {");
            for (String community : r.communities()) {
                c.append(" bgp_community.add((").append(community.replace(':', ',')).append("));");
            }
            for (String large : r.largeCommunities()) {
                c.append(" bgp_large_community.add((").append(large.replace(':', ',')).append("));");
            }
            for (String ext : r.extCommunities()) {
                c.append(" bgp_ext_community.add((").append(ext.replace(':', ',')).append("));");
            }
            // prepend puts each ASN in front, so walk the path right to left
            for (int i = r.asPath().size() - 1; i >= 0; i--) {
                c.append(" bgp_path.prepend(").append(r.asPath().get(i)).append(");");
            }
            if (r.origin() != null) {
                c.append(" bgp_origin = ORIGIN_").append(r.origin().toUpperCase(Locale.ROOT)).append(";");
            }
            if (r.med() != null) {
                c.append(" bgp_med = ").append(r.med()).append(";");
            }
            c.append(" };\n");
        }
        c.append("}\n");
    }

    public String listenAddress() {
        return spec.listenAddress;
    }

    public int listenPort() {
        return spec.listenPort;
    }

    public long localAs() {
        return spec.localAs;
    }

    public Path controlSocket() {
        return socket;
    }

    /** Runs {@code birdc -s SOCK ARGS...}. */
    public CommandOutput birdc(String... args) {
        List<String> command = new ArrayList<>(List.of("birdc", "-s", socket.toString()));
        command.addAll(List.of(args));
        return run(CLI_TIMEOUT, command);
    }

    /** Every protocol, from {@code show protocols all}. */
    public List<BirdOutput.Protocol> protocols() {
        return BirdOutput.parseProtocols(birdc("show", "protocols", "all").requireOk().text());
    }

    /** One protocol, from {@code show protocols all NAME}. */
    public BirdOutput.Protocol protocol(String name) {
        return BirdOutput.parseProtocols(birdc("show", "protocols", "all", name).requireOk().text()).stream()
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("BIRD has no protocol " + name));
    }

    /** Routes of one table ("master4", "master6"), from {@code show route all table T}. */
    public List<ObservedRoute> routes(String table) {
        return BirdOutput.parseRoutes(birdc("show", "route", "all", "table", table).requireOk().text());
    }

    /** Waits until the BGP protocol reaches Established. */
    public BirdOutput.Protocol awaitEstablished(String protocol, Duration timeout) {
        return await(timeout, protocol + " Established", () -> protocol(protocol), BirdOutput.Protocol::established);
    }
}
