package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ADD-PATH, graceful restart and extended message knobs of each runner reach the OPEN
 * message: what the interop matrix relies on.
 */
@Tag("interop")
class CapabilityKnobsInteropTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void birdAndGobgpNegotiateAddPathAndGracefulRestartButGobgpHasNoExtendedMessages() {
        String birdAddress = Loopback.nextAddress();
        String gobgpAddress = Loopback.nextAddress();
        int birdPort = Loopback.freePort(birdAddress);
        int gobgpPort = Loopback.freePort(gobgpAddress);

        try (InteropPeers peers = new InteropPeers()) {
            GobgpPeer gobgp = peers.add(GobgpPeer.builder()
                    .routerId("10.0.0.2").localAs(65002).listen(gobgpAddress, gobgpPort)
                    .neighbor(n -> n.address(birdAddress).port(birdPort).asn(65001).passive(true)
                            .addPaths(true, 4).gracefulRestart(120))
                    .start());
            BirdPeer bird = peers.add(BirdPeer.builder()
                    .routerId("10.0.0.1").localAs(65001).listen(birdAddress, birdPort)
                    .neighbor("gobgp", n -> n.address(gobgpAddress).port(gobgpPort).asn(65002)
                            .addPaths("on").gracefulRestart(true).extendedMessages(true))
                    .start());

            BirdOutput.Protocol session = bird.awaitEstablished("gobgp", DEADLINE);
            assertThat(session.localCapabilities()).contains("ADD-PATH", "Graceful restart", "Extended message",
                    "4-octet AS numbers");
            assertThat(session.neighborCapabilities()).contains("ADD-PATH", "Graceful restart", "4-octet AS numbers")
                    .doesNotContain("Extended message");
            GobgpJson.NeighborState neighbor = gobgp.awaitEstablished(birdAddress, DEADLINE);
            assertThat(neighbor.remoteCapabilities()).contains("AddPath", "GracefulRestart", "FourOctetASN");
            assertThat(neighbor.localCapabilities()).contains("AddPath", "GracefulRestart");
        }
    }

    @Test
    void exabgpAndBirdNegotiateExtendedMessagesAddPathAndGracefulRestart() {
        String exaAddress = Loopback.nextAddress();
        String birdAddress = Loopback.nextAddress();
        int birdPort = Loopback.freePort(birdAddress);

        try (InteropPeers peers = new InteropPeers()) {
            BirdPeer bird = peers.add(BirdPeer.builder()
                    .routerId("10.0.0.1").localAs(65001).listen(birdAddress, birdPort)
                    .neighbor("exa", n -> n.address(exaAddress).asn(65003).passive(true)
                            .addPaths("on").gracefulRestart(true).extendedMessages(true))
                    .start());
            ExaBgpPeer exa = peers.add(ExaBgpPeer.builder()
                    .routerId("10.0.0.3").localAddress(exaAddress).localAs(65003)
                    .peer(birdAddress, birdPort, 65001)
                    .addPath("send/receive").gracefulRestart(120).extendedMessage(true)
                    .start());

            exa.awaitEstablished(DEADLINE);
            BirdOutput.Protocol session = bird.awaitEstablished("exa", DEADLINE);
            assertThat(session.neighborCapabilities()).contains("ADD-PATH", "Graceful restart", "Extended message");
        }
    }
}
