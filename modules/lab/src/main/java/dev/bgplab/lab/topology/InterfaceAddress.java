package dev.bgplab.lab.topology;

import dev.bgplab.lab.docker.Cidr;
import java.net.InetAddress;

/** An address with its prefix length on one interface of a node ({@code eth1 10.0.12.1/30}). */
public record InterfaceAddress(String iface, String address, int prefixLength) {

    public Cidr subnet() {
        return Cidr.parse(address + "/" + prefixLength);
    }

    public boolean isIpv6() {
        return address.contains(":");
    }

    /** True when {@code other} lies in this address's subnet. */
    public boolean contains(String other) {
        try {
            return subnet().overlaps(new Cidr(InetAddress.getByName(other), isIpv6() ? 128 : 32));
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return iface + " " + address + "/" + prefixLength;
    }
}
