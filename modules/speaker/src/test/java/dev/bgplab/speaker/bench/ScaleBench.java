package dev.bgplab.speaker.bench;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.BgpTransport;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scale runs, not tests: each prints its figures. Run through {@code ./bgplab scale} (scripts/scale):
 * <ul>
 * <li>{@code peers [N]}: one speaker with N (default 1000) configured eBGP peers on 127.0.x.y, each
 *     a speaker of its own (all in this JVM, sharing two event-loop threads) originating one /24;
 *     prints the time until all are Established and until every peer holds all N routes, and the heap.</li>
 * <li>{@code rate [UPDATES_PER_S] [MINUTES]}: a raw peer sends single-prefix UPDATEs at a fixed rate
 *     (default 10,000/s for 5 minutes) to a speaker that passes them on to a second speaker; prints
 *     the rate the speaker processed every 10 s and the heap before and after (after a GC).</li>
 * <li>{@code flaps [N]}: N (default 100) sessions brought up, fed, and torn down in four ways (FIN,
 *     RST, Cease, malformed UPDATE), Netty's leak detector at paranoid; prints the buffers leaked
 *     (counted by a detector that records every report), the open file descriptors (channels) and
 *     the speaker loop's scheduled tasks (timers) before and after.</li>
 * </ul>
 */
public final class ScaleBench {

