package dev.bgplab.lab.interop;

import dev.bgplab.lab.route.ObservedRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * gobgpd as a BGP peer on loopback, configured by TOML, driven and observed through the
 * {@code gobgp} CLI against its gRPC API on 127.0.0.1 (a free port, {@code --api-hosts}).
 *
 * <p>Config quirks of GoBGP 3.10 this runner handles:
 * <ul>
 *   <li>{@code [global.config] port} and {@code local-address-list} set the listening socket;
 *       {@code [neighbors.transport.config] remote-port} the port it connects to,
 *       {@code local-address} the source address, {@code passive-mode} waits for the peer.
 *   <li>A NEXT_HOP in 127/8 is "invalid nexthop address" and the UPDATE is treated as
 *       withdraw: peers must announce a non-loopback next hop (documentation ranges do).
 *   <li>On eBGP GoBGP rewrites the IPv4 next hop to its local address (127/8 here); for IPv6
 *       over an IPv4 session it keeps the next hop given to {@code global rib add}.
 *   <li>An active GoBGP neighbour first connects only after 5-10 s (its minimum connect retry
 *       with jitter), whatever {@code connect-retry} says; for fast tests make GoBGP passive and
 *       let the other side connect.
 *   <li>GoBGP has no RFC 8654 extended messages: it neither sends nor accepts the capability.
 *       It does advertise extended next hop (RFC 8950) and FQDN on its own.
 *   <li>{@code idle-hold-time-after-reset} is 30 s by default; lowered to 1 s so a session
 *       comes back quickly after a peer restarts.
 * </ul>
 */
