package dev.bgplab.speaker.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.bgplab.speaker.BgpBytes.ORIGIN_IGP;
import static dev.bgplab.speaker.BgpBytes.asPath;
import static dev.bgplab.speaker.BgpBytes.attr;
import static dev.bgplab.speaker.BgpBytes.b;
import static dev.bgplab.speaker.BgpBytes.cat;
import static dev.bgplab.speaker.BgpBytes.message;
import static dev.bgplab.speaker.BgpBytes.nextHop;
import static dev.bgplab.speaker.BgpBytes.u32;
import static dev.bgplab.speaker.BgpBytes.update;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.RawBgpPeer;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
    private static RawBgpPeer ebgp;
    private static RawBgpPeer ibgp;

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
        ebgp = connect(EBGP, 65002, new InetSocketAddress(SPEAKER, port));
        ibgp = connect(IBGP, 65001, new InetSocketAddress(SPEAKER, port));
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
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x40, 5, b(0, 0, 1))), "10.52.0.0/16"));
        await().until(() -> best("10.52.0.0/16") != null);
        assertThat(best("10.52.0.0/16").attributes().has(PathAttribute.LOCAL_PREF)).isFalse();
    }

    @Test
    void rfc7606Section7_5LocalPrefOfWrongLengthFromIbgpPeerIsTreatAsWithdraw() throws Exception {
        ibgp.send(update(List.of(ORIGIN_IGP, asPath(65009), nextHop("192.0.2.9")), "10.53.0.0/16"));
        await().until(() -> best("10.53.0.0/16") != null);
        double before = counter("bgp_treat_as_withdraw_total{peer=\"int\"");
        ibgp.send(update(List.of(ORIGIN_IGP, asPath(65009), nextHop("192.0.2.9"), attr(0x40, 5, b(0, 0, 1))), "10.53.0.0/16"));
        await().until(() -> best("10.53.0.0/16") == null);
        assertThat(counter("bgp_treat_as_withdraw_total{peer=\"int\"")).isEqualTo(before + 1);
    }

    // ---- RFC 7606 7.9 / 7.10: ORIGINATOR_ID and CLUSTER_LIST

    @Test
    void rfc7606Section7_9OriginatorIdFromEbgpPeerIsDiscardedAndNotPassedOn() throws Exception {
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x80, 9, b(10, 9, 9, 9))), "10.54.0.0/16"));
        await().until(() -> best("10.54.0.0/16") != null);
        assertThat(best("10.54.0.0/16").attributes().has(PathAttribute.ORIGINATOR_ID)).isFalse();
    }

    @Test
    void rfc7606Section7_10ClusterListOfLengthNotMultipleOf4FromEbgpPeerIsDiscardedAndTheRouteKept() throws Exception {
        double before = counter("bgp_attribute_discards_total{attribute=\"CLUSTER_LIST\",peer=\"ext\"");
        ebgp.send(update(List.of(ORIGIN_IGP, asPath(65002), nextHop(EBGP), attr(0x80, 10, b(10, 9, 9, 9, 1, 1))), "10.55.0.0/16"));
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
        byte[] confedPath = attr(0x40, 2, cat(b(3, 1), u32(65100), b(2, 1), u32(65002)));
        ebgp.send(update(List.of(ORIGIN_IGP, confedPath, nextHop(EBGP)), "10.57.0.0/16"));
        await().until(() -> best("10.57.0.0/16") == null);
        assertThat(speaker.state("ext")).isEqualTo(FsmState.ESTABLISHED);
    }

    @Test
    void rfc5065Section5ConfedSetFromEbgpPeerIsTreatAsWithdraw() throws Exception {
        byte[] confedSet = attr(0x40, 2, cat(b(2, 1), u32(65002), b(4, 1), u32(65100)));
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
             RawBgpPeer p = connect("127.0.0.44", 65002, new InetSocketAddress("127.0.0.43", port))) {
            await().until(() -> other.state("p") == FsmState.ESTABLISHED);
            byte[] rr = message(5, b(0, 1, 0, 1, 0)); // AFI 1, subtype 0, SAFI 1 and one octet too many
            p.send(rr);
            NotificationMessage n = p.receiveNotification();
            assertThat(n).as("a NOTIFICATION before the speaker closes").isNotNull();
            assertThat(n.code()).isEqualTo(NotificationMessage.ROUTE_REFRESH_MESSAGE_ERROR);
            assertThat(n.subcode()).isEqualTo(NotificationMessage.INVALID_MESSAGE_LENGTH);
            assertThat(n.data()).isEqualTo(rr);
        }
    }

    // ---- helpers

    private static Route best(String prefix) throws Exception {
        return speaker.call(() -> speaker.rib().best(Prefix.parse(prefix)));
    }

    /** A peer that sends its OPEN (IPv4 unicast, route refresh) and KEEPALIVE at once, then what a test gives it. */
    private static RawBgpPeer connect(String local, long asn, InetSocketAddress speakerAddress) throws Exception {
        RawBgpPeer p = RawBgpPeer.connect(local, speakerAddress);
        p.openFirst(RawBgpPeer.open(asn, local, 90, List.of(AddressFamily.IPV4_UNICAST), new RouteRefreshCapability()));
        return p;
    }

    private static double counter(String nameAndTagsPrefix) {
        for (String line : speaker.metrics().registry().scrape().split("\n")) {
            if (line.startsWith(nameAndTagsPrefix)) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }
}
