package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * BIRD 2 from the Debian package in the foreground ({@code bird -f -c CONF -s SOCK -P PID}). Each
 * client is an {@code rs client} with {@code next hop keep}; sessions are {@code multihop} so the
 * 198.18/15 next hops resolve recursively through a private table whose default route points at
 * {@code lo} (a direct session between 127/8 addresses finds no interface for the neighbour).
 */
final class BirdDut implements Dut {
    @Override
    public String name() {
        return "bird";
    }

    @Override
    public String version() {
        return Dut.firstLine(List.of("bird", "--version"), "version");
    }

    @Override
    public String unavailable() {
        return Files.isExecutable(Path.of("/usr/sbin/bird")) ? null : "bird is missing; docker/peers.sh installs bird2";
    }

    @Override
    public Running start(Layout t, int originate) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("log stderr { warning, error, fatal };\n");
        c.append("router id ").append(t.routerId()).append(";\n");
        c.append("ipv4 table igp4;\nprotocol device {}\n");
        c.append("protocol static igp4_lo { ipv4 { table igp4; }; route 0.0.0.0/0 via \"lo\"; }\n");
        if (originate > 0) {
            c.append("protocol static originate4 {\n  ipv4;\n");
            for (int i = 0; i < originate; i++) {
                c.append("  route ").append(Dut.originated(i)).append(" blackhole;\n");
            }
            c.append("}\n");
        }
        for (Client n : t.neighbors()) {
            c.append("protocol bgp ").append(n.name()).append(" {\n");
            c.append("  local ").append(t.address()).append(" port ").append(t.port()).append(" as ").append(t.asn()).append(";\n");
            c.append("  neighbor ").append(n.address()).append(" as ").append(n.asn()).append(";\n");
            c.append("  strict bind yes;\n  multihop;\n  passive yes;\n  rs client;\n  hold time 90;\n");
            c.append("  ipv4 { import all; export all; next hop keep; igp table igp4; };\n}\n");
        }
        Path dir = t.workDir();
        Path config = Dut.write(dir, "bird.conf", c.toString());
        return Dut.launch(List.of("bird", "-f", "-c", config.toString(), "-s", dir.resolve("bird.ctl").toString(),
                "-P", dir.resolve("bird.pid").toString()), dir, DAEMON_LOCK.get());
    }
}
