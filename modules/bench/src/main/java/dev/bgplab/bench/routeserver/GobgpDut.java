package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GoBGP's gobgpd from the Debian package with a TOML config: every neighbour passive and a
 * {@code route-server-client}. Its gRPC API listens on 127.0.0.1 at the BGP port + 1.
 * The footprint run originates nothing (gobgpd takes routes from its CLI/API, not its config).
 */
final class GobgpDut implements Dut {
    @Override
    public String name() {
        return "gobgp";
    }

    @Override
    public String version() {
        return Dut.firstLine(List.of("gobgpd", "--version"), "version");
    }

    @Override
    public String unavailable() {
        return Files.isExecutable(Path.of("/usr/bin/gobgpd")) ? null : "gobgpd is missing; docker/peers.sh installs gobgpd";
    }

    @Override
    public Running start(Layout t, int originate) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("[global.config]\n  as = ").append(t.asn()).append("\n  router-id = \"").append(t.routerId())
                .append("\"\n  port = ").append(t.port()).append("\n  local-address-list = [\"").append(t.address()).append("\"]\n");
        for (Client n : t.neighbors()) {
            c.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"").append(n.address())
                    .append("\"\n    peer-as = ").append(n.asn()).append('\n');
            c.append("  [neighbors.timers.config]\n    hold-time = 90\n    keepalive-interval = 30\n");
            c.append("  [neighbors.transport.config]\n    passive-mode = true\n    local-address = \"").append(t.address()).append("\"\n");
            c.append("  [neighbors.route-server.config]\n    route-server-client = true\n");
            c.append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"ipv4-unicast\"\n");
        }
        Path dir = t.workDir();
        Path config = Dut.write(dir, "gobgpd.toml", c.toString());
        return Dut.launch(List.of("gobgpd", "-f", config.toString(), "-t", "toml", "--api-hosts",
                "127.0.0.1:" + (t.port() + 1), "--pprof-disable", "-l", "warn"), dir, DAEMON_LOCK.get());
    }
}