public final class GobgpPeer extends ExternalDaemon {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);

    private final Builder spec;
    private final int apiPort;

    private GobgpPeer(Builder spec) {
        super("gobgpd");
        this.spec = spec;
        this.apiPort = Loopback.freePort("127.0.0.1");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One {@code [[neighbors]]} entry; names follow GoBGP's config keys. */
    public static final class GobgpNeighbor extends NeighborSpec<GobgpNeighbor> {
        boolean addPathsReceive;
        int addPathsSendMax;
        int gracefulRestartTime;

        /** afi-safis: ipv4-unicast and/or ipv6-unicast; both by default. */
        @Override
        public GobgpNeighbor families(boolean withIpv4, boolean withIpv6) {
            return super.families(withIpv4, withIpv6);
        }

        /** RFC 7911 per afi-safi: {@code add-paths.config receive} and {@code send-max}. */
        public GobgpNeighbor addPaths(boolean receive, int sendMax) {
            this.addPathsReceive = receive;
            this.addPathsSendMax = sendMax;
            return this;
        }

        /** RFC 4724 graceful restart with this restart time, plus mp-graceful-restart per family. */
        public GobgpNeighbor gracefulRestart(int restartTimeSeconds) {
            this.gracefulRestartTime = restartTimeSeconds;
            return this;
        }
    }

    public static final class Builder {
        String routerId;
        long localAs;
        String listenAddress;
        int listenPort;
        final List<GobgpNeighbor> neighbors = new ArrayList<>();
        final List<RouteSpec> routes = new ArrayList<>();

        public Builder routerId(String value) {
            this.routerId = value;
            return this;
        }

        public Builder localAs(long value) {
            this.localAs = value;
            return this;
        }

        /** {@code local-address-list} and {@code port} of {@code [global.config]}. */
        public Builder listen(String address, int port) {
            this.listenAddress = Loopback.requireLoopback(address);
            this.listenPort = port;
            return this;
        }

        public Builder neighbor(Consumer<GobgpNeighbor> options) {
            GobgpNeighbor neighbor = new GobgpNeighbor();
            options.accept(neighbor);
            if (neighbor.address == null || neighbor.asn == 0) {
                throw new IllegalArgumentException("GoBGP neighbor needs address and asn");
            }
            neighbors.add(neighbor);
            return this;
        }

        /** Added with {@code gobgp global rib add} once the API answers. */
        public Builder originate(RouteSpec route) {
            routes.add(route);
            return this;
        }

        public GobgpPeer start() {
            if (routerId == null || localAs == 0 || listenAddress == null || listenPort == 0) {
                throw new IllegalStateException("GobgpPeer needs routerId, localAs and listen(address, port)");
            }
            GobgpPeer peer = new GobgpPeer(this);
            try {
                peer.startProcess();
                routes.forEach(peer::announce);
            } catch (RuntimeException e) {
                peer.close();
                throw e;
            }
            return peer;
        }
    }

    private void startProcess() {
        Path config = writeFile("gobgpd.toml", config());
        launch(List.of("gobgpd", "-f", config.toString(), "-t", "toml", "--api-hosts", "127.0.0.1:" + apiPort,
                "--pprof-disable", "-p", "-l", "info"), Map.of());
        await(Duration.ofSeconds(10), "gRPC API on 127.0.0.1:" + apiPort, () -> gobgp("global").ok());
    }

    /** The generated TOML. */
    public String config() {
        StringBuilder c = new StringBuilder("# generated by bgplab GobgpPeer\n");
        c.append("[global.config]\n");
        c.append("  as = ").append(spec.localAs).append("\n");
        c.append("  router-id = \"").append(spec.routerId).append("\"\n");
        c.append("  port = ").append(spec.listenPort).append("\n");
        c.append("  local-address-list = [\"").append(spec.listenAddress).append("\"]\n");
        for (GobgpNeighbor n : spec.neighbors) {
            c.append("[[neighbors]]\n");
            c.append("  [neighbors.config]\n");
            c.append("    neighbor-address = \"").append(n.address).append("\"\n");
            c.append("    peer-as = ").append(n.asn).append("\n");
            c.append("  [neighbors.timers.config]\n");
            c.append("    hold-time = ").append(n.holdTime).append("\n");
            c.append("    keepalive-interval = ").append(Math.max(1, n.holdTime / 3)).append("\n");
            c.append("    connect-retry = 1\n");
            c.append("    idle-hold-time-after-reset = 1\n");
            c.append("  [neighbors.transport.config]\n");
            c.append("    local-address = \"").append(spec.listenAddress).append("\"\n");
            c.append("    remote-port = ").append(n.port).append("\n");
            c.append("    passive-mode = ").append(n.passive).append("\n");
            if (n.gracefulRestartTime > 0) {
                c.append("  [neighbors.graceful-restart.config]\n");
                c.append("    enabled = true\n");
                c.append("    restart-time = ").append(n.gracefulRestartTime).append("\n");
            }
            if (n.ipv4) {
                appendFamily(c, n, "ipv4-unicast");
            }
            if (n.ipv6) {
                appendFamily(c, n, "ipv6-unicast");
            }
        }
        return c.toString();
    }

    private static void appendFamily(StringBuilder c, GobgpNeighbor n, String family) {
        c.append("  [[neighbors.afi-safis]]\n");
        c.append("    [neighbors.afi-safis.config]\n");
        c.append("      afi-safi-name = \"").append(family).append("\"\n");
        if (n.addPathsReceive || n.addPathsSendMax > 0) {
            c.append("    [neighbors.afi-safis.add-paths.config]\n");
            c.append("      receive = ").append(n.addPathsReceive).append("\n");
            c.append("      send-max = ").append(n.addPathsSendMax).append("\n");
        }
        if (n.gracefulRestartTime > 0) {
            c.append("    [neighbors.afi-safis.mp-graceful-restart.config]\n");
            c.append("      enabled = true\n");
        }
    }

    public String listenAddress() {
        return spec.listenAddress;
    }

    public int listenPort() {
        return spec.listenPort;
    }

    public int apiPort() {
        return apiPort;
    }

    public long localAs() {
        return spec.localAs;
    }

    /** Runs {@code gobgp -p APIPORT ARGS...}. */
    public CommandOutput gobgp(String... args) {
        List<String> command = new ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "-p", Integer.toString(apiPort)));
        command.addAll(List.of(args));
        return run(CLI_TIMEOUT, command);
    }

    /**
     * {@code gobgp global rib add -a ipv4|ipv6 PREFIX [rt ...] [origin O] [aspath A,B] nexthop NH
     * [med M] [community C,...] [large-community L,...]}. Raw attributes cannot be expressed.
     */
    public void announce(RouteSpec route) {
        gobgp(announceArgs(route).toArray(String[]::new)).requireOk();
    }

    List<String> announceArgs(RouteSpec route) {
        if (!route.rawAttributes().isEmpty()) {
            throw new IllegalArgumentException("the gobgp CLI cannot send raw attributes; use ExaBgpPeer for "
                    + route.prefix());
        }
        List<String> args = new ArrayList<>(List.of("global", "rib", "add", "-a", route.ipv6() ? "ipv6" : "ipv4",
                route.prefix()));
        for (String ext : route.extCommunities()) {
            if (!ext.startsWith("rt:")) {
                throw new IllegalArgumentException("the gobgp CLI takes route targets only, got " + ext);
            }
            args.addAll(List.of("rt", ext.substring(3)));
        }
        if (route.origin() != null) {
            args.addAll(List.of("origin", route.origin()));
        }
        if (!route.asPath().isEmpty()) {
            args.addAll(List.of("aspath", String.join(",", route.asPath().stream().map(String::valueOf).toList())));
        }
        String nextHop = route.nextHop() != null ? route.nextHop()
                : route.ipv6() ? Loopback.ipv6NextHopFor(spec.listenAddress) : "0.0.0.0";
        args.addAll(List.of("nexthop", nextHop));
        if (route.med() != null) {
            args.addAll(List.of("med", route.med().toString()));
        }
        if (!route.communities().isEmpty()) {
            args.addAll(List.of("community", String.join(",", route.communities())));
        }
        if (!route.largeCommunities().isEmpty()) {
            args.addAll(List.of("large-community", String.join(",", route.largeCommunities())));
        }
        return args;
    }

    /** {@code gobgp global rib del -a FAMILY PREFIX}. */
    public void withdraw(String prefix) {
        gobgp("global", "rib", "del", "-a", prefix.contains(":") ? "ipv6" : "ipv4", prefix).requireOk();
    }

    /** From {@code gobgp -j neighbor}. */
    public List<GobgpJson.NeighborState> neighbors() {
        return GobgpJson.parseNeighbors(gobgp("-j", "neighbor").requireOk().text());
    }

    public GobgpJson.NeighborState neighbor(String address) {
        return neighbors().stream().filter(n -> n.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException("GoBGP has no neighbor " + address));
    }

    /** From {@code gobgp -j global rib -a ipv4|ipv6}. */
    public List<ObservedRoute> rib(boolean ipv6) {
        return GobgpJson.parseRib(gobgp("-j", "global", "rib", "-a", ipv6 ? "ipv6" : "ipv4").requireOk().text());
    }

    public GobgpJson.NeighborState awaitEstablished(String neighborAddress, Duration timeout) {
        return await(timeout, neighborAddress + " ESTABLISHED", () -> neighbor(neighborAddress),
                GobgpJson.NeighborState::established);
    }
}
