package dev.bgplab.lab.frr;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A route in the container's kernel table, from {@code ip -j route}. {@code destination} is as ip
 * prints it ({@code default} or a prefix; a host route has no /32). {@code protocol} is
 * {@code bgp} for routes zebra installed for bgpd.
 */
public record KernelRoute(FrrFamily family, String destination, Optional<String> gateway, Optional<String> device,
        String protocol, String type, OptionalLong metric) {

    public boolean fromBgp() {
        return "bgp".equals(protocol);
    }
}
