package dev.bgplab.cli;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.SpeakerPolicy;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bgplab speaker --config FILE`: runs one speaker in the foreground until SIGINT/SIGTERM, which
 * send Cease / Administrative Shutdown to every peer before exiting.
 */
@Command(name = "speaker", mixinStandardHelpOptions = true, description = "Run one BGP speaker in the foreground from a YAML config.")
final class SpeakerCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "speaker YAML config")
    Path config;

    /** Loads a config and its policy block, so policy errors surface before anything starts. */
    static SpeakerConfig loadWithPolicy(Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigException(file + ": no such config file");
        SpeakerConfig c = ConfigLoader.load(file);
        SpeakerPolicy.of(c);
        return c;
    }

    @Override
    public Integer call() throws Exception {
        SpeakerConfig c;
        try {
            c = loadWithPolicy(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        BgpSpeaker speaker;
        try {
            speaker = BgpSpeaker.start(c);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("bgplab: stopping, sending Cease to every peer");
            speaker.close();
            stopped.countDown();
        }, "bgplab-shutdown"));
        System.err.printf("bgplab: speaker AS%d router-id %s listening on %s%s%n", c.asn(), c.routerId().getHostAddress(),
                speaker.listenAddress(), speaker.apiAddress() == null ? "" : ", API http://" + speaker.apiAddress().getHostString()
                        + ":" + speaker.apiAddress().getPort() + "/");
        stopped.await();
        return 0;
    }
}
