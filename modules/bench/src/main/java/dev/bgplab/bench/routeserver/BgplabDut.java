package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** bgplab's own speaker from the fat jar, {@code java [jvm options] -jar bgplab.jar speaker --config FILE}. */
final class BgplabDut implements Dut {
    private final Path jar;
    private final List<String> jvmOptions;
    private final String name;

    BgplabDut(String name, Path jar, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        String commit = Dut.firstLine(List.of("git", "-C", jar.toAbsolutePath().getParent().toString(), "log", "-1",
                "--format=commit %h %cd", "--date=short"), "commit");
        if (!commit.startsWith("commit ")) commit = "commit unknown: the jar is outside a git checkout";
        return "bgplab " + jar.getFileName() + " (" + commit + ") on Java " + System.getProperty("java.runtime.version");
    }

    @Override
    public String unavailable() {
        return Files.isRegularFile(jar) ? null : jar + " is missing; run ./bgplab build";
    }

    @Override
    public String notes() {
        return "JVM options: " + (jvmOptions.isEmpty() ? "(JVM defaults)" : String.join(" ", jvmOptions));
    }

    @Override
    public Running start(Layout t, int originate) throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("router-id: ").append(t.routerId()).append('\n');
        c.append("asn: ").append(t.asn()).append('\n');
        c.append("listen: {address: ").append(t.address()).append(", port: ").append(t.port()).append("}\n");
        c.append("ebgp-requires-policy: false\n");
        if (originate > 0) {
            c.append("networks:\n");
            for (int i = 0; i < originate; i++) {
                c.append("  - ").append(Dut.originated(i)).append('\n');
            }
        }
        c.append("peers:\n");
        for (Client n : t.neighbors()) {
            c.append("  - {name: ").append(n.name()).append(", address: ").append(n.address())
                    .append(", asn: ").append(n.asn()).append(", local-address: ").append(t.address())
                    .append(", passive: true, route-server-client: true, graceful-restart: false, hold-time: 90}\n");
        }
        Path config = Dut.write(t.workDir(), "bgplab.yml", c.toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "speaker", "--config", config.toString()));
        return Dut.launch(cmd, t.workDir());
    }
}
