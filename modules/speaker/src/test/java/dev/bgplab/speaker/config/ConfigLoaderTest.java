package dev.bgplab.speaker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String GOOD = """
            router-id: 10.0.0.1
            asn: 65001
            listen: {address: 127.0.0.1, port: 17901}
            api: {port: 0}
            networks:
              - 10.1.0.0/16
              - prefix: 2001:db8:1::/48
                communities: [65001:100, no-export]
            decision:
              maximum-paths: 4
              multipath-relax: true
            peers:
              - name: r2
                address: 127.0.0.2
                port: 17902
                asn: 4200000001
                hold-time: 9
                local-as: 65100 no-prepend replace-as
                maximum-prefix: 1000 restart 5
                allowas-in: origin
                remove-private-as: all-replace-as
                families: [ipv4-unicast]
            """;

    @Test
    void readsEveryFieldOfAGoodConfig() {
        SpeakerConfig c = ConfigLoader.parse("good.yml", GOOD);
        assertThat(c.asn()).isEqualTo(65001);
        assertThat(c.routerId().getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(c.listenPort()).isEqualTo(17901);
        assertThat(c.apiPort()).isZero();
        assertThat(c.networks()).hasSize(2);
        assertThat(c.networks().get(1).prefix()).isEqualTo(Prefix.parse("2001:db8:1::/48"));
        assertThat(c.networks().get(1).communities()).hasSize(2);
        assertThat(c.decision().maximumPathsEbgp()).isEqualTo(4);
        assertThat(c.decision().asPathMultipathRelax()).isTrue();
        PeerConfig p = c.peer("r2");
        assertThat(p.asn()).isEqualTo(4200000001L);
        assertThat(p.holdTime()).isEqualTo(9);
        assertThat(p.keepalive()).isEqualTo(3);
        assertThat(p.policy().localAs()).isEqualTo(65100L);
        assertThat(p.policy().localAsNoPrepend()).isTrue();
        assertThat(p.policy().localAsReplaceAs()).isTrue();
        assertThat(p.policy().maximumPrefix()).isEqualTo(new dev.bgplab.speaker.policy.MaximumPrefix(1000, 75, 5, false));
        assertThat(p.policy().allowasInOrigin()).isTrue();
        assertThat(p.policy().removePrivateAs()).isEqualTo(dev.bgplab.speaker.policy.RemovePrivateAs.ALL_REPLACE_AS);
        assertThat(p.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(c.ebgpRequiresPolicy()).isTrue();
    }

    @Test
    void unknownFieldNamesFileLineAndClosestValidName() {
        String yaml = GOOD.replace("    hold-time: 9", "    hold-tme: 9");
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("r1.yml:17")
                .hasMessageContaining("peers[0].hold-tme")
                .hasMessageContaining("did you mean 'hold-time'");
    }

    @Test
    void asnOutOfRangeNamesTheValidRange() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", GOOD.replace("asn: 65001", "asn: 4294967296")))
                .hasMessageContaining("r1.yml:2")
                .hasMessageContaining("field 'asn'")
                .hasMessageContaining("1..4294967295");
    }

    @Test
    void badPrefixInNetworksIsLocated() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", GOOD.replace("10.1.0.0/16", "10.1.0.0/33")))
                .hasMessageContaining("r1.yml:6")
                .hasMessageContaining("networks[0]")
                .hasMessageContaining("out of range");
    }

    @Test
    void holdTimeOneOrTwoIsRejectedAsRfc4271Says() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", GOOD.replace("hold-time: 9", "hold-time: 2")))
                .hasMessageContaining("peers[0].hold-time")
                .hasMessageContaining("RFC 4271");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", "asn: 65001\n"))
                .hasMessageContaining("'router-id' is required");
    }

    @Test
    void duplicatePeerAddressIsRejected() {
        String yaml = GOOD + """
                  - name: r3
                    address: 127.0.0.2
                    asn: 65003
                """;
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", yaml)).hasMessageContaining("repeats peer address 127.0.0.2");
    }

    @Test
    void invalidYamlReportsLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", "router-id: 10.0.0.1\nasn: [65001\n"))
                .hasMessageContaining("r1.yml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void replaceAsWithoutNoPrependIsRejectedLikeFrr() {
        assertThatThrownBy(() -> ConfigLoader.parse("r1.yml", GOOD.replace("65100 no-prepend replace-as", "65100 replace-as")))
                .hasMessageContaining("no-prepend replace-as");
    }
}
