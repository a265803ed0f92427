package dev.bgplab.lab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run path of {@code bgplab lab run|up}: the engine check and an image build through
 * docker/images.sh, on an image tag nobody else uses (so that the shared images stay as they are).
 */
@Tag("docker")
class BootstrapDockerTest {

    private static final String IMAGE = "bgplab/host:bootstrap-test";

    @Test
    void buildsAMissingImageThroughImagesShAndShowsProgress(@TempDir Path dir) throws Exception {
        removeImage();
        List<String> progress = new ArrayList<>();
        Bootstrap b = Bootstrap.find(dir.resolve("bootstrap.log"), progress::add).orElseThrow();
        try {
            b.ensureEngine();
            b.ensureImage("host", IMAGE, null);
            var image = Docker.client().inspectImageCmd(IMAGE).exec();
            assertThat(image.getConfig().getLabels()).containsKey("bgplab.inputs");
            assertThat(progress).anyMatch(l -> l.contains("docker/engine.sh"))
                    .anyMatch(l -> l.contains("docker/images.sh host") && l.contains("min the first time"))
                    .anyMatch(l -> l.contains("images.sh: building " + IMAGE));
            assertThat(Files.readString(dir.resolve("bootstrap.log"))).contains("images.sh: " + IMAGE + " ready");
            progress.clear();
            b.ensureImage("host", IMAGE, null);
            assertThat(progress).anyMatch(l -> l.contains(IMAGE + " is up to date"));
        } finally {
            removeImage();
        }
    }

    private static void removeImage() {
        try {
            Docker.client().removeImageCmd(IMAGE).withForce(true).exec();
        } catch (NotFoundException e) {
            // not there
        }
    }
}
