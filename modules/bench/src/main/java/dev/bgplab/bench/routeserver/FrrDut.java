package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * FRR's bgpd from the Debian package, alone: {@code bgpd -Z} (no zebra, nothing installed in the
 * kernel), listening on the route server's address only, as root ({@code -S}), config and vty
 * socket in the run's directory.
 */
final class FrrDut implements Dut {
    static final Path BGPD = Path.of("/usr/lib/frr/bgpd");

    @Override
    public String name() {
        return "frr";
    }

    @Override
    public String version() {
        return Dut.firstLine(List.of(BGPD.toString(), "--version"), "version");
    }

    @Override
    public String unavailable() {
        return Files.isExecutable(BGPD) ? null : BGPD + " is missing; docker/peers.sh installs the Debian package frr";
    }

    @Override
    public Running start(Layout t, int originate) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("frr defaults traditional\nhostname bench-rs\nno log unique-id\n!\n");
        c.append("router bgp ").append(t.asn()).append('\n');
        c.append(" bgp router-id ").append(t.routerId()).append('\n');
        c.append(" no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        c.append(" no bgp graceful-restart notification\n");
        for (Client n : t.neighbors()) {
            c.append(" neighbor ").append(n.address()).append(" remote-as ").append(n.asn()).append('\n');
            c.append(" neighbor ").append(n.address()).append(" passive\n");
            c.append(" neighbor ").append(n.address()).append(" disable-connected-check\n");
            c.append(" neighbor ").append(n.address()).append(" advertisement-interval 0\n");
            c.append(" neighbor ").append(n.address()).append(" timers 30 90\n");
        }
        c.append(" address-family ipv4 unicast\n");
        for (int i = 0; i < originate; i++) {
            c.append("  network ").append(Dut.originated(i)).append('\n');
        }
        for (Client n : t.neighbors()) {
            c.append("  neighbor ").append(n.address()).append(" activate\n");
            c.append("  neighbor ").append(n.address()).append(" route-server-client\n");
        }
        c.append(" exit-address-family\n!\n");
        Path dir = t.workDir();
        Path config = Dut.write(dir, "bgpd.conf", c.toString());
        return Dut.launch(List.of(BGPD.toString(), "-Z", "-S", "-f", config.toString(),
                "-i", dir.resolve("bgpd.pid").toString(), "--vty_socket", dir.toString(), "-P", "0",
                "-p", Integer.toString(t.port()), "-l", t.address(), "--log", "stdout", "--log-level", "warnings"), dir, DAEMON_LOCK.get());
    }
}
