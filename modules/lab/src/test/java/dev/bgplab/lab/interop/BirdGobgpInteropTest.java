package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.route.ObservedRoute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** BIRD and GoBGP peer over loopback and exchange routes both ways; no mocks. */
@Tag("interop")
class BirdGobgpInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long BIRD_AS = 4_200_000_001L; // 4-octet
    private static final long GOBGP_AS = 65002; // 2-octet

    @Test
    void exchangeIpv4AndIpv6RoutesWithCommunitiesBetweenFourOctetAndTwoOctetAsns() {
        String birdAddress = Loopback.nextAddress();
        String gobgpAddress = Loopback.nextAddress();
        int birdPort = Loopback.freePort(birdAddress);
        int gobgpPort = Loopback.freePort(gobgpAddress);

        try (InteropPeers peers = new InteropPeers()) {
            GobgpPeer gobgp = peers.add(GobgpPeer.builder()
                    .routerId("10.0.0.2").localAs(GOBGP_AS).listen(gobgpAddress, gobgpPort)
                    .neighbor(n -> n.address(birdAddress).port(birdPort).asn(BIRD_AS).passive(true))
                    .originate(RouteSpec.of("10.2.0.0/24").asPath(65010).med(50)
                            .community(65002, 100).largeCommunity(BIRD_AS, 1, 2).routeTarget(65002, 9))
                    .originate(RouteSpec.of("2001:db8:2::/48").community(65002, 106).largeCommunity(65002, 6, 6))
                    .start());
            BirdPeer bird = peers.add(BirdPeer.builder()
                    .routerId("10.0.0.1").localAs(BIRD_AS).listen(birdAddress, birdPort)
                    // GoBGP refuses 127/8 next hops, so announce a documentation address
                    .neighbor("gobgp", n -> n.address(gobgpAddress).port(gobgpPort).asn(GOBGP_AS)
                            .ipv4NextHop("192.0.2.1"))
                    .originate(RouteSpec.of("10.1.0.0/24").asPath(65099).med(20)
                            .community(64512, 1).largeCommunity(BIRD_AS, 7, 8).routeTarget(64512, 9))
                    .originate(RouteSpec.of("2001:db8:1::/48").community(64512, 6).largeCommunity(BIRD_AS, 6, 6))
                    .start());

            BirdOutput.Protocol session = bird.awaitEstablished("gobgp", DEADLINE);
            assertThat(session.details()).containsEntry("Local AS", Long.toString(BIRD_AS))
                    .containsEntry("Neighbor AS", Long.toString(GOBGP_AS));
            assertThat(gobgp.awaitEstablished(birdAddress, DEADLINE).peerAs()).isEqualTo(BIRD_AS);

            ObservedRoute fromGobgp4 = bird.await(DEADLINE, "10.2.0.0/24 in BIRD",
                    () -> find(bird.routes("master4"), "10.2.0.0/24"), r -> r != null);
            assertThat(fromGobgp4.asPathAsns()).containsExactly(GOBGP_AS, 65010L);
            assertThat(fromGobgp4.communities()).containsExactly("65002:100");
            assertThat(fromGobgp4.largeCommunities()).containsExactly(BIRD_AS + ":1:2");
            assertThat(fromGobgp4.extCommunities()).containsExactly("rt:65002:9");
            assertThat(fromGobgp4.med()).hasValue(50);
            assertThat(fromGobgp4.peer()).isEqualTo(gobgpAddress);

            ObservedRoute fromGobgp6 = bird.await(DEADLINE, "2001:db8:2::/48 in BIRD",
                    () -> find(bird.routes("master6"), "2001:db8:2::/48"), r -> r != null);
            assertThat(fromGobgp6.asPathAsns()).containsExactly(GOBGP_AS);
            assertThat(fromGobgp6.communities()).containsExactly("65002:106");
            assertThat(fromGobgp6.largeCommunities()).containsExactly("65002:6:6");
            assertThat(fromGobgp6.nextHop()).isEqualTo(Loopback.ipv6NextHopFor(gobgpAddress));

            ObservedRoute fromBird4 = gobgp.await(DEADLINE, "10.1.0.0/24 in GoBGP",
                    () -> find(gobgp.rib(false), "10.1.0.0/24"), r -> r != null);
            assertThat(fromBird4.asPathAsns()).containsExactly(BIRD_AS, 65099L);
            assertThat(fromBird4.communities()).containsExactly("64512:1");
            assertThat(fromBird4.largeCommunities()).containsExactly(BIRD_AS + ":7:8");
            assertThat(fromBird4.extCommunities()).containsExactly("rt:64512:9");
            assertThat(fromBird4.nextHop()).isEqualTo("192.0.2.1");
            // BIRD sends MED to eBGP only when the export filter set it, not a static route's bgp_med
            assertThat(fromBird4.med()).isEmpty();
            assertThat(fromBird4.origin()).isEqualTo("igp");

            ObservedRoute fromBird6 = gobgp.await(DEADLINE, "2001:db8:1::/48 in GoBGP",
                    () -> find(gobgp.rib(true), "2001:db8:1::/48"), r -> r != null);
            assertThat(fromBird6.asPathAsns()).containsExactly(BIRD_AS);
            assertThat(fromBird6.communities()).containsExactly("64512:6");
            assertThat(fromBird6.largeCommunities()).containsExactly(BIRD_AS + ":6:6");
            assertThat(fromBird6.nextHop()).isEqualTo(Loopback.ipv6NextHopFor(birdAddress));
        }
    }

    static ObservedRoute find(List<ObservedRoute> routes, String prefix) {
        return routes.stream().filter(r -> r.prefix().equals(prefix)).findFirst().orElse(null);
    }
}
