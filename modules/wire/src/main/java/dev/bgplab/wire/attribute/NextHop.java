package dev.bgplab.wire.attribute;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The next hop of a route. For IPv4 unicast it travels as NEXT_HOP (RFC 4271 5.1.3); for IPv6 it
 * travels inside MP_REACH_NLRI (RFC 4760, RFC 2545: global address and optional link-local). The
 * speaker keeps it here for both families so every route has one place to look.
 */
public record NextHop(InetAddress address, Inet6Address linkLocal) implements PathAttribute {

    public NextHop {
        if (address == null) throw new IllegalArgumentException("next hop address is null");
        if (linkLocal != null && !(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("a link-local next hop goes only with an IPv6 global next hop");
        }
    }

    public static NextHop of(InetAddress address) { return new NextHop(address, null); }

    public static NextHop of(String address) {
        try {
            return new NextHop(InetAddress.getByName(address), null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
    }

    public boolean isIpv4() { return address instanceof Inet4Address; }

    @Override public int typeCode() { return NEXT_HOP; }

    @Override
    public String toString() {
        String a = address instanceof Inet6Address
                ? dev.bgplab.wire.nlri.Prefix.of(address, 128).toString().replace("/128", "")
                : address.getHostAddress();
        return linkLocal == null ? a : a + " (" + dev.bgplab.wire.nlri.Prefix.of(linkLocal, 128).toString().replace("/128", "") + ")";
    }
}
