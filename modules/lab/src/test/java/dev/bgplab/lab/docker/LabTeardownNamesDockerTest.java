package dev.bgplab.lab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.runtime.DockerLab;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tearing a lab down touches only what carries its own name in the lab label, never another lab whose name it starts. */
@Tag("docker")
class LabTeardownNamesDockerTest {

    @AfterEach
    void cleanUp() {
        DockerLab.teardown("tdn-x-4");
    }

    @Test
    void tearingDownLabXLeavesTheManagementNetworkOfARunningLabX4() {
        // lab "x-4"'s management network is bgplab-x-4-mgmt, which starts with lab "x"'s legacy prefix bgplab-x-
        LabNetwork.createFree("bgplab-tdn-x-4-mgmt", false, 100, Map.of(Leftovers.LAB_LABEL, "tdn-x-4"));
        DockerLab.teardown("tdn-x");
        assertThat(Leftovers.findLab("tdn-x-4").networks()).containsExactly("bgplab-tdn-x-4-mgmt");
        DockerLab.teardown("tdn-x-4");
        assertThat(Leftovers.findLab("tdn-x-4").isEmpty()).isTrue();
    }
}
