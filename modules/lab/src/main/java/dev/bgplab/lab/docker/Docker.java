package dev.bgplab.lab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker client the lab uses: Testcontainers' client, configured from the environment
 * (DOCKER_HOST, TESTCONTAINERS_*). Ryuk is expected to be off, so whatever the lab creates it
 * removes itself, by name.
 */
public final class Docker {

    /** Every container and network the lab creates has a name starting with this. */
    public static final String NAME_PREFIX = "bgplab-";

    private Docker() {
    }

    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Refuses names that the lab's clean-up would not recognise as its own. */
    static String requireLabName(String kind, String name) {
        if (name == null || !name.startsWith(NAME_PREFIX) || name.length() == NAME_PREFIX.length()) {
            throw new IllegalArgumentException(kind + " name '" + name + "' must start with '" + NAME_PREFIX
                    + "' and go on (e.g. bgplab-test-peering-net), so that the lab can find and remove it");
        }
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException(kind + " name '" + name + "' may only hold letters, digits, '_', '.' and '-'");
        }
        return name;
    }

    /** Runs a removal and treats "already gone" as done. */
    static void ignoringMissing(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // already gone: that is what we wanted
        }
    }
}
