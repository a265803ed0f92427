package dev.bgplab.lab.interop;

import static dev.bgplab.lab.interop.BirdGobgpInteropTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ExaBGP sends routes carrying an attribute nobody knows; GoBGP and BIRD keep and show it. */
@Tag("interop")
class ExaBgpRawAttributeInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** RFC 2042: type code 255 is reserved for development, so no receiver knows it. */
    private static final int DEVELOPMENT_CODE = 0xFF;

    @Test
    void gobgpKeepsUnknownOptionalTransitiveAttributeFromExabgpConfig() {
        String exaAddress = Loopback.nextAddress();
        String gobgpAddress = Loopback.nextAddress();
        int gobgpPort = Loopback.freePort(gobgpAddress);

        try (InteropPeers peers = new InteropPeers()) {
            GobgpPeer gobgp = peers.add(GobgpPeer.builder()
                    .routerId("10.0.0.2").localAs(65002).listen(gobgpAddress, gobgpPort)
                    .neighbor(n -> n.address(exaAddress).asn(65003).passive(true).families(true, false))
                    .start());
            ExaBgpPeer exa = peers.add(ExaBgpPeer.builder()
                    .routerId("10.0.0.3").localAddress(exaAddress).localAs(65003)
                    .peer(gobgpAddress, gobgpPort, 65002).families(true, false)
                    .originate(RouteSpec.of("10.3.0.0/24").community(65003, 1)
                            .rawAttribute(RawAttribute.optionalTransitive(DEVELOPMENT_CODE, "0102030405")))
                    .start());

            exa.awaitEstablished(DEADLINE);
            gobgp.awaitEstablished(exaAddress, DEADLINE);
            ObservedRoute route = gobgp.await(DEADLINE, "10.3.0.0/24 in GoBGP",
                    () -> find(gobgp.rib(false), "10.3.0.0/24"), r -> r != null);
            assertThat(route.communities()).containsExactly("65003:1");
            assertThat(route.unknownAttribute(DEVELOPMENT_CODE)).hasValue(
                    new DaemonUnknownAttribute(DEVELOPMENT_CODE, 0xC0, true, "0102030405"));
        }
    }

    @Test
    void birdKeepsUnknownAttributeAnnouncedThroughExabgpApiAndExabgpReportsBirdRoutes() {
        String exaAddress = Loopback.nextAddress();
        String birdAddress = Loopback.nextAddress();
        int exaPort = Loopback.freePort(exaAddress);
        int birdPort = Loopback.freePort(birdAddress);

        try (InteropPeers peers = new InteropPeers()) {
            BirdPeer bird = peers.add(BirdPeer.builder()
                    .routerId("10.0.0.1").localAs(4_200_000_001L).listen(birdAddress, birdPort)
                    .neighbor("exa", n -> n.address(exaAddress).port(exaPort).asn(65003).passive(true))
                    .originate(RouteSpec.of("10.1.0.0/24").community(64512, 1))
                    .start());
            ExaBgpPeer exa = peers.add(ExaBgpPeer.builder()
                    .routerId("10.0.0.3").localAddress(exaAddress).localAs(65003).listenPort(exaPort)
                    .peer(birdAddress, birdPort, 4_200_000_001L)
                    .start());

            exa.awaitEstablished(DEADLINE);
            bird.awaitEstablished("exa", DEADLINE);
            // optional, transitive and partial: BIRD must keep it as it is
            exa.announce(RouteSpec.of("10.4.0.0/24").origin("egp").asPath(65010)
                    .rawAttribute(new RawAttribute(DEVELOPMENT_CODE, 0xE0, new byte[] {(byte) 0xde, (byte) 0xad})));
            exa.announce(RouteSpec.of("2001:db8:4::/48").largeCommunity(65003, 4, 4));

            ObservedRoute v4 = bird.await(DEADLINE, "10.4.0.0/24 in BIRD",
                    () -> find(bird.routes("master4"), "10.4.0.0/24"), r -> r != null);
            assertThat(v4.origin()).isEqualTo("egp");
            assertThat(v4.asPathAsns()).containsExactly(65003L, 65010L);
            assertThat(v4.unknownAttribute(DEVELOPMENT_CODE)).hasValueSatisfying(a -> {
                assertThat(a.transitive()).isTrue();
                assertThat(a.valueHex()).isEqualTo("dead");
            });
            ObservedRoute v6 = bird.await(DEADLINE, "2001:db8:4::/48 in BIRD",
                    () -> find(bird.routes("master6"), "2001:db8:4::/48"), r -> r != null);
            assertThat(v6.largeCommunities()).containsExactly("65003:4:4");
            // and ExaBGP reports what it received; BIRD does not send a route back to its source
            exa.await(DEADLINE, "10.1.0.0/24 from BIRD", exa::receivedPrefixes, p -> p.contains("10.1.0.0/24"));
            assertThat(exa.receivedPrefixes()).doesNotContain("10.4.0.0/24");
        }
    }

    @Test
    void exabgpSendsMalformedOriginThatBirdTreatsAsWithdraw() {
        String exaAddress = Loopback.nextAddress();
        String birdAddress = Loopback.nextAddress();
        int birdPort = Loopback.freePort(birdAddress);

        try (InteropPeers peers = new InteropPeers()) {
            BirdPeer bird = peers.add(BirdPeer.builder()
                    .routerId("10.0.0.1").localAs(65001).listen(birdAddress, birdPort)
                    .neighbor("exa", n -> n.address(exaAddress).asn(65003).passive(true).channels(true, false))
                    .start());
            ExaBgpPeer exa = peers.add(ExaBgpPeer.builder()
                    .routerId("10.0.0.3").localAddress(exaAddress).localAs(65003)
                    .peer(birdAddress, birdPort, 65001).families(true, false).logPackets(true)
                    // ORIGIN (type 1) with value 5: RFC 7606 7.1 says treat-as-withdraw
                    .originate(RouteSpec.of("10.6.1.0/24").rawAttribute(new RawAttribute(1, 0x40, new byte[] {5})))
                    .originate(RouteSpec.of("10.6.9.0/24"))
                    .start());

            bird.awaitEstablished("exa", DEADLINE);
            bird.await(DEADLINE, "10.6.9.0/24 in BIRD", () -> find(bird.routes("master4"), "10.6.9.0/24"),
                    r -> r != null);
            bird.await(DEADLINE, "BIRD to log the malformed ORIGIN",
                    () -> bird.logs().contains("Malformed ORIGIN attribute - invalid value (5)"));
            assertThat(find(bird.routes("master4"), "10.6.1.0/24")).isNull();
            assertThat(bird.protocol("exa").established()).isTrue();
            // the ORIGIN ExaBGP put on the wire: flags 0x40, type 1, length 1, value 5
            exa.await(DEADLINE, "the UPDATE in ExaBGP's packet log",
                    () -> exa.logs().replace(" ", "").contains("4001010540"));
        }
    }
}
