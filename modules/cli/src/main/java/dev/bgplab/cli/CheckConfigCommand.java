package dev.bgplab.cli;

import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bgplab check-config --config FILE`: validates a speaker config and says what it would run. */
@Command(name = "check-config", mixinStandardHelpOptions = true, description = "Validate a speaker config file and summarise it.")
final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "speaker YAML config")
    Path config;

    @Override
    public Integer call() {
        try {
            SpeakerConfig c = SpeakerCommand.loadWithPolicy(config);
            System.out.printf("%s: AS %d, router-id %s, %d peer(s), %d network(s)%n", config, c.asn(),
                    c.routerId().getHostAddress(), c.peers().size(), c.networks().size());
            if (c.roleSettings() != null) {
                var r = c.roleSettings();
                System.out.println("role " + r.label() + (r.virtualNetwork().isEmpty() ? "" : ", virtual network " + r.virtualNetwork()));
                for (var v : r.values()) {
                    System.out.println("  " + v.name() + " = " + v.effective()
                            + (v.overridden() ? " (" + v.source().name().toLowerCase() + "; preset " + v.preset() + ")" : "")
                            + (v.unconfirmed() ? " [unconfirmed default]" : ""));
                }
                r.connections().forEach((peer, kind) -> System.out.println("  peer " + peer + ": " + kind.label()));
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
