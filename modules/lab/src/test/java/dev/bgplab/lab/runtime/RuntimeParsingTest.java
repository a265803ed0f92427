package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.frr.FrrJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeParsingTest {

    @Test
    void embeddedRewriteReplacesWholeAddressesOnlyAndPointsPeersAtTheSharedPort() {
        String yaml = """
                router-id: 10.0.12.1
                asn: 65001
                peers:
                  - {name: r2, address: 10.0.12.2, asn: 65002}
                policy: |
                  neighbor 10.0.12.2 route-map IN in
                  ip prefix-list P seq 5 permit 10.0.12.20/32
                """;
        String out = SpeakerConfigs.forEmbedded("r1", yaml, Map.of("10.0.12.1", "127.77.1.2", "10.0.12.2", "127.77.1.3"),
                "127.77.1.2", 17001, Map.of("127.77.1.3", "127.77.1.2"));
        assertThat(out).contains("router-id: \"127.77.1.2\"", "  neighbor 127.77.1.3 route-map IN in\n")
                .contains("10.0.12.20/32").contains("port: 17001").contains("local-address: \"127.77.1.2\"")
                .doesNotContain("10.0.12.2 ");
    }

    @Test
    void kernelRoutesReadEcmpNextHopsAndHostRoutes() {
        List<RouteEntry> routes = ContainerNode.kernel(FrrJson.read("""
                [{"dst":"default","gateway":"10.2.0.1","dev":"eth1","flags":[]},
                 {"dst":"10.100.0.0/16","protocol":"bgp","metric":20,"flags":[],
                  "nexthops":[{"gateway":"10.0.1.2","dev":"eth1","weight":1,"flags":[]},{"gateway":"10.0.2.2","dev":"eth2","weight":1,"flags":[]}]},
                 {"dst":"10.0.1.0/30","dev":"eth1","protocol":"kernel","scope":"link","prefsrc":"10.0.1.1","flags":[]},
                 {"dst":"192.0.2.7","gateway":"10.0.1.2","dev":"eth1","flags":[]}]
                """), false);
        assertThat(routes).extracting(RouteEntry::prefix).containsExactly("0.0.0.0/0", "10.100.0.0/16", "10.0.1.0/30", "192.0.2.7/32");
        assertThat(routes.get(1).selectedNextHops()).containsExactly("10.0.1.2", "10.0.2.2");
        assertThat(routes.get(2).selectedNextHops()).containsExactly("dev eth1");
    }

    @Test
    void commandLinesSplitLikeAShellWithoutExpansion() {
        assertThat(ContainerExec.words("speaker --config '/etc/a b.yml' \"\"")).containsExactly("speaker", "--config", "/etc/a b.yml", "");
    }
}
