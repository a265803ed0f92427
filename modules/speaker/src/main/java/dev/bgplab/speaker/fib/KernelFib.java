package dev.bgplab.speaker.fib;

import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.nlri.Prefix;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs the Loc-RIB's selected paths into the kernel with {@code ip -batch}: one
 * {@code route replace} per changed prefix (all ECMP next hops as one multipath route), a
 * {@code route del} for a prefix that lost its last path, and on {@link #close()} a delete of every
 * route it installed. Changes are batched: the RIB's thread only records the newest state of each
 * prefix; one "bgplab-fib" thread writes them, so a burst of UPDATEs becomes one {@code ip} run.
 * Routes carry {@code proto 186} (shown as "proto bgp") and metric 20, as FRR's eBGP routes do.
 * Locally originated prefixes and next hops the kernel cannot use (unspecified, IPv4-mapped) are
 * not installed. A next hop on no connected subnet (a multihop peer's, e.g. a Route Server
 * instance's address) is resolved through the kernel's own route to it, as FRR's zebra resolves
 * recursive next hops: the kernel itself only takes on-link gateways.
 *
 * <p>Threading: {@link #onChange} runs on the speaker's event loop and touches only {@code pending}
 * (under its lock); everything else is owned by the fib thread.
 */
public final class KernelFib implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KernelFib.class);
    static final String PROTO = "186";
    static final String METRIC = "20";

    /** Runs {@code ip -batch} lines; returns what the command printed on error (empty when all went well). */
    @FunctionalInterface
    public interface IpBatch {
        String run(List<String> lines) throws IOException, InterruptedException;
    }

    private final IpBatch ip;
    /** Prefixes that may be installed (a Route Server never programs its own virtual network's space). */
    private final java.util.function.Predicate<Prefix> programmable;
    /** The on-link gateway to use for a next hop (itself when on a connected subnet); fib thread only. */
    private final java.util.function.UnaryOperator<InetAddress> resolve;
    private final ExecutorService thread;
    private final Object lock = new Object();
    private Map<Prefix, Optional<List<InetAddress>>> pending = new LinkedHashMap<>();
    private boolean flushQueued;
    /** What is installed now: prefix to its next hops (fib thread only). */
    private final Map<Prefix, List<InetAddress>> installed = new LinkedHashMap<>();
    /** Static routes installed now (fib thread only). */
    private final Map<Prefix, InetAddress> statics = new LinkedHashMap<>();
    private volatile String lastError;
    private volatile long batches;

    private KernelFib(IpBatch ip, java.util.function.Predicate<Prefix> programmable, java.util.function.UnaryOperator<InetAddress> resolve) {
        this.ip = ip;
        this.programmable = programmable;
        this.resolve = resolve;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bgplab-fib");
            t.setDaemon(true);
            return t;
        });
    }

    public static KernelFib start(IpBatch ip) { return new KernelFib(ip, p -> true, a -> a); }

    /** Installs only the prefixes {@code programmable} accepts (the others are treated as withdrawn). */
    public static KernelFib start(IpBatch ip, java.util.function.Predicate<Prefix> programmable) {
        return new KernelFib(ip, programmable, a -> a);
    }

    /** As above, with {@code resolve} giving the on-link gateway for each next hop (see {@link #kernelResolver()}). */
    public static KernelFib start(IpBatch ip, java.util.function.Predicate<Prefix> programmable,
                                  java.util.function.UnaryOperator<InetAddress> resolve) {
        return new KernelFib(ip, programmable, resolve);
    }

    /** This machine's IPv4 interface subnets: what is reachable without a gateway. */
    public static List<Prefix> connectedSubnets() {
        List<Prefix> out = new ArrayList<>();
        try {
            for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (java.net.InterfaceAddress a : ni.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof java.net.Inet4Address && a.getNetworkPrefixLength() > 0) {
                        out.add(Prefix.of(a.getAddress(), a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (java.net.SocketException e) {
            log.warn("kernel routes: cannot list interfaces: {}", e.toString());
        }
        return out;
    }

    /**
     * A next hop on a connected subnet is used as it is; any other is replaced by the gateway of
     * the kernel's route to it ({@code ip -o route get}), or kept (and refused by the kernel) when
     * there is none.
     */
    public static java.util.function.UnaryOperator<InetAddress> kernelResolver() {
        return nh -> {
            if (!(nh instanceof java.net.Inet4Address) || connectedSubnets().stream().anyMatch(c -> c.contains(nh))) return nh;
            try {
                Process p = new ProcessBuilder("ip", "-o", "route", "get", nh.getHostAddress()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" via ([0-9.]+) ").matcher(out);
                return m.find() ? InetAddress.getByName(m.group(1)) : nh;
            } catch (IOException e) {
                return nh;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return nh;
            }
        };
    }

    /** {@code ip -force -batch -}: the real kernel. */
    public static IpBatch ipCommand() {
        return lines -> {
            Process p = new ProcessBuilder("ip", "-force", "-batch", "-").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "ip -batch did not finish within 10 s";
            }
            return p.exitValue() == 0 ? "" : out;
        };
    }

    /** A Loc-RIB change (on the speaker's loop): remember the prefix's newest next-hop set. */
    public void onChange(LocRibChange c) {
        Optional<List<InetAddress>> want = Optional.empty();
        List<Route> paths = c.newMultipath().isEmpty() && c.newBest() != null ? List.of(c.newBest()) : c.newMultipath();
        List<InetAddress> hops = new ArrayList<>();
        for (Route r : paths) {
            if (r.source().isLocal()) { hops.clear(); break; }
            NextHop nh = r.attributes().nextHop();
            if (nh == null || !usable(nh.address())) continue;
            if (!hops.contains(nh.address())) hops.add(nh.address());
        }
        if (!hops.isEmpty() && programmable.test(c.prefix())) want = Optional.of(List.copyOf(hops));
        synchronized (lock) {
            pending.put(c.prefix(), want);
            if (flushQueued) return;
            flushQueued = true;
        }
        thread.execute(this::flush);
    }

    private static boolean usable(InetAddress a) {
        if (a.isAnyLocalAddress()) return false;
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) mapped = b[i] == 0;
            return !mapped;
        }
        return true;
    }

    private void flush() {
        Map<Prefix, Optional<List<InetAddress>>> work;
        synchronized (lock) {
            work = pending;
            pending = new LinkedHashMap<>();
            flushQueued = false;
        }
        List<String> lines = new ArrayList<>();
        Map<InetAddress, InetAddress> resolved = new java.util.HashMap<>();
        for (Map.Entry<Prefix, Optional<List<InetAddress>>> e : work.entrySet()) {
            Prefix p = e.getKey();
            List<InetAddress> want = e.getValue().map(hops -> hops.stream().map(h -> resolved.computeIfAbsent(h, resolve))
                    .distinct().toList()).orElse(null);
            List<InetAddress> have = installed.get(p);
            if (want == null) {
                if (have != null) {
                    lines.add(delete(p));
                    installed.remove(p);
                }
            } else if (!want.equals(have)) {
                lines.add(replace(p, want));
                installed.put(p, want);
            }
        }
        run(lines);
    }

    static String replace(Prefix p, List<InetAddress> hops) {
        StringBuilder b = new StringBuilder("route replace ").append(p).append(" proto ").append(PROTO).append(" metric ").append(METRIC);
        if (hops.size() == 1) {
            b.append(" via ").append(hops.get(0).getHostAddress());
        } else {
            for (InetAddress a : hops) b.append(" nexthop via ").append(a.getHostAddress());
        }
        return b.toString();
    }

    static String delete(Prefix p) {
        return "route del " + p + " proto " + PROTO + " metric " + METRIC;
    }

    private void run(List<String> lines) {
        if (lines.isEmpty()) return;
        batches++;
        try {
            String err = ip.run(lines);
            if (!err.isEmpty()) {
                lastError = err;
                log.warn("kernel routes: ip -batch reported: {}", err);
            }
        } catch (IOException e) {
            lastError = e.toString();
            log.warn("kernel routes: cannot run ip: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The routes installed now (prefix to next hops), as the fib thread last wrote them. */
    public Map<Prefix, List<InetAddress>> installed() {
        try {
            return thread.submit(() -> Map.copyOf(installed)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fib thread did not answer", e);
        }
    }

    /** Static routes (proto static, metric 10: before BGP's 20), replacing the previous set; any thread. */
    public void setStaticRoutes(Map<Prefix, InetAddress> routes) {
        Map<Prefix, InetAddress> want = Map.copyOf(routes);
        thread.execute(() -> {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<Prefix, InetAddress> e : statics.entrySet()) {
                if (!e.getValue().equals(want.get(e.getKey()))) lines.add(deleteStatic(e.getKey()));
            }
            for (Map.Entry<Prefix, InetAddress> e : want.entrySet()) {
                if (!e.getValue().equals(statics.get(e.getKey()))) {
                    lines.add("route replace " + e.getKey() + " proto static metric 10 via " + e.getValue().getHostAddress());
                }
            }
            statics.clear();
            statics.putAll(want);
            run(lines);
        });
    }

    static String deleteStatic(Prefix p) { return "route del " + p + " proto static metric 10"; }

    public String lastError() { return lastError; }

    public long batches() { return batches; }

    /** Removes every route this speaker installed and stops the fib thread. */
    @Override
    public void close() {
        try {
            thread.submit(() -> {
                flush();
                List<String> lines = new ArrayList<>();
                for (Prefix p : installed.keySet()) lines.add(delete(p));
                for (Prefix p : statics.keySet()) lines.add(deleteStatic(p));
                installed.clear();
                statics.clear();
                run(lines);
            }).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("kernel routes: cleanup did not finish: {}", e.toString());
        }
        thread.shutdownNow();
    }
}
