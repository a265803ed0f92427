package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The RIB-less {@link Relay} in its own JVM: the bench's ceiling, not a route server. */
final class RelayDut implements Dut {
    private final Path benchJar;
    private final List<String> feeders;

    RelayDut(Path benchJar, List<String> feeders) {
        this.benchJar = benchJar;
        this.feeders = feeders;
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public String version() {
        return "bench relay (forwards bytes, no RIB) on Java " + System.getProperty("java.runtime.version");
    }

    @Override
    public String unavailable() {
        return null;
    }

    @Override
    public Running start(Layout t, int originate) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Dut.launch(List.of(java, "-cp", benchJar.toString(), "dev.bgplab.bench.BenchMain", "relay",
                "--address", t.address(), "--port", Integer.toString(t.port()), "--asn", Long.toString(t.asn()),
                "--feeders", String.join(",", feeders)), t.workDir());
    }
}
