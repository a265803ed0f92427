package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A missing peer daemon fails the interop tests with the way to install it, never a silent skip. */
class PeerBinariesTest {
    @Test
    void missingDaemonFailsNamingThePeersScript() {
        assertThatThrownBy(() -> PeerBinaries.require("sh", "bgplab-no-such-daemon"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[bgplab-no-such-daemon]")
                .hasMessageContaining("docker/peers.sh");
    }
}
