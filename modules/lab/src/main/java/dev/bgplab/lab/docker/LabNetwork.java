package dev.bgplab.lab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Network;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An internal Docker bridge network (no route out of this machine) with an explicit IPv4 subnet
 * and optionally an IPv6 one. The host side of the bridge holds the gateway address {@code .1}:
 * a speaker running in the JVM binds there and containers reach it as their neighbor.
 *
 * <p>Not thread-safe; one test (or topology) owns it and closes it.
 */
public final class LabNetwork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LabNetwork.class);

    /** The IPv4 range {@link #createFree} picks /24s from. */
    public static final Cidr FREE_IPV4_RANGE = Cidr.parse("172.30.0.0/16");
    /**
     * The IPv6 range {@link #createFree} picks /64s from: fd00:b9b:0:N::/64 beside 172.30.N.0/24,
     * N written with the same digits (172.30.100.0/24 and fd00:b9b:0:100::/64).
     */
    public static final Cidr FREE_IPV6_RANGE = Cidr.parse("fd00:b9b::/48");

    private final String name;
    private final String id;
    private final Cidr ipv4;
    private final Optional<Cidr> ipv6;
    private boolean closed;

    private LabNetwork(String name, String id, Cidr ipv4, Optional<Cidr> ipv6) {
        this.name = name;
        this.id = id;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * Creates an internal network with exactly these subnets; the gateway of each is its {@code .1}
     * ({@code ::1}). {@code ipv6Subnet} may be null for an IPv4-only network.
     */
    public static LabNetwork create(String name, String ipv4Subnet, String ipv6Subnet) {
        Docker.requireLabName("network", name);
        return create(name, ipv4Subnet, ipv6Subnet, Map.of("dev.bgplab.lab", "network"));
    }

    /**
     * Creates an internal network of a lab, named as the lab's file says ({@code mgmt.network}),
     * carrying {@code labels} (among them {@code dev.bgplab.lab=<lab>}, by which it is removed).
     */
    public static LabNetwork create(String name, String ipv4Subnet, String ipv6Subnet, Map<String, String> labels) {
        if (!labels.containsKey(Leftovers.LAB_LABEL)) {
            throw new IllegalArgumentException("network " + name + " needs the label " + Leftovers.LAB_LABEL);
        }
        Cidr v4 = Cidr.parse(ipv4Subnet);
        if (v4.isIpv6()) {
            throw new IllegalArgumentException("network " + name + ": ipv4Subnet " + ipv4Subnet + " is an IPv6 prefix");
        }
        Optional<Cidr> v6 = Optional.ofNullable(ipv6Subnet).map(Cidr::parse);
        if (v6.isPresent() && !v6.get().isIpv6()) {
            throw new IllegalArgumentException("network " + name + ": ipv6Subnet " + ipv6Subnet + " is an IPv4 prefix");
        }
        List<Network.Ipam.Config> configs = new ArrayList<>();
        configs.add(new Network.Ipam.Config().withSubnet(v4.toString()).withGateway(Cidr.format(v4.host(1))));
        v6.ifPresent(c -> configs.add(new Network.Ipam.Config().withSubnet(c.toString()).withGateway(Cidr.format(c.host(1)))));
        String id = Docker.client().createNetworkCmd()
                .withName(name)
                .withDriver("bridge")
                .withInternal(true)
                .withEnableIpv6(v6.isPresent())
                .withCheckDuplicate(true)
                .withIpam(new Network.Ipam().withConfig(configs))
                .withLabels(labels)
                .exec()
                .getId();
        log.info("created internal network {} ({}{})", name, v4, v6.map(c -> ", " + c).orElse(""));
        return new LabNetwork(name, id, v4, v6);
    }

    /**
     * Creates an internal network on the first 172.30.N.0/24 (with fd00:b9b:N::/64 when
     * {@code ipv6}) that overlaps no existing Docker network, starting the search at N = {@code from}.
     * A subnet taken meanwhile by someone else is skipped.
     */
    public static LabNetwork createFree(String name, boolean ipv6, int from) {
        Docker.requireLabName("network", name);
        return createFree(name, ipv6, from, Map.of("dev.bgplab.lab", "network"));
    }

    /** As {@link #createFree(String, boolean, int)}, with the lab's labels. */
    public static LabNetwork createFree(String name, boolean ipv6, int from, Map<String, String> labels) {
        DockerException lastFailure = null;
        for (int n = Math.max(0, from); n < 256; n++) {
            Cidr v4 = new Cidr(FREE_IPV4_RANGE.host(n * 256L), 24);
            Cidr v6 = new Cidr(sixFor(n), 64);
            if (overlapsExisting(v4) || (ipv6 && overlapsExisting(v6))) {
                continue;
            }
            try {
                return create(name, v4.toString(), ipv6 ? v6.toString() : null, labels);
            } catch (DockerException e) {
                // someone created an overlapping network between our listing and our create: try the next one
                lastFailure = e;
                log.debug("subnet {} not available for {}: {}", v4, name, e.getMessage());
            }
        }
        throw new IllegalStateException("network " + name + ": no free /24 left in " + FREE_IPV4_RANGE + " from "
                + Cidr.format(FREE_IPV4_RANGE.host(from * 256L)) + " on; remove stale bgplab networks "
                + "(docker network ls --filter name=bgplab-)", lastFailure);
    }

    private static InetAddress sixFor(int n) {
        // the fourth group is the subnet inside fd00:b9b::/48, with N's decimal digits read as hex
        int group = Integer.parseInt(Integer.toString(n), 16);
        byte[] raw = FREE_IPV6_RANGE.network().getAddress();
        raw[6] = (byte) (group >> 8);
        raw[7] = (byte) group;
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean overlapsExisting(Cidr candidate) {
        for (Network network : Docker.client().listNetworksCmd().exec()) {
            if (network.getIpam() == null || network.getIpam().getConfig() == null) {
                continue;
            }
            for (Network.Ipam.Config config : network.getIpam().getConfig()) {
                if (config.getSubnet() != null && Cidr.parse(config.getSubnet()).overlaps(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    public Cidr ipv4Subnet() {
        return ipv4;
    }

    public Optional<Cidr> ipv6Subnet() {
        return ipv6;
    }

    /** The host side of the bridge (x.x.x.1): where a JVM-side speaker binds. */
    public InetAddress gateway() {
        return ipv4.host(1);
    }

    public Optional<InetAddress> ipv6Gateway() {
        return ipv6.map(c -> c.host(1));
    }

    /** The IPv4 address {@code n} above the network address, as text (for container addresses and configs). */
    public String ipv4(int n) {
        return Cidr.format(ipv4.host(n));
    }

    /**
     * The IPv6 address whose last group is written with the same digits as {@code n}, so that a host
     * is .11 and ::11 on both families: {@code ipv6(11)} on fd00:b9b:0:7::/64 is {@code fd00:b9b:0:7::11}
     * (RFC 5952 text, as FRR prints it).
     * Fails on an IPv4-only network.
     */
    public String ipv6(int n) {
        Cidr subnet = ipv6.orElseThrow(() -> new IllegalStateException("network " + name + " has no IPv6 subnet"));
        return Cidr.format(subnet.host(Integer.parseInt(Integer.toString(n), 16)));
    }

    /** Removes the network; bgplab containers still attached are disconnected first. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        DockerClient client = Docker.client();
        Docker.ignoringMissing(() -> {
            Network network = client.inspectNetworkCmd().withNetworkId(id).exec();
            if (network.getContainers() != null) {
                network.getContainers().forEach((containerId, attached) -> {
                    if (attached.getName() != null && attached.getName().startsWith(Docker.NAME_PREFIX)) {
                        Docker.ignoringMissing(() -> client.disconnectFromNetworkCmd()
                                .withNetworkId(id).withContainerId(containerId).withForce(true).exec());
                    }
                });
            }
            client.removeNetworkCmd(id).exec();
        });
        closed = true;
        log.info("removed network {}", name);
    }

    @Override
    public String toString() {
        return name + " (" + ipv4 + ipv6.map(c -> ", " + c).orElse("") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabNetwork other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }
}
