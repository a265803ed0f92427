package dev.bgplab.speaker;

import static dev.bgplab.speaker.BgpBytes.ORIGIN_IGP;
import static dev.bgplab.speaker.BgpBytes.asPath;
import static dev.bgplab.speaker.BgpBytes.attr;
import static dev.bgplab.speaker.BgpBytes.attrs;
import static dev.bgplab.speaker.BgpBytes.b;
import static dev.bgplab.speaker.BgpBytes.bytes;
import static dev.bgplab.speaker.BgpBytes.cat;
import static dev.bgplab.speaker.BgpBytes.med;
import static dev.bgplab.speaker.BgpBytes.message;
import static dev.bgplab.speaker.BgpBytes.nextHop;
import static dev.bgplab.speaker.BgpBytes.slash24;
import static dev.bgplab.speaker.BgpBytes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken peers against a running speaker over real TCP on 127.0.0.x: each test sends
 * crafted bytes from its own neighbor address and asserts the NOTIFICATION the RFC asks for (or
 * that the session is kept when the RFC says so), while a well-behaved speaker peer keeps its
 * session and routes and a new route of its still arrives. Each case's observed outcome is
 * written to {@code target/reliability/hostile-peers.md}, which {@code ./bgplab reliability-report}
 * copies into docs/reliability.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class HostilePeerTest {

    static final long ASN = 65001;
    static final Map<String, String[]> REPORT = new LinkedHashMap<>();
    private final AtomicInteger fresh = new AtomicInteger();
    private SpeakerLab lab;
    private BgpSpeaker s;
    private BgpSpeaker good;
    private InetSocketAddress target;
    private String current;

    /** A hostile peer's OPEN: IPv4 and IPv6 unicast, 4-octet AS. */
    static OpenMessage open(long asn, String id, int hold) throws java.io.IOException {
        return RawBgpPeer.open(asn, id, hold, AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    }

    /** A hostile neighbor: number i is 127.0.0.(100+i), AS 65100+i unless given. */
    static String hostile(int i, String extra) {
        return hostile(i, 65100 + i, extra);
    }

    static String hostile(int i, long asn, String extra) {
        return "{name: h" + i + ", address: 127.0.0." + (100 + i) + ", asn: " + asn + ", passive: true"
                + (extra.contains("hold-time") ? "" : ", hold-time: 9") + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static String addr(int i) { return "127.0.0." + (100 + i); }

    @BeforeAll
    void start() throws Exception {
        lab = new SpeakerLab();
        List<String> peers = new ArrayList<>();
        peers.add(SpeakerLab.peer("good", "127.0.0.2", 65002, ""));
        for (int i = 1; i <= 31; i++) {
            String extra = switch (i) {
                case 18 -> "open-hold-time: 3";
                case 19 -> "hold-time: 3";
                case 21 -> "output-queue-limit: 65536";
                case 23 -> "max-routes: 1000";
                case 24 -> "max-attribute-bytes: 10000";
                default -> "";
            };
            peers.add(i == 14 ? hostile(i, ASN, extra) : hostile(i, extra));
        }
        lab.start(Map.of("s", SpeakerLab.config("127.0.0.1", ASN, "10.1.0.0/16", "", peers.toArray(String[]::new))));
        lab.start(Map.of("good", SpeakerLab.config("127.0.0.2", 65002, "10.2.0.0/16", "", SpeakerLab.peer("s", "127.0.0.1", ASN, ""))));
        s = lab.speaker("s");
        good = lab.speaker("good");
        target = new InetSocketAddress("127.0.0.1", lab.port);
        await().atMost(Duration.ofSeconds(30)).until(() -> lab.established("s", "good") && !lab.paths("s", "10.2.0.0/16").isEmpty());
    }

    @AfterAll
    void stop() throws Exception {
        if (lab != null) lab.close();
        StringBuilder md = new StringBuilder("| case | what the RFC asks | what bgplab did | the well-behaved peer |\n|---|---|---|---|\n");
        REPORT.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1]).append(" | ")
                .append(v.length > 2 ? v[2] : "").append(" |\n"));
        Path out = Path.of("target", "reliability", "hostile-peers.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private long goodFlapsBefore;

    @BeforeEach
    void before(TestInfo info) {
        current = null;
        goodFlapsBefore = (long) s.metrics().peer("good").flaps.count();
    }

    /** After every case: the good peer never flapped, its route is there, and a new one of its arrives. */
    @AfterEach
    void goodPeerIntactAndFlowing() throws Exception {
        assertThat(s.state("good")).isEqualTo(FsmState.ESTABLISHED);
        assertThat((long) s.metrics().peer("good").flaps.count()).as("good peer flaps").isEqualTo(goodFlapsBefore);
        assertThat(lab.paths("s", "10.2.0.0/16")).isNotEmpty();
        String p = "10.200." + fresh.incrementAndGet() + ".0/24";
        long t0 = System.nanoTime();
        good.originate(List.of(NetworkConfig.of(Prefix.parse(p))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !lab.paths("s", p).isEmpty());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String[] row = current == null ? null : REPORT.get(current);
        if (row != null && row.length == 2) REPORT.put(current, new String[] {row[0], row[1], "Established, no flap, new route in " + ms + " ms"});
    }

    private void report(String name, String rfc, String observed) {
        current = name;
        REPORT.put(name, new String[] {rfc, observed});
    }

    private static String describe(NotificationMessage n) {
        return n == null ? "closed without NOTIFICATION" : "NOTIFICATION " + n.code() + "/" + n.subcode() + " (" + n.describe() + ")";
    }

    private RawBgpPeer established(int i) throws Exception {
        RawBgpPeer h = RawBgpPeer.connect(addr(i), target);
        h.handshake(open(i == 14 ? ASN : 65100 + i, addr(i), 9));
        await().atMost(Duration.ofSeconds(5)).until(() -> s.state("h" + i) == FsmState.ESTABLISHED);
        return h;
    }

    /** Sends {@code bytes} on an Established session and returns the NOTIFICATION that ends it. */
    private NotificationMessage answerTo(int i, byte[] bytes) throws Exception {
        try (RawBgpPeer h = established(i)) {
            h.send(bytes);
            return h.receiveNotification();
        }
    }

    private void assertNotification(NotificationMessage n, int code, int subcode) {
        assertThat(n).as("NOTIFICATION").isNotNull();
        assertThat(n.code() + "/" + n.subcode()).isEqualTo(code + "/" + subcode);
    }

    private JsonNode peer(int i) throws Exception { return lab.peer("s", "h" + i); }

    // ------------------------------------------------------------------ lengths that lie

    @Test
    void headerLengthBelowNineteenIsBadMessageLengthRfc4271Section61() throws Exception {
        NotificationMessage n = answerTo(1, message(4, new byte[0], 18));
        report("header length field 18 (below the 19-octet header)", "1/2 Bad Message Length, data = the length (RFC 4271 6.1)", describe(n));
        assertNotification(n, 1, 2);
        assertThat(n.data()).containsExactly(0, 18);
    }

    @Test
    void withdrawnLengthOverrunningTheUpdateIsMalformedAttributeListRfc7606Section3a() throws Exception {
        byte[] m = message(2, b(0xFF, 0xFF, 0, 0));
        NotificationMessage n = answerTo(2, m);
        report("withdrawn routes length 65535 in a 23-octet UPDATE", "3/1 Malformed Attribute List (RFC 4271 6.3, RFC 7606 3 a)", describe(n));
        assertNotification(n, 3, 1);
    }

    @Test
    void attributeLengthOverrunningThePathAttributesIsTreatAsWithdrawAndKeepsTheSessionRfc7606Section4() throws Exception {
        try (RawBgpPeer h = established(3)) {
            h.send(update(new byte[0], cat(attrs(65103, 103)), slash24(3, 0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !lab.paths("s", "10.3.0.0/24").isEmpty());
            // MED claims 200 octets where 4 remain: the NLRI is still locatable, so treat-as-withdraw.
            byte[] lying = cat(attrs(65103, 103), b(0x80, 4, 200, 0, 0, 0, 1));
            h.send(update(new byte[0], lying, slash24(3, 0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.paths("s", "10.3.0.0/24").isEmpty());
            h.send(bytes(KeepaliveMessage.INSTANCE));
            boolean up = s.state("h3") == FsmState.ESTABLISHED;
            report("attribute length overrunning the path attributes", "treat-as-withdraw, session kept (RFC 7606 4)",
                    up ? "route withdrawn, session kept" : "session reset");
            assertThat(up).isTrue();
        }
    }

    @Test
    void totalPathAttributeLengthOverrunningTheUpdateIsMalformedAttributeListRfc7606Section4() throws Exception {
        NotificationMessage n = answerTo(4, message(2, b(0, 0, 0x10, 0, 0x40, 1, 1, 0)));
        report("total path attribute length 4096 in a 27-octet UPDATE", "3/1 Malformed Attribute List (RFC 7606 4: NLRI not locatable)", describe(n));
        assertNotification(n, 3, 1);
    }

    // ------------------------------------------------------------------ truncated messages

    @Test
    void truncatedMessageThenCloseEndsOnlyThatSessionAndInstallsNothing() throws Exception {
        try (RawBgpPeer h = established(5)) {
            byte[] full = update(new byte[0], attrs(65105, 105), slash24(5, 0));
            h.send(java.util.Arrays.copyOf(full, full.length - 3));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> s.state("h5") != FsmState.ESTABLISHED);
        boolean installed = !lab.paths("s", "10.5.0.0/24").isEmpty();
        report("UPDATE cut short, then TCP closed", "nothing installed; session down (RFC 4271 8.2.2 TcpConnectionFails)",
                "session down (" + peer(5).path("lastError").path("kind").asText() + "), route installed: " + installed);
        assertThat(installed).isFalse();
    }

    @Test
    void updateShorterThanItsMinimumIsBadMessageLengthRfc4271Section61() throws Exception {
        NotificationMessage n = answerTo(6, message(2, b(0, 0)));
        report("UPDATE of 21 octets (minimum 23)", "1/2 Bad Message Length (RFC 4271 6.1)", describe(n));
        assertNotification(n, 1, 2);
        assertThat(n.data()).containsExactly(0, 21);
    }

    // ------------------------------------------------------------------ duplicated attributes

    @Test
    void repeatedOriginKeepsTheFirstAndTheSessionRfc7606Section3g() throws Exception {
        try (RawBgpPeer h = established(7)) {
            h.send(update(new byte[0], cat(attrs(65107, 107), attr(0x40, 1, b(2))), slash24(7, 0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !lab.paths("s", "10.7.0.0/24").isEmpty());
            String origin = lab.paths("s", "10.7.0.0/24").get(0).path("origin").asText();
            report("ORIGIN twice (IGP, then INCOMPLETE)", "first kept, the rest discarded, session kept (RFC 7606 3 g)",
                    "installed with origin " + origin + ", session " + s.state("h7"));
            assertThat(origin.toLowerCase()).isEqualTo("igp");
            assertThat(s.state("h7")).isEqualTo(FsmState.ESTABLISHED);
        }
    }

    @Test
    void repeatedMpReachNlriIsMalformedAttributeListRfc7606Section3g() throws Exception {
        byte[] mp = attr(0x80, 14, cat(b(0, 2, 1, 16), java.util.HexFormat.of().parseHex("20010db8000000000000000000000001"), b(0, 32, 0x20, 0x01, 0x0d, 0xb8)));
        NotificationMessage n = answerTo(8, update(new byte[0], cat(ORIGIN_IGP, asPath(65108), mp, mp), new byte[0]));
        report("MP_REACH_NLRI twice", "3/1 Malformed Attribute List (RFC 7606 3 g)", describe(n));
        assertNotification(n, 3, 1);
    }

    // ------------------------------------------------------------------ NLRI longer than the address

    @Test
    void ipv4PrefixLongerThan32IsInvalidNetworkFieldRfc4271Section63() throws Exception {
        NotificationMessage n = answerTo(9, update(new byte[0], attrs(65109, 109), b(33, 10, 9, 0, 0, 0)));
        report("IPv4 NLRI of length 33", "3/10 Invalid Network Field, session reset (RFC 4271 6.3, RFC 7606 5.3)", describe(n));
        assertNotification(n, 3, 10);
    }

    @Test
    void ipv6PrefixLongerThan128InMpReachResetsTheSessionRfc7606Section53() throws Exception {
        byte[] nlri = new byte[18];
        nlri[0] = (byte) 129;
        byte[] mp = attr(0x80, 14, cat(b(0, 2, 1, 16), java.util.HexFormat.of().parseHex("20010db8000000000000000000000001"), b(0), nlri));
        NotificationMessage n = answerTo(10, update(new byte[0], cat(ORIGIN_IGP, asPath(65110), mp), new byte[0]));
        report("IPv6 NLRI of length 129 in MP_REACH_NLRI", "session reset (RFC 7606 5.3, 7.11); 3/9 Optional Attribute Error, data = the attribute", describe(n));
        assertNotification(n, 3, 9);
    }

    // ------------------------------------------------------------------ size

    @Test
    void messageOverTheNegotiatedSizeIsBadMessageLengthRfc8654() throws Exception {
        byte[] body = new byte[4097 - 19];
        NotificationMessage n = answerTo(11, message(2, body));
        report("UPDATE of 4097 octets without extended messages", "1/2 Bad Message Length, data = 4097 (RFC 4271 6.1, RFC 8654 4)", describe(n));
        assertNotification(n, 1, 2);
        assertThat(n.data()).containsExactly(0x10, 0x01);
    }

    // ------------------------------------------------------------------ bad OPENs

    private NotificationMessage answerToOpen(int i, OpenMessage o, byte[] raw) throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(i), target)) {
            assertThat(h.receive()).isInstanceOf(OpenMessage.class);
            h.send(raw != null ? raw : bytes(o));
            return h.receiveNotification();
        }
    }

    @Test
    void openWithVersion3IsUnsupportedVersionNumberRfc4271Section62() throws Exception {
        byte[] raw = bytes(open(65112, addr(12), 9));
        raw[19] = 3;
        NotificationMessage n = answerToOpen(12, null, raw);
        report("OPEN version 3", "2/1 Unsupported Version Number, data = 4 (RFC 4271 6.2)", describe(n));
        assertNotification(n, 2, 1);
        assertThat(n.data()).containsExactly(0, 4);
    }

    @Test
    void openWithHoldTimeTwoIsUnacceptableHoldTimeRfc4271Section62() throws Exception {
        byte[] raw = bytes(open(65113, addr(13), 9));
        raw[22] = 0;
        raw[23] = 2;
        NotificationMessage n = answerToOpen(13, null, raw);
        report("OPEN hold time 2", "2/6 Unacceptable Hold Time (RFC 4271 6.2)", describe(n));
        assertNotification(n, 2, 6);
    }

    @Test
    void openWithOurOwnRouterIdFromAnInternalPeerIsBadBgpIdentifierRfc6286Section22() throws Exception {
        NotificationMessage n = answerToOpen(14, open(ASN, "127.0.0.1", 9), null);
        report("OPEN from an iBGP peer with our own router-id", "2/3 Bad BGP Identifier (RFC 6286 2.2)", describe(n));
        assertNotification(n, 2, 3);
    }

    @Test
    void openWithOurOwnAsnFromAPeerConfiguredWithAnotherIsBadPeerAsRfc4271Section62() throws Exception {
        NotificationMessage n = answerToOpen(15, open(ASN, addr(15), 9), null);
        report("OPEN with our own ASN from a peer configured as AS 65115", "2/2 Bad Peer AS (RFC 4271 6.2)", describe(n));
        assertNotification(n, 2, 2);
    }

    @Test
    void openWithOurOwnRouterIdFromAnExternalPeerIsAcceptedRfc6286Section22() throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(25), target)) {
            h.handshake(open(65125, "127.0.0.1", 9));
            await().atMost(Duration.ofSeconds(5)).until(() -> s.state("h25") == FsmState.ESTABLISHED);
            report("OPEN from an eBGP peer with our own router-id", "accepted: only internal peers must differ (RFC 6286 2.2)",
                    "Established");
        }
    }

    // ------------------------------------------------------------------ UPDATE before Established

    @Test
    void updateInOpenSentIsFsmErrorSubcode1Rfc6608() throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(16), target)) {
            assertThat(h.receive()).isInstanceOf(OpenMessage.class);
            h.send(update(new byte[0], attrs(65116, 116), slash24(16, 0)));
            NotificationMessage n = h.receiveNotification();
            report("UPDATE instead of OPEN (speaker in OpenSent)", "5/1 FSM Error, unexpected message in OpenSent (RFC 4271 8.2.2, RFC 6608)", describe(n));
            assertNotification(n, 5, 1);
        }
        assertThat(lab.paths("s", "10.16.0.0/24")).isEmpty();
    }

    @Test
    void updateInOpenConfirmIsFsmErrorSubcode2Rfc6608() throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(17), target)) {
            assertThat(h.receive()).isInstanceOf(OpenMessage.class);
            h.send(bytes(open(65117, addr(17), 9)));
            h.send(update(new byte[0], attrs(65117, 117), slash24(17, 0)));
            NotificationMessage n = h.receiveNotification();
            report("UPDATE after OPEN, before KEEPALIVE (OpenConfirm)", "5/2 FSM Error, unexpected message in OpenConfirm (RFC 6608)", describe(n));
            assertNotification(n, 5, 2);
        }
        assertThat(lab.paths("s", "10.17.0.0/24")).isEmpty();
    }

    // ------------------------------------------------------------------ slow loris

    /** Sends one byte a second until the speaker answers; returns its NOTIFICATION and the seconds it took. */
    private Object[] drip(RawBgpPeer h, byte[] bytes) throws Exception {
        long t0 = System.nanoTime();
        Thread dripper = Thread.ofVirtual().start(() -> {
            try {
                for (byte x : bytes) {
                    h.send(new byte[] {x});
                    Thread.sleep(1000); // the attack itself: one byte a second
                }
            } catch (Exception e) {
                // the speaker closed the connection: the point of the test
            }
        });
        NotificationMessage n = h.receiveNotification();
        dripper.interrupt();
        return new Object[] {n, (System.nanoTime() - t0) / 1_000_000_000.0};
    }

    @Test
    void slowLorisBeforeOpenIsCutByTheOpenHoldTimerRfc4271Section822() throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(18), target)) {
            assertThat(h.receive()).isInstanceOf(OpenMessage.class);
            Object[] r = drip(h, bytes(open(65118, addr(18), 9)));
            NotificationMessage n = (NotificationMessage) r[0];
            report("OPEN sent one byte a second (open-hold-time 3)", "4/0 Hold Timer Expired when the OpenSent hold timer runs out (RFC 4271 8.2.2)",
                    describe(n) + String.format(" after %.1f s", (double) r[1]));
            assertNotification(n, 4, 0);
        }
    }

    @Test
    void slowLorisAfterEstablishedIsCutByTheHoldTimerRfc4271Section45() throws Exception {
        try (RawBgpPeer h = RawBgpPeer.connect(addr(19), target)) {
            h.handshake(open(65119, addr(19), 3));
            Object[] r = drip(h, update(new byte[0], attrs(65119, 119), slash24(19, 0)));
            NotificationMessage n = (NotificationMessage) r[0];
            report("UPDATE sent one byte a second (hold time 3)", "4/0 Hold Timer Expired: partial messages do not restart it (RFC 4271 4.4, 6.5)",
                    describe(n) + String.format(" after %.1f s", (double) r[1]));
            assertNotification(n, 4, 0);
        }
    }

    // ------------------------------------------------------------------ floods

    @Test
    void updateFloodIsAllInstalledWhileTheOtherSessionsKeepTheirTurn() throws Exception {
        int count = 20_000;
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        byte[] a = attrs(65120, 120);
        for (int i = 0; i < count; i++) flood.writeBytes(update(new byte[0], a, b(24, 20, (i >>> 8) & 0xFF, i & 0xFF)));
        try (RawBgpPeer h = established(20)) {
            long t0 = System.nanoTime();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    h.send(flood.toByteArray());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // While the flood is read, a route of the good peer must still get through.
            String p = "10.201.0.0/24";
            long g0 = System.nanoTime();
            good.originate(List.of(NetworkConfig.of(Prefix.parse(p))));
            await().atMost(Duration.ofSeconds(10)).until(() -> !lab.paths("s", p).isEmpty());
            long goodMs = (System.nanoTime() - g0) / 1_000_000;
            await().atMost(Duration.ofSeconds(60)).until(() -> peer(20).path("prefixes").path("received").asLong() == count);
            double secs = (System.nanoTime() - t0) / 1e9;
            sender.join();
            report(count + " UPDATEs as fast as TCP takes them", "all processed, session kept",
                    String.format("%d routes in %.1f s (%.0f UPDATEs/s), session %s; the good peer's new route took %d ms during the flood",
                            count, secs, count / secs, s.state("h20"), goodMs));
            assertThat(s.state("h20")).isEqualTo(FsmState.ESTABLISHED);
        }
    }

    @Test
    void peerThatNeverReadsIsResetWhenItsOutputQueuePassesTheLimit() throws Exception {
        // ~1.2 kB per UPDATE (100 large communities, a distinct MED each): ~10 MB, more than the
        // kernel's socket buffers (tcp_wmem max 4 MB here) can absorb, so the rest queues in the speaker.
        int routes = 8_000;
        List<dev.bgplab.wire.attribute.LargeCommunity> large = new ArrayList<>();
        for (int i = 0; i < 100; i++) large.add(new dev.bgplab.wire.attribute.LargeCommunity(ASN, 1, i));
        List<NetworkConfig> nets = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            nets.add(new NetworkConfig(Prefix.parse("10." + (100 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + "/32"),
                    List.of(), large, (long) i, null));
        }
        try (RawBgpPeer h = RawBgpPeer.connect(addr(21), target, 4096)) {
            h.handshake(open(65121, addr(21), 9));
            long t0 = System.nanoTime();
            s.originate(nets); // one UPDATE each (distinct MED): a backlog the peer never reads
            await().atMost(Duration.ofSeconds(30)).until(() -> s.state("h21") != FsmState.ESTABLISHED);
            double secs = (System.nanoTime() - t0) / 1e9;
            JsonNode err = peer(21).path("lastError");
            report("peer stops reading while " + routes + " UPDATEs are due (output-queue-limit 65536)",
                    "bounded queue: reset with Cease 6/8 Out of Resources (RFC 4486), not a growing heap",
                    err.path("notification").asText() + " — " + err.path("detail").asText() + String.format(", %.1f s after the routes appeared", secs));
            assertThat(err.path("notification").asText()).contains("Out of Resources");
            assertThat(err.path("detail").asText()).contains("output queue");
            // Not held down: after the idle hold the neighbor listens again for an honest retry.
            await().atMost(Duration.ofSeconds(15)).until(() -> s.state("h21") == FsmState.ACTIVE);
        } finally {
            s.withdrawOriginated(nets.stream().map(NetworkConfig::prefix).toList());
        }
    }

    @Test
    void aMillionWithdrawalsOfRoutesNeverAnnouncedAreIgnoredAndTheSessionKept() throws Exception {
        int total = 1_000_000, perUpdate = (4096 - 23) / 4;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int sent = 0;
        while (sent < total) {
            int n = Math.min(perUpdate, total - sent);
            byte[] w = new byte[n * 4];
            for (int k = 0; k < n; k++) {
                int i = sent + k;
                w[4 * k] = 24;
                w[4 * k + 1] = (byte) (i >>> 16);
                w[4 * k + 2] = (byte) (i >>> 8);
                w[4 * k + 3] = (byte) i;
            }
            all.writeBytes(update(w, new byte[0], new byte[0]));
            sent += n;
        }
        try (RawBgpPeer h = established(22)) {
            long t0 = System.nanoTime();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    h.send(all.toByteArray());
                    h.send(update(new byte[0], attrs(65122, 122), slash24(22, 0))); // processed after them all
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(120)).until(() -> !lab.paths("s", "10.22.0.0/24").isEmpty());
            double secs = (System.nanoTime() - t0) / 1e9;
            sender.join();
            report("1,000,000 withdrawals of routes never announced (" + all.size() / 1024 + " KiB)",
                    "ignored, session kept (RFC 4271 9.1.2: nothing to remove)",
                    String.format("processed in %.1f s, session %s", secs, s.state("h22")));
            assertThat(s.state("h22")).isEqualTo(FsmState.ESTABLISHED);
        }
    }

    // ------------------------------------------------------------------ limits

    @Test
    void routesPastMaxRoutesResetTheSessionWithOutOfResourcesAndNameTheReason() throws Exception {
        ByteArrayOutputStream nlri = new ByteArrayOutputStream();
        for (int i = 0; i < 1500; i++) nlri.writeBytes(b(24, 23, i >>> 8, i & 0xFF));
        byte[] all = nlri.toByteArray();
        try (RawBgpPeer h = established(23)) {
            // Two UPDATEs of 750 routes each (an UPDATE holds at most 4096 octets).
            h.send(update(new byte[0], attrs(65123, 123), java.util.Arrays.copyOfRange(all, 0, 3000)));
            h.send(update(new byte[0], attrs(65123, 123), java.util.Arrays.copyOfRange(all, 3000, 6000)));
            NotificationMessage n = h.receiveNotification();
            String held = peer(23).path("heldDown").asText();
            report("1500 routes to a peer with max-routes 1000", "Cease 6/8 Out of Resources (RFC 4486), reason named",
                    describe(n) + "; API: " + held);
            assertNotification(n, 6, 8);
            assertThat(held).contains("max-routes 1000");
        }
    }

    @Test
    void attributeOctetsPastMaxAttributeBytesResetTheSessionWithOutOfResources() throws Exception {
        try (RawBgpPeer h = established(24)) {
            ByteArrayOutputStream many = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) many.writeBytes(update(new byte[0], cat(attrs(65124, 124), med(i)), b(24, 24, i >>> 8, i & 0xFF)));
            h.send(many.toByteArray());
            NotificationMessage n = h.receiveNotification();
            String held = peer(24).path("heldDown").asText();
            report("500 routes of 28 attribute octets each, max-attribute-bytes 10000", "Cease 6/8 Out of Resources, reason named",
                    describe(n) + "; API: " + held);
            assertNotification(n, 6, 8);
            assertThat(held).contains("max-attribute-bytes 10000");
        }
    }

    @Test
    void connectionFromAnAddressThatIsNoNeighborIsClosedUnreadAndCounted() throws Exception {
        double before = refused();
        try (RawBgpPeer h = RawBgpPeer.connect("127.0.0.250", target)) {
            h.send(bytes(open(65250, "127.0.0.250", 9)));
            boolean closed = h.closedBySpeaker();
            await().atMost(Duration.ofSeconds(5)).until(() -> refused() > before);
            report("TCP connection from 127.0.0.250, no configured neighbor", "refused (RFC 4271 8.2.2 lets it); not one byte read",
                    (closed ? "closed, no OPEN sent" : "left open") + "; bgp_connections_refused_total +" + (long) (refused() - before));
            assertThat(closed).isTrue();
        }
    }

    // ------------------------------------------------------------------ per-peer normalisation (RFC 7606, 4271, 7607)

    /** Sends a bad route then a good one; the good one arriving proves the bad one was processed. */
    private boolean badRouteInstalled(RawBgpPeer h, int i, byte[] badAttrs) throws Exception {
        h.send(update(new byte[0], badAttrs, slash24(i, 0)));
        h.send(update(new byte[0], attrs(65100 + i, 100 + i), slash24(i, 1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !lab.paths("s", "10." + i + ".1.0/24").isEmpty());
        return !lab.paths("s", "10." + i + ".0.0/24").isEmpty();
    }

    private double counter(String name, int i) {
        var c = s.metrics().registry().find(name).tag("peer", "h" + i).counters();
        return c.stream().mapToDouble(x -> x.count()).sum();
    }

    @Test
    void asPathHoldingAs0IsTreatAsWithdrawAndCountedRfc7607() throws Exception {
        try (RawBgpPeer h = established(26)) {
            byte[] bad = cat(ORIGIN_IGP, attr(0x40, 2, b(2, 2, 0, 0, 0xFE, 0x66, 0, 0, 0, 0)), nextHop(127, 0, 0, 126));
            boolean installed = badRouteInstalled(h, 26, bad);
            double taw = counter("bgp_treat_as_withdraw", 26);
            report("AS_PATH holding AS 0", "treat-as-withdraw (RFC 7607 2), counted",
                    "installed: " + installed + ", session " + s.state("h26") + ", bgp_treat_as_withdraw_total " + (long) taw);
            assertThat(installed).isFalse();
            assertThat(taw).isGreaterThanOrEqualTo(1);
            assertThat(s.state("h26")).isEqualTo(FsmState.ESTABLISHED);
        }
    }

    @Test
    void confederationSegmentsFromAnExternalPeerAreTreatAsWithdrawRfc5065Section5() throws Exception {
        try (RawBgpPeer h = established(27)) {
            byte[] path = attr(0x40, 2, cat(b(3, 1, 0, 0, 0xFD, 0xE9), b(2, 1, 0, 0, 0xFE, 0x4F)));
            boolean installed = badRouteInstalled(h, 27, cat(ORIGIN_IGP, path, nextHop(127, 0, 0, 127)));
            double taw = counter("bgp_treat_as_withdraw", 27);
            report("AS_CONFED_SEQUENCE from an eBGP peer outside any confederation", "treat-as-withdraw (RFC 5065 5, RFC 7606 7.2), counted",
                    "installed: " + installed + ", session " + s.state("h27") + ", bgp_treat_as_withdraw_total " + (long) taw);
            assertThat(installed).isFalse();
            assertThat(taw).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void nextHopEqualToOurOwnAddressIsNotInstalledRfc4271Section63() throws Exception {
        try (RawBgpPeer h = established(28)) {
            boolean installed = badRouteInstalled(h, 28, cat(ORIGIN_IGP, asPath(65128), nextHop(127, 0, 0, 1)));
            report("NEXT_HOP equal to the speaker's own address", "not installed (RFC 4271 6.3: semantically incorrect NEXT_HOP)",
                    "installed: " + installed + ", session " + s.state("h28"));
            assertThat(installed).isFalse();
        }
    }

    @Test
    void localPrefFromAnExternalPeerIsIgnoredRfc4271Section515() throws Exception {
        try (RawBgpPeer h = established(29)) {
            h.send(update(new byte[0], cat(attrs(65129, 129), attr(0x40, 5, b(0, 0, 1, 0xF4))), slash24(29, 0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !lab.paths("s", "10.29.0.0/24").isEmpty());
            JsonNode lp = lab.paths("s", "10.29.0.0/24").get(0).path("localPref");
            report("LOCAL_PREF 500 from an eBGP peer", "ignored (RFC 4271 5.1.5)", "installed with local-pref " + lp.asText());
            assertThat(lp.asLong(100)).isNotEqualTo(500);
        }
    }

    @Test
    void localPrefOfWrongLengthFromAnExternalPeerIsAttributeDiscardRfc7606Section75() throws Exception {
        try (RawBgpPeer h = established(30)) {
            h.send(update(new byte[0], cat(attrs(65130, 130), attr(0x40, 5, b(0, 1, 0xF4))), slash24(30, 0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !lab.paths("s", "10.30.0.0/24").isEmpty());
            double discards = counter("bgp_attribute_discards", 30);
            report("LOCAL_PREF of 3 octets from an eBGP peer", "attribute-discard, route kept (RFC 7606 7.5), counted",
                    "route installed, bgp_attribute_discards_total " + (long) discards + ", session " + s.state("h30"));
            assertThat(discards).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void routeRefreshOfWrongLengthIsRouteRefreshInvalidMessageLengthRfc7313Section5() throws Exception {
        NotificationMessage n = answerTo(31, message(5, b(0, 1, 1, 1, 0)));
        report("BoRR ROUTE-REFRESH of 24 octets", "7/1 ROUTE-REFRESH Invalid Message Length, data = the message (RFC 7313 5)", describe(n));
        assertNotification(n, 7, 1);
    }

    private double refused() {
        var c = s.metrics().registry().find("bgp_connections_refused").functionCounter();
        return c == null ? 0 : c.count();
    }
}
