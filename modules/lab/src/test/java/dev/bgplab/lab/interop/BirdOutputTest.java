package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.route.DaemonUnknownAttribute;
import dev.bgplab.lab.route.ObservedRoute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of birdc output recorded from BIRD 2.0.12. */
class BirdOutputTest {

    @Test
    void readsSessionStateAndCapabilitiesOfEachProtocol() {
        List<BirdOutput.Protocol> protocols = BirdOutput.parseProtocols(fixture("bird-show-protocols-all.txt"));

        assertThat(protocols).extracting(BirdOutput.Protocol::name).containsExactly("device1", "peer1", "exa");
        BirdOutput.Protocol peer = protocols.get(1);
        assertThat(peer.established()).isTrue();
        assertThat(peer.details()).containsEntry("Neighbor AS", "65002").containsEntry("Local AS", "4200000001");
        assertThat(peer.localCapabilities()).containsExactly("Multiprotocol", "Route refresh", "Extended message",
                "Graceful restart", "4-octet AS numbers", "ADD-PATH", "Enhanced refresh");
        assertThat(peer.neighborCapabilities()).contains("Extended next hop", "ADD-PATH", "Hostname")
                .doesNotContain("Extended message");
        BirdOutput.Protocol exa = protocols.get(2);
        assertThat(exa.bgpState()).isEqualTo("Passive");
        assertThat(exa.lastError()).isEqualTo("Socket: Connection reset by peer");
        assertThat(exa.info()).isEqualTo("Passive       Socket: Connection reset by peer");
    }

    @Test
    void readsBgpAttributesIncludingUnknownOnes() {
        List<ObservedRoute> routes = BirdOutput.parseRoutes(fixture("bird-show-route-all-bgp.txt"));

        assertThat(routes).extracting(ObservedRoute::prefix)
                .containsExactly("10.3.0.0/24", "10.2.0.0/24", "2001:db8:2::/48");
        ObservedRoute withUnknown = routes.get(0);
        assertThat(withUnknown.peer()).isEqualTo("127.0.0.13");
        assertThat(withUnknown.best()).isTrue();
        assertThat(withUnknown.unknownAttribute(0xf0)).hasValue(new DaemonUnknownAttribute(0xf0, -1, true, "0102030405"));
        ObservedRoute full = routes.get(1);
        assertThat(full.asPath()).isEqualTo("65002 65010 65011");
        assertThat(full.asPathAsns()).containsExactly(65002L, 65010L, 65011L);
        assertThat(full.origin()).isEqualTo("igp");
        assertThat(full.med()).hasValue(50);
        assertThat(full.localPref()).hasValue(100);
        assertThat(full.nextHop()).isEqualTo("127.0.0.12");
        assertThat(full.communities()).containsExactly("65002:100");
        assertThat(full.largeCommunities()).containsExactly("4200000001:1:2");
        assertThat(routes.get(2).origin()).isEqualTo("incomplete");
        assertThat(routes.get(2).nextHop()).isEqualTo("2001:db8:ffff::12");
    }

    @Test
    void readsEveryPathOfAPrefixAndExtendedCommunities() {
        List<ObservedRoute> routes = BirdOutput.parseRoutes(fixture("bird-show-route-all-static.txt"));

        assertThat(routes).extracting(ObservedRoute::prefix).containsExactly("10.5.0.0/24", "10.5.0.0/24");
        assertThat(routes).extracting(ObservedRoute::best).containsExactly(true, false);
        assertThat(routes.get(0).extCommunities()).containsExactly("rt:65001:1", "ro:4200000001:7");
        assertThat(routes.get(0).asPathAsns()).containsExactly(65011L, 65010L);
        assertThat(routes.get(0).peer()).isEqualTo("a");
        assertThat(routes.get(1).communities()).containsExactly("64512:1", "64512:2");
        assertThat(routes.get(1).med()).isEmpty();
    }

    static String fixture(String name) {
        try (InputStream in = BirdOutputTest.class.getResourceAsStream("/interop/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
