package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.topology.TopologyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMapTest {

    @Test
    void frrImagesOfAnyRegistryAndTagRunOnTheLocalFrrImage() {
        ImageMap m = ImageMap.defaults();
        for (String i : List.of("quay.io/frrouting/frr:10.5.1", "frrouting/frr:v8.4.1", "docker.io/frrouting/frr", "frrouting/frr:latest")) {
            assertThat(m.resolve(i).to()).as(i).isEqualTo(ImageMap.FRR_IMAGE);
        }
        assertThat(m.resolve("bgplab/frr:8.4").mapped()).isFalse();
        assertThat(m.resolve("bgplab/speaker:dev").mapped()).isFalse();
    }

    @Test
    void wellKnownHostImagesRunOnTheLocalHostImage() {
        ImageMap m = ImageMap.defaults();
        for (String i : List.of("wbitt/network-multitool:latest", "wbitt/network-multitool", "alpine:3.19", "ubuntu:22.04",
                "debian:bookworm", "nicolaka/netshoot", "busybox", "ghcr.io/hellt/network-multitool")) {
            assertThat(m.resolve(i).to()).as(i).isEqualTo(ImageMap.HOST_IMAGE);
        }
        assertThat(m.resolve("alpine/socat").mapped()).isFalse();
        assertThat(m.resolve("ghcr.io/nokia/srlinux:24.10").mapped()).isFalse();
    }

    @Test
    void commandLineRulesComeBeforeTheFileAndTheBuiltInOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("images.map");
        Files.writeString(file, "# my images\nalpine=my/alpine:1\nquay.io/frrouting/frr:10.5.1=my/frr:10\nacme/*=my/acme:2\n");
        ImageMap m = ImageMap.of(List.of("quay.io/frrouting/frr:10.5.1=quay.io/frrouting/frr:10.5.1"), file);
        assertThat(m.resolve("quay.io/frrouting/frr:10.5.1").mapped()).as("FROM=FROM keeps the image").isFalse();
        assertThat(m.resolve("quay.io/frrouting/frr:9.1.0").to()).isEqualTo(ImageMap.FRR_IMAGE);
        assertThat(m.resolve("alpine:3").to()).isEqualTo("my/alpine:1");
        assertThat(m.resolve("acme/router:7").to()).isEqualTo("my/acme:2");
        assertThat(m.resolve("alpine:3").source()).isEqualTo(file + ":2");
        assertThatThrownBy(() -> ImageMap.of(List.of("nonsense"), null)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("--image-map").hasMessageContaining("FROM=TO");
    }

    @Test
    void namesTheImagesShTargetOfBgplabsOwnImages() {
        assertThat(ImageMap.buildTarget("bgplab/frr:8.4")).contains("frr");
        assertThat(ImageMap.buildTarget("bgplab/host:latest")).contains("host");
        assertThat(ImageMap.buildTarget("bgplab/speaker:dev")).contains("speaker");
        assertThat(ImageMap.buildTarget("alpine:3")).isEmpty();
    }

    @Test
    void frrDaemonsFollowWhatTheConfigConfigures() {
        assertThat(DockerLab.daemonsFor("router ospf\n network 10.0.0.0/8 area 0\n")).containsExactly("bgpd", "ospfd");
        assertThat(DockerLab.daemonsFor("router ospf6\nrouter isis X\n")).contains("ospf6d", "isisd").doesNotContain("ospfd");
        assertThat(DockerLab.daemonsFor("")).containsExactly("bgpd");
    }
}
