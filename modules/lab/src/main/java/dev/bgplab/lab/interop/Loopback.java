package dev.bgplab.lab.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out distinct 127.0.0.0/8 addresses and free unprivileged ports, so several daemons can
 * listen side by side on this host without root and without touching any real interface.
 * Thread-safe; state is per JVM, so two JVMs are kept apart by a random third octet.
 */
public final class Loopback {
    /** Ports handed out are in [17000, 19000): unprivileged and clear of the usual ephemeral range. */
    public static final int FIRST_PORT = 17000;
    public static final int LAST_PORT = 18999;

    private static final int THIRD_OCTET = ThreadLocalRandom.current().nextInt(16, 240);
    private static final AtomicInteger NEXT_HOST = new AtomicInteger(
            ThreadLocalRandom.current().nextInt(0, 200));
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Loopback() {
    }

    /** A loopback address no other call in this JVM returned, such as {@code 127.77.43.12}. */
    public static String nextAddress() {
        int n = NEXT_HOST.getAndIncrement();
        int third = (THIRD_OCTET + n / 250) % 250 + 1;
        int fourth = n % 250 + 2;
        return "127.77." + third + "." + fourth;
    }

    /** A port in [{@value #FIRST_PORT}, {@value #LAST_PORT}] that {@code address} can bind now. */
    public static int freePort(String address) {
        requireLoopback(address);
        int span = LAST_PORT - FIRST_PORT + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST_PORT + (start + i) % span;
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
            } catch (IOException busy) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + LAST_PORT + " on " + address);
    }

    /** Refuses anything outside 127.0.0.0/8: these runners must never reach a real network. */
    public static String requireLoopback(String address) {
        if (address == null || !address.startsWith("127.") || address.split("\\.").length != 4) {
            throw new IllegalArgumentException(
                    "interop daemons listen on 127.0.0.0/8 only, got '" + address + "'");
        }
        return address;
    }

    /** A documentation-range IPv6 next hop derived from a loopback address (2001:db8:ffff::x:y). */
    public static String ipv6NextHopFor(String loopbackAddress) {
        String[] octets = requireLoopback(loopbackAddress).split("\\.");
        return "2001:db8:ffff::" + Integer.toHexString(Integer.parseInt(octets[1]))
                + ":" + Integer.toHexString(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
    }

    /** A documentation-range IPv4 next hop derived from a loopback address (192.0.2.last-octet). */
    public static String ipv4NextHopFor(String loopbackAddress) {
        String[] octets = requireLoopback(loopbackAddress).split("\\.");
        return "192.0.2." + octets[3];
    }
}