    static final AtomicLong LEAKS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "";
        switch (what) {
            case "peers" -> peers(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
            case "rate" -> rate(args.length > 1 ? Integer.parseInt(args[1]) : 10_000, args.length > 2 ? Double.parseDouble(args[2]) : 5);
            case "flaps" -> flaps(args.length > 1 ? Integer.parseInt(args[1]) : 100);
            default -> {
                System.err.println("usage: ScaleBench peers [N] | rate [UPDATES_PER_S] [MINUTES] | flaps [N]");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ 1000 peers

    static String addr(int i) { return "127.0." + (10 + i / 250) + "." + (1 + i % 250); }

    static void peers(int n) throws Exception {
        int port = freePort();
        StringBuilder hub = new StringBuilder("router-id: 10.255.0.1\nasn: 65000\nlisten: {address: 127.0.0.1, port: " + port
                + "}\nebgp-requires-policy: false\npeers:\n");
        for (int i = 0; i < n; i++) {
            hub.append("  - {name: c").append(i).append(", address: ").append(addr(i)).append(", asn: ").append(4_200_000_000L + i)
                    .append(", passive: true, hold-time: 90, families: [ipv4-unicast]}\n");
        }
        System.gc();
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        EventLoopGroup clientLoops = BgpTransport.newEventLoopGroup(2, "clients");
        List<BgpSpeaker> clients = new ArrayList<>(n);
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse("hub.yml", hub.toString()))) {
            for (int i = 0; i < n; i++) {
                String yaml = "router-id: 10." + (1 + i / 250) + "." + (i % 250) + ".1\nasn: " + (4_200_000_000L + i)
                        + "\nlisten: {address: " + addr(i) + ", port: " + port + "}\nebgp-requires-policy: false\n"
                        + "networks: [20." + (i / 256) + "." + (i % 256) + ".0/24]\n"
                        + "peers:\n  - {name: hub, address: 127.0.0.1, port: " + port
                        + ", asn: 65000, hold-time: 90, connect-retry: 5, families: [ipv4-unicast], graceful-restart: false}\n";
                clients.add(BgpSpeaker.start(ConfigLoader.parse("c" + i + ".yml", yaml), clientLoops, false));
            }
            long started = System.nanoTime();
            System.out.printf("peers: %d clients started in %.1f s%n", n, (started - t0) / 1e9);
            int[] est = {0};
            await("every client Established at the hub", 600, 200, () -> {
                est[0] = 0;
                for (int i = 0; i < n; i++) if (s.state("c" + i) == FsmState.ESTABLISHED) est[0]++; // volatile reads, any thread
                return est[0] >= n;
            });
            long allUp = System.nanoTime();
            System.out.printf("peers: %d/%d Established at the hub %.1f s after start%n", est[0], n, (allUp - t0) / 1e9);
            int[] busyPolls = {0};
            await("every speaker holding every route", 1800, 500, () -> {
                try {
                    int hubHas = s.call(() -> s.rib().prefixCount(AddressFamily.IPV4_UNICAST));
                    int done = 0;
                    for (BgpSpeaker c : clients) if (c.call(() -> c.rib().prefixCount(AddressFamily.IPV4_UNICAST)) >= n) done++;
                    return hubHas >= n && done == n;
                } catch (IllegalStateException e) {
                    busyPolls[0]++; // an event loop did not answer within 10 s: still exporting
                    return false;
                }
            });
            long full = System.nanoTime();
            int busy = busyPolls[0];
            if (busy > 0) System.out.printf("peers: %d polls found an event loop busy for more than 10 s while the routes spread%n", busy);
            System.gc();
            long heap1 = usedHeap();
            System.out.printf("peers: every peer holds all %d routes (%,d routes in the clients' Loc-RIBs) %.1f s after start%n",
                    n, (long) n * n, (full - t0) / 1e9);
            System.out.printf("peers: heap %d MB before, %d MB after (hub and %d client speakers in one JVM)%n",
                    heap0 >> 20, heap1 >> 20, n);
        } finally {
            clients.parallelStream().forEach(BgpSpeaker::close);
            clientLoops.shutdownGracefully().syncUninterruptibly();
        }
    }

    // ------------------------------------------------------------------ 10,000 updates/s

    static void rate(int perSecond, double minutes) throws Exception {
        int port = freePort();
        String yaml = "router-id: %s\nasn: %d\nlisten: {address: %s, port: %d}\nebgp-requires-policy: false\npeers:\n%s";
        String hubPeers = "  - {name: r, address: 127.0.0.2, asn: 65002, passive: true, hold-time: 90, families: [ipv4-unicast]}\n"
                + "  - {name: g, address: 127.0.0.3, port: " + port + ", asn: 65003, hold-time: 90, families: [ipv4-unicast]}\n";
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse("hub.yml", yaml.formatted("10.0.0.1", 65001, "127.0.0.1", port, hubPeers)));
             BgpSpeaker g = BgpSpeaker.start(ConfigLoader.parse("g.yml", yaml.formatted("10.0.0.3", 65003, "127.0.0.3", port,
                     "  - {name: hub, address: 127.0.0.1, port: " + port + ", asn: 65001, hold-time: 90, families: [ipv4-unicast]}\n")));
             RawSession r = RawSession.establish("127.0.0.2", new InetSocketAddress("127.0.0.1", port), 65002)) {
            await("g Established with the hub", 60, 50, () -> g.state("hub") == FsmState.ESTABLISHED);
            int pool = 100_000;
            byte[][] updates = new byte[pool * 2][];
            for (int i = 0; i < pool; i++) {
                updates[2 * i] = announce(i, 1);
                updates[2 * i + 1] = announce(i, 2); // the same prefix with another community: a change passed on each time
            }
            System.gc();
            long heap0 = usedHeap();
            long durationNanos = (long) (minutes * 60e9);
            long t0 = System.nanoTime();
            long sent = 0, lastReport = t0, lastProcessed = 0;
            int slice = Math.max(1, perSecond / 100); // 100 batches a second
            double intervalNanos = 1e9 / 100;
            long nextBatch = t0;
            System.out.printf("rate: target %,d UPDATEs/s for %.1f min, single-prefix UPDATEs over %,d prefixes%n", perSecond, minutes, pool);
            while (System.nanoTime() - t0 < durationNanos) {
                for (int k = 0; k < slice; k++) r.out.write(updates[(int) (sent++ % updates.length)]);
                r.out.flush();
                nextBatch += (long) intervalNanos;
                long now = System.nanoTime();
                if (nextBatch > now) Thread.sleep((nextBatch - now) / 1_000_000, (int) ((nextBatch - now) % 1_000_000));
                if (now - lastReport >= 10e9) {
                    long processed = (long) s.metrics().peer("r").updatesIn.count();
                    double secs = (now - lastReport) / 1e9;
                    System.out.printf("rate: t=%4.0fs sent %,10d, speaker processed %,.0f/s in the last %.0f s, passed on to g %,d UPDATEs, heap %d MB%n",
                            (now - t0) / 1e9, sent, (processed - lastProcessed) / secs, secs,
                            (long) s.metrics().peer("g").updatesOut.count(), usedHeap() >> 20);
                    lastProcessed = processed;
                    lastReport = now;
                    if (now - r.lastKeepalive > 20e9) {
                        r.out.write(BgpCodec.encode(KeepaliveMessage.INSTANCE, CodecContext.DEFAULT));
                        r.lastKeepalive = now;
                    }
                }
            }
            long sendEnd = System.nanoTime();
            while ((long) s.metrics().peer("r").updatesIn.count() < sent && System.nanoTime() - sendEnd < 60e9) Thread.sleep(100);
            long processed = (long) s.metrics().peer("r").updatesIn.count();
            long end = System.nanoTime();
            System.gc();
            long heap1 = usedHeap();
            System.out.printf("rate: sent %,d UPDATEs in %.1f s (%,.0f/s); the speaker processed %,d, all done %.1f s after the first (%,.0f/s); session %s%n",
                    sent, (sendEnd - t0) / 1e9, sent / ((sendEnd - t0) / 1e9), processed, (end - t0) / 1e9, processed / ((end - t0) / 1e9), s.state("r"));
            System.out.printf("rate: heap after GC %d MB before, %d MB after%n", heap0 >> 20, heap1 >> 20);
        }
    }

    static byte[] announce(int i, long community) {
        byte[] attrs = cat(b(0x40, 1, 1, 0), b(0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xEA), b(0x40, 3, 4, 127, 0, 0, 2),
                b(0xC0, 8, 4, 0xFD, 0xEA, 0, (int) community)); // COMMUNITIES 65002:med, which eBGP export passes on
        byte[] nlri = b(24, 30 + (i >>> 16), (i >>> 8) & 0xFF, i & 0xFF);
        byte[] body = cat(b(0, 0, 0, attrs.length), attrs, nlri);
        byte[] m = new byte[19 + body.length];
        for (int k = 0; k < 16; k++) m[k] = (byte) 0xFF;
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = 2;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    // ------------------------------------------------------------------ 100 flaps

    static void flaps(int n) throws Exception {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        calibrateLeakCounter();
        int port = freePort();
        String yaml = "router-id: %s\nasn: %d\nlisten: {address: %s, port: %d}\nebgp-requires-policy: false\n%speers:\n%s";
        StringBuilder nets = new StringBuilder("networks: [");
        for (int i = 0; i < 1000; i++) nets.append(i == 0 ? "" : ", ").append("40.").append(i / 256).append('.').append(i % 256).append(".0/24");
        nets.append("]\n");
        String hubPeers = "  - {name: f, address: 127.0.0.2, asn: 65002, passive: true, hold-time: 9, connect-retry: 1, families: [ipv4-unicast]}\n";
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse("hub.yml", yaml.formatted("10.0.0.1", 65001, "127.0.0.1", port, nets, hubPeers)))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            settle(s);
            long fds0 = openFds(), timers0 = scheduledTasks(s.eventLoop());
            String[] ways = {"FIN", "RST", "Cease", "malformed UPDATE"};
            int[] byWay = new int[4];
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                await("the speaker accepting f again", 60, 50, () -> s.state("f") != FsmState.IDLE); // its idle hold first
                try (RawSession r = RawSession.establish("127.0.0.2", target, 65002)) {
                    for (int k = 0; k < 50; k++) r.out.write(announce(i * 50 + k, 1));
                    r.out.flush();
                    r.readFor(200); // some of the speaker's 1000 routes
                    int way = i % 4;
                    switch (way) {
                        case 0 -> r.socket.close();
                        case 1 -> { r.socket.setSoLinger(true, 0); r.socket.close(); }
                        case 2 -> r.out.write(BgpCodec.encode(NotificationMessage.of(6, 2), CodecContext.DEFAULT));
                        default -> r.out.write(cat(b(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                                b(0, 23, 2, 0xFF, 0xFF, 0, 0)));
                    }
                    byWay[way]++;
                } catch (IOException e) {
                    // the speaker closed first: still a flap
                }
                await("the speaker seeing f go down", 60, 10, () -> s.state("f") != FsmState.ESTABLISHED);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            settle(s);
            long flapsSeen = s.call(() -> (long) s.metrics().peer("f").flaps.count());
            long fds1 = openFds(), timers1 = scheduledTasks(s.eventLoop());
            System.out.printf("flaps: %d attempts in %.1f s, %d Established and torn down (FIN %d, RST %d, Cease %d, malformed UPDATE %d); the speaker counted %d flaps%n",
                    n, secs, byWay[0] + byWay[1] + byWay[2] + byWay[3], byWay[0], byWay[1], byWay[2], byWay[3], flapsSeen);
            System.out.printf("flaps: leaked buffers reported by Netty's paranoid leak detector: %d%n", LEAKS.get());
            System.out.printf("flaps: open file descriptors (channels) %d before, %d after; speaker loop scheduled tasks (timers) %d before, %d after%n",
                    fds0, fds1, timers0, timers1);
        }
    }

    /** Leaks one buffer on purpose and waits until the counter sees it, so a 0 below means something. */
    static void calibrateLeakCounter() throws Exception {
        io.netty.buffer.ByteBuf leaked = io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(64);
        leaked.writeLong(1);
        leaked = null;
        for (int i = 0; i < 50 && LEAKS.get() == 0; i++) {
            System.gc();
            Thread.sleep(100);
            for (int k = 0; k < 100; k++) io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(64).release();
        }
        if (LEAKS.get() == 0) throw new IllegalStateException("the leak counter did not see a deliberate leak: figures below would mean nothing");
        System.out.printf("flaps: leak counter calibrated (a deliberate leak was reported)%n");
        LEAKS.set(0);
    }

    /** Lets closes finish, collects garbage and allocates so the leak detector reports what it found. */
    static void settle(BgpSpeaker s) throws Exception {
        for (int i = 0; i < 8; i++) {
            System.gc();
            Thread.sleep(400);
            for (int k = 0; k < 200; k++) io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(64).release();
            s.call(() -> null);
        }
    }

    static long openFds() throws IOException {
        try (var l = Files.list(Path.of("/proc/self/fd"))) {
            return l.count();
        }
    }

    /** Scheduled (timer) tasks pending on the speaker's loop, read on the loop. */
    static long scheduledTasks(EventLoop loop) throws Exception {
        return loop.submit(() -> {
            Class<?> c = loop.getClass();
            while (c != null && !c.getSimpleName().equals("AbstractScheduledEventExecutor")) c = c.getSuperclass();
            var f = c.getDeclaredField("scheduledTaskQueue");
            f.setAccessible(true);
            Object q = f.get(loop);
            return q == null ? 0L : (long) ((java.util.Collection<?>) q).size();
        }).get();
    }

    // ------------------------------------------------------------------ helpers

    /** A blocking, well-behaved raw peer: OPEN, KEEPALIVE, and a thread that reads and drops what the speaker sends. */
    static final class RawSession implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final DataInputStream in;
        volatile long lastKeepalive = System.nanoTime();
        private Thread reader;

        private RawSession(Socket s) throws IOException {
            socket = s;
            out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            in = new DataInputStream(s.getInputStream());
        }

        static RawSession establish(String local, InetSocketAddress to, long asn) throws Exception {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            RawSession r = new RawSession(s);
            r.readMessage(); // OPEN
            OpenMessage open = new OpenMessage(4, (int) asn, 90, (Inet4Address) InetAddress.getByName(local),
                    List.of(MultiprotocolCapability.of(AddressFamily.IPV4_UNICAST), new FourOctetAsCapability(asn)));
            r.out.write(BgpCodec.encode(open, CodecContext.DEFAULT));
            r.out.write(BgpCodec.encode(KeepaliveMessage.INSTANCE, CodecContext.DEFAULT));
            r.out.flush();
            while (r.readMessage() != 4) { } // until the speaker's KEEPALIVE
            return r;
        }

        int readMessage() throws IOException {
            byte[] h = new byte[19];
            in.readFully(h);
            int len = ((h[16] & 0xFF) << 8) | (h[17] & 0xFF);
            in.skipNBytes(len - 19);
            return h[18];
        }

        /** Reads and drops for {@code millis}. */
        void readFor(long millis) throws IOException {
            long end = System.currentTimeMillis() + millis;
            socket.setSoTimeout(50);
            InputStream i = socket.getInputStream();
            byte[] buf = new byte[65536];
            while (System.currentTimeMillis() < end) {
                try {
                    if (i.read(buf) < 0) return;
                } catch (java.net.SocketTimeoutException e) {
                    // nothing more yet
                }
            }
        }

        @Override public void close() throws IOException {
            if (!socket.isClosed()) socket.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static byte[] b(int... v) {
        byte[] o = new byte[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (byte) v[i];
        return o;
    }

    static byte[] cat(byte[]... parts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    /** Counts every leak Netty reports, whatever the logging setup. Installed before any buffer exists. */
    static final class CountingLeakDetectorFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<T>(resource, samplingInterval) {
                @Override protected void reportTracedLeak(String type, String records) {
                    LEAKS.incrementAndGet();
                    super.reportTracedLeak(type, records);
                }
                @Override protected void reportUntracedLeak(String type) {
                    LEAKS.incrementAndGet();
                    super.reportUntracedLeak(type);
                }
            };
        }
    }

    static {
        // Before any ByteBuf class initialises: their static detectors come from this factory.
        System.setProperty("io.netty.leakDetection.level", "paranoid");
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new CountingLeakDetectorFactory());
    }

    /** Polls {@code check} every {@code pollMillis} until it holds (Awaitility); fails the run, naming {@code what}, after {@code seconds}. */
    private static void await(String what, long seconds, long pollMillis, java.util.concurrent.Callable<Boolean> check) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(seconds)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(pollMillis)).until(check);
    }
}
