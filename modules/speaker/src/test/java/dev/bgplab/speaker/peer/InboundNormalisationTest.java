package dev.bgplab.speaker.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbound normalisation rules, each proven by sending the bytes of an UPDATE (or ROUTE-REFRESH)
 * from a scripted peer to a running speaker and reading its RIB, its metrics or its answer. The
 * speaker is AS 65001 on 127.0.0.40 with an eBGP peer (AS 65002, 127.0.0.41) and an iBGP peer
 * (AS 65001, 127.0.0.42); each test uses its own prefixes.
 */
class InboundNormalisationTest {
    private static final String SPEAKER = "127.0.0.40";
    private static final String EBGP = "127.0.0.41";
    private static final String IBGP = "127.0.0.42";

    private static BgpSpeaker speaker;
    private static Peer ebgp;
    private static Peer ibgp;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        speaker = BgpSpeaker.start(ConfigLoader.parse("normalisation.yml", """
                router-id: 10.0.0.40
                asn: 65001
                listen: {address: %s, port: %d}
                ebgp-requires-policy: false
                peers:
                  - {name: ext, address: %s, asn: 65002, passive: true, hold-time: 90}
                  - {name: int, address: %s, asn: 65001, passive: true, hold-time: 90}
                """.formatted(SPEAKER, port, EBGP, IBGP)));
        ebgp = Peer.connect(EBGP, 65002, port);
        ibgp = Peer.connect(IBGP, 65001, port);
        await().atMost(Duration.ofSeconds(10)).until(() -> speaker.state("ext") == FsmState.ESTABLISHED
                && speaker.state("int") == FsmState.ESTABLISHED);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ebgp != null) ebgp.close();
        if (ibgp != null) ibgp.close();
        if (speaker != null) speaker.close();
    }

    // ---- RFC 4271 5.1.5 / RFC 7606 7.5: LOCAL_PREF

    @Test
    void rfc4271Section5_1_5LocalPrefFromEbgpPeerIsIgnoredSoAnIbgpPathWithLowerLocalPrefWins() throws Exception {
        double discardsBefore = counter("bgp_attribute_discards_total{attribute=\"LOCAL_PREF\",peer=\"ext\"");
        // The same prefix: from eBGP with LOCAL_PREF 500, from iBGP with LOCAL_PREF 150. Were the eBGP
        // LOCAL_PREF kept, 500 would win; ignored, the eBGP path counts as 100 and the iBGP one wins.
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x40, 5, u32(500))), "10.51.0.0/16"));
        await().until(() -> best("10.51.0.0/16") != null);
        assertThat(best("10.51.0.0/16").attributes().localPref()).isNull();
        ibgp.send(update(List.of(ORIGIN_IGP, asPath(65009), nextHop("192.0.2.9"), attr(0x40, 5, u32(150))), "10.51.0.0/16"));
        await().untilAsserted(() -> assertThat(best("10.51.0.0/16").source().name()).isEqualTo("int"));
        assertThat(best("10.51.0.0/16").attributes().localPref()).isEqualTo(150L);
        assertThat(counter("bgp_attribute_discards_total{attribute=\"LOCAL_PREF\",peer=\"ext\"")).isEqualTo(discardsBefore + 1);
    }

    @Test
    void rfc7606Section7_5LocalPrefOfWrongLengthFromEbgpPeerIsDiscardedAndTheRouteKept() throws Exception {
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x40, 5, bytes(0, 0, 1))), "10.52.0.0/16"));
        await().until(() -> best("10.52.0.0/16") != null);
        assertThat(best("10.52.0.0/16").attributes().has(PathAttribute.LOCAL_PREF)).isFalse();
    }

    @Test
    void rfc7606Section7_5LocalPrefOfWrongLengthFromIbgpPeerIsTreatAsWithdraw() throws Exception {
        ibgp.send(update(List.of(ORIGIN_IGP, asPath(65009), nextHop("192.0.2.9")), "10.53.0.0/16"));
        await().until(() -> best("10.53.0.0/16") != null);
        double before = counter("bgp_treat_as_withdraw_total{peer=\"int\"");
        ibgp.send(update(List.of(ORIGIN_IGP, asPath(65009), nextHop("192.0.2.9"), attr(0x40, 5, bytes(0, 0, 1))), "10.53.0.0/16"));
        await().until(() -> best("10.53.0.0/16") == null);
        assertThat(counter("bgp_treat_as_withdraw_total{peer=\"int\"")).isEqualTo(before + 1);
    }

    // ---- RFC 7606 7.9 / 7.10: ORIGINATOR_ID and CLUSTER_LIST

    @Test
    void rfc7606Section7_9OriginatorIdFromEbgpPeerIsDiscardedAndNotPassedOn() throws Exception {
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x80, 9, bytes(10, 9, 9, 9))), "10.54.0.0/16"));
        await().until(() -> best("10.54.0.0/16") != null);
        assertThat(best("10.54.0.0/16").attributes().has(PathAttribute.ORIGINATOR_ID)).isFalse();
    }

    @Test
    void rfc7606Section7_10ClusterListOfLengthNotMultipleOf4FromEbgpPeerIsDiscardedAndTheRouteKept() throws Exception {
        double before = counter("bgp_attribute_discards_total{attribute=\"CLUSTER_LIST\",peer=\"ext\"");
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x80, 10, bytes(10, 9, 9, 9, 1, 1))), "10.55.0.0/16"));
        await().until(() -> best("10.55.0.0/16") != null);
        assertThat(best("10.55.0.0/16").attributes().has(PathAttribute.CLUSTER_LIST)).isFalse();
        assertThat(counter("bgp_attribute_discards_total{attribute=\"CLUSTER_LIST\",peer=\"ext\"")).isEqualTo(before + 1);
    }

    // ---- RFC 7607: AS 0; RFC 5065 5: confederation segments

    @Test
    void rfc7607AsZeroInAsPathIsTreatAsWithdrawAndRemovesTheEarlierRoute() throws Exception {
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002, 65003), nextHop(EBGP)), "10.56.0.0/16"));
        await().until(() -> best("10.56.0.0/16") != null);
        double before = counter("bgp_treat_as_withdraw_total{peer=\"ext\"");
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002, 0), nextHop(EBGP)), "10.56.0.0/16"));
        await().until(() -> best("10.56.0.0/16") == null);
        assertThat(counter("bgp_treat_as_withdraw_total{peer=\"ext\"")).isEqualTo(before + 1);
        assertThat(speaker.state("ext")).isEqualTo(FsmState.ESTABLISHED);
    }

    @Test
    void rfc5065Section5ConfedSequenceFromEbgpPeerOutsideAnyConfederationIsTreatAsWithdraw() throws Exception {
        // AS_CONFED_SEQUENCE (3) 65100, then AS_SEQUENCE 65002: the earlier route for the prefix goes.
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP)), "10.57.0.0/16"));
        await().until(() -> best("10.57.0.0/16") != null);
        byte[] confedPath = attr(0x40, 2, cat(bytes(3, 1), u32(65100), bytes(2, 1), u32(65002)));
        ebgp.send(update(List.of(ORIGIN_IGP, confedPath, nextHop(EBGP)), "10.57.0.0/16"));
        await().until(() -> best("10.57.0.0/16") == null);
        assertThat(speaker.state("ext")).isEqualTo(FsmState.ESTABLISHED);
    }

    @Test
    void rfc5065Section5ConfedSetFromEbgpPeerIsTreatAsWithdraw() throws Exception {
        byte[] confedSet = attr(0x40, 2, cat(bytes(2, 1), u32(65002), bytes(4, 1), u32(65100)));
        ebgp.send(update(List.of(ORIGIN_IGP, confedSet, nextHop(EBGP)), "10.58.0.0/16"));
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP)), "10.59.0.0/16"));
        await().until(() -> best("10.59.0.0/16") != null); // the later UPDATE was handled, so the first was too
        assertThat(best("10.58.0.0/16")).isNull();
    }

    // ---- RFC 4271 6.3: NEXT_HOP is our own address

    @Test
    void rfc4271Section6_3NextHopEqualToOurOwnAddressIsNotInstalled() throws Exception {
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(SPEAKER)), "10.60.0.0/16"));
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP)), "10.61.0.0/16"));
        await().until(() -> best("10.61.0.0/16") != null); // the later UPDATE was handled, so the first was too
        assertThat(best("10.60.0.0/16")).isNull();
        assertThat(speaker.state("ext")).isEqualTo(FsmState.ESTABLISHED);
    }

    // ---- RFC 7313 5: ROUTE-REFRESH of wrong length (its own session: the speaker resets it)

    @Test
    void rfc7313Section5RouteRefreshOfWrongLengthIsAnsweredWithRouteRefreshInvalidMessageLength() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (BgpSpeaker other = BgpSpeaker.start(ConfigLoader.parse("rr.yml", """
                router-id: 10.0.0.43
                asn: 65001
                listen: {address: 127.0.0.43, port: %d}
                ebgp-requires-policy: false
                peers:
                  - {name: p, address: 127.0.0.44, asn: 65002, passive: true, hold-time: 90}
                """.formatted(port)));
             Peer p = Peer.connect("127.0.0.44", 65002, port, new InetSocketAddress("127.0.0.43", port))) {
            await().until(() -> other.state("p") == FsmState.ESTABLISHED);
            byte[] rr = message(5, bytes(0, 1, 0, 1, 0)); // AFI 1, subtype 0, SAFI 1 and one octet too many
            p.sendRaw(rr);
            NotificationMessage n = p.receiveNotification();
            assertThat(n.code()).isEqualTo(NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR);
            assertThat(n.subcode()).isEqualTo(NotificationMessage.INVALID_MESSAGE_LENGTH);
            assertThat(n.data()).isEqualTo(rr);
        }
    }

    // ---- helpers

    private static Route best(String prefix) throws Exception {
        return speaker.call(() -> speaker.rib().best(Prefix.parse(prefix)));
    }

    private static double counter(String nameAndTagsPrefix) {
        for (String line : speaker.metrics().registry().scrape().split("\n")) {
            if (line.startsWith(nameAndTagsPrefix)) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }

    private static final byte[] ORIGIN_IGP = attr(0x40, 1, bytes(0));

    static byte[] asPath(long... asns) {
        byte[] seg = bytes(2, asns.length);
        for (long a : asns) seg = cat(seg, u32(a));
        return attr(0x40, 2, seg);
    }

    static byte[] nextHop(String address) throws IOException {
        return attr(0x40, 3, InetAddress.getByName(address).getAddress());
    }

    static byte[] attr(int flags, int type, byte[] value) {
        return cat(bytes(flags, type, value.length), value);
    }

    static byte[] update(List<byte[]> attributes, String prefix) {
        byte[] attrs = new byte[0];
        for (byte[] a : attributes) attrs = cat(attrs, a);
        Prefix p = Prefix.parse(prefix);
        byte[] addr = p.address().getAddress();
        byte[] nlri = cat(bytes(p.length()), java.util.Arrays.copyOf(addr, (p.length() + 7) / 8));
        return message(2, cat(bytes(0, 0, attrs.length >> 8, attrs.length), attrs, nlri));
    }

    static byte[] message(int type, byte[] body) {
        int len = 19 + body.length;
        byte[] m = new byte[len];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (len >> 8);
        m[17] = (byte) len;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    static byte[] u32(long v) {
        return bytes((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    /** A scripted peer on a blocking socket that speaks OPEN/KEEPALIVE itself and sends what a test gives it. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;

        private Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = new DataInputStream(socket.getInputStream());
        }

        static Peer connect(String local, long asn, int port) throws Exception {
            return connect(local, asn, port, new InetSocketAddress(SPEAKER, port));
        }

        static Peer connect(String local, long asn, int port, InetSocketAddress speakerAddress) throws Exception {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            s.connect(speakerAddress, 5_000);
            Peer p = new Peer(s);
            p.sendRaw(BgpCodec.encode(new OpenMessage(4, (int) asn, 90, (Inet4Address) InetAddress.getByName(local),
                    List.of(MultiprotocolCapability.of(AddressFamily.IPV4_UNICAST), new FourOctetAsCapability(asn),
                            new RouteRefreshCapability())), CodecContext.DEFAULT));
            p.sendRaw(BgpCodec.encode(KeepaliveMessage.INSTANCE, CodecContext.DEFAULT));
            return p;
        }

        void send(byte[] message) throws IOException { sendRaw(message); }

        void sendRaw(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        BgpMessage receive() throws Exception {
            byte[] header = new byte[19];
            in.readFully(header);
            int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
            byte[] whole = new byte[length];
            System.arraycopy(header, 0, whole, 0, 19);
            in.readFully(whole, 19, length - 19);
            return BgpCodec.decode(whole, CodecContext.FOUR_OCTET);
        }

        NotificationMessage receiveNotification() throws Exception {
            while (true) {
                if (receive() instanceof NotificationMessage n) return n;
            }
        }

        @Override public void close() throws IOException { socket.close(); }
    }
}
