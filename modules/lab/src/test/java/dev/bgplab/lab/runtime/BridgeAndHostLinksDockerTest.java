package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerlab's {@code kind: bridge} nodes and {@code host:} endpoints: two hosts plugged into a
 * Linux bridge in the host reach each other through it; a {@code host:NAME} end stays in the host's
 * namespace without an address; teardown removes the bridge bgplab made and the host end.
 */
@Tag("docker")
class BridgeAndHostLinksDockerTest {

    private static final String BRIDGE = "bgplabbr-i12t";

    private static boolean hostHas(String iface) throws Exception {
        return new ProcessBuilder("ip", "link", "show", "dev", iface).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    private static String host(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Test
    void hostsOnABridgeNodeReachEachOtherAndHostEndsStayInTheHost(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("brlab.clab.yml");
        Files.writeString(file, """
                name: brlab
                topology:
                  nodes:
                    %s: {kind: bridge}
                    h1:
                      kind: linux
                      image: alpine:3
                      exec: ["ip addr add 192.168.77.1/24 dev eth1"]
                    h2:
                      kind: linux
                      image: nicolaka/netshoot
                      exec: ["ip addr add 192.168.77.2/24 dev eth1"]
                  links:
                    - endpoints: ["h1:eth1", "%s:brlab-h1"]
                    - endpoints: ["h2:eth1", "%s:brlab-h2"]
                    - type: host
                      endpoint: {node: h1, interface: eth2}
                      host-interface: brlab-host
                """.formatted(BRIDGE, BRIDGE, BRIDGE));
        Topology t = TopologyLoader.load(file);
        DockerLab.teardown(t.name());
        assertThat(hostHas(BRIDGE)).as("the bridge is not there before").isFalse();
        try (DockerLab lab = DockerLab.deploy(t, line -> System.out.println("lab: " + line))) {
            assertThat(hostHas(BRIDGE)).isTrue();
            assertThat(host("ip", "-o", "link", "show", "master", BRIDGE)).contains("brlab-h1").contains("brlab-h2");
            assertThat(hostHas("brlab-host")).isTrue();
            assertThat(host("ip", "-o", "addr", "show", "dev", "brlab-host")).doesNotContain("inet ");
            await("h1 pings h2 through the host bridge").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions().until(() -> lab.node("h1").exec("ping", "-c", "1", "-W", "1", "192.168.77.2").contains("1 received"));
        }
        assertThat(hostHas(BRIDGE)).as("the bridge bgplab made is removed").isFalse();
        assertThat(hostHas("brlab-host")).as("the host end went with its container").isFalse();
        assertThat(Leftovers.findLab("brlab").isEmpty()).isTrue();
        assertThat(host("iptables", "-S", "FORWARD")).doesNotContain("bgplab-brlab-bridge");
    }
}
