package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interop tests need the real daemons; a missing one is a failure that says how to get it,
 * never a silent skip.
 */
final class PeerBinaries {
    private PeerBinaries() {
    }

    /** Fails naming docker/peers.sh unless every binary is on PATH, /usr/sbin or /usr/bin. */
    static void require(String... binaries) {
        List<String> missing = new ArrayList<>();
        for (String b : binaries) {
            if (find(b) == null) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty()) {
            fail("interop peer binaries missing: " + missing + ". Install them with the project's script "
                    + "docker/peers.sh (Debian packages bird2, gobgpd, exabgp; `./bgplab test` runs it before Maven)");
        }
    }

    static Path find(String binary) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, binary);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
