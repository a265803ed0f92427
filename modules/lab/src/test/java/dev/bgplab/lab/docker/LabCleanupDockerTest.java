package dev.bgplab.lab.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.bgplab.lab.frr.FrrImage;
import dev.bgplab.lab.frr.FrrNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nothing of a test stays behind: close() removes nodes and networks, Leftovers removes only its prefix. */
@Tag("docker")
class LabCleanupDockerTest {

    private static final String PREFIX = "bgplab-test-cleanup-";
    private static final String OTHER = "bgplab-test-keep-";

    @AfterAll
    static void cleanUp() {
        Leftovers.clean(PREFIX);
        Leftovers.clean(OTHER);
    }

    private static List<String> containerNames() {
        return Docker.client().listContainersCmd().withShowAll(true).exec().stream()
                .flatMap(c -> Arrays.stream(c.getNames())).map(n -> n.substring(1)).toList();
    }

    private static List<String> networkNames() {
        return Docker.client().listNetworksCmd().exec().stream().map(Network::getName).toList();
    }

    @Test
    void closeRemovesTheNodeAndTheNetwork() {
        Leftovers.clean(PREFIX);
        LabNetwork net = LabNetwork.createFree(PREFIX + "net", true, 120);
        FrrNode node = FrrNode.builder(PREFIX + "r1").network(net, net.ipv4(11), net.ipv6(11))
                .frrConf("router bgp 65001\n").start();
        assertThat(containerNames()).contains(PREFIX + "r1");
        assertThat(networkNames()).contains(PREFIX + "net");
        assertThat(Leftovers.find(PREFIX).containers()).containsExactly(PREFIX + "r1");

        node.close();
        net.close();

        assertThat(containerNames()).noneMatch(n -> n.startsWith(PREFIX));
        assertThat(networkNames()).noneMatch(n -> n.startsWith(PREFIX));
        assertThat(Leftovers.find(PREFIX).isEmpty()).isTrue();
    }

    @Test
    void cleanRemovesOnlyNamesWithTheGivenPrefix() {
        DockerClient client = Docker.client();
        LabNetwork stray = LabNetwork.createFree(PREFIX + "stray", false, 120);
        LabNetwork keep = LabNetwork.createFree(OTHER + "net", false, 120);
        try {
            // a container created but never started, as a crashed run might leave it
            client.createContainerCmd(FrrImage.configured().name()).withName(PREFIX + "stray-r1")
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(stray.name()))
                    .exec();

            Leftovers.Found removed = Leftovers.clean(PREFIX);

            assertThat(removed.containers()).containsExactly(PREFIX + "stray-r1");
            assertThat(removed.networks()).containsExactly(PREFIX + "stray");
            assertThat(containerNames()).noneMatch(n -> n.startsWith(PREFIX));
            assertThat(networkNames()).contains(OTHER + "net").noneMatch(n -> n.startsWith(PREFIX));
        } finally {
            keep.close();
            stray.close();
        }
        assertThat(networkNames()).doesNotContain(OTHER + "net");
        assertThat(client.listContainersCmd().withShowAll(true).exec()).extracting(Container::getNames)
                .noneMatch(names -> Arrays.stream(names).anyMatch(n -> n.startsWith("/" + PREFIX)));
    }

    @Test
    void refusesNamesOutsideTheLab() {
        assertThatThrownBy(() -> Leftovers.clean("bgp")).hasMessageContaining("bgplab-");
        assertThatThrownBy(() -> Leftovers.clean("bgplab-")).hasMessageContaining("longer");
        assertThatThrownBy(() -> FrrNode.builder("frr1")).hasMessageContaining("bgplab-");
        assertThatThrownBy(() -> LabNetwork.create("lab-net", "172.30.250.0/24", null)).hasMessageContaining("bgplab-");
    }
}
