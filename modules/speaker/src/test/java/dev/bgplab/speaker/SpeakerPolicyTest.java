package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.rib.PeerInfo;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** How a peer's YAML options and the FRR `neighbor X ...` lines of the policy block combine. */
class SpeakerPolicyTest {

    private static NeighborPolicy neighbor(String yaml, String address) throws Exception {
        PolicyConfig p = SpeakerPolicy.of(ConfigLoader.parse("r.yml", yaml));
        InetAddress a = InetAddress.getByName(address);
        return p.neighbor(new PeerInfo("x", a, 65002, a, 65001, false));
    }

    @Test
    void yamlDefaultsLeaveNoNeighborLinesOfThePolicyInForce() throws Exception {
        NeighborPolicy n = neighbor("""
                router-id: 10.0.0.1
                asn: 65001
                policy: |
                  no neighbor 10.0.0.2 enforce-first-as
                  no neighbor 10.0.0.2 send-community all
                peers:
                  - {address: 10.0.0.2, asn: 65002}
                """, "10.0.0.2");
        assertThat(n.enforceFirstAs()).isFalse();
        assertThat(n.sendCommunity()).isFalse();
        assertThat(n.sendLargeCommunity()).isFalse();
    }

    @Test
    void yamlOptionsThatDepartFromTheDefaultsWin() throws Exception {
        NeighborPolicy n = neighbor("""
                router-id: 10.0.0.1
                asn: 65001
                peers:
                  - {address: 10.0.0.2, asn: 65002, enforce-first-as: false, send-community: large}
                """, "10.0.0.2");
        assertThat(n.enforceFirstAs()).isFalse();
        assertThat(n.sendCommunity()).isFalse();
        assertThat(n.sendLargeCommunity()).isTrue();
    }
}
