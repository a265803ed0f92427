package dev.bgplab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.SpeakerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `bgplab explain PREFIX`: asks a running speaker's API why each path to the prefix is or is not
 * best, and why any path never reached the Loc-RIB, and prints the answer as sentences.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Explain, in sentences, the best-path choice and every dropped path for a prefix on a running speaker.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "prefix, e.g. 10.1.0.0/16")
    String prefix;

    @Option(names = "--api", description = "management API of the speaker (default: from --config, else http://127.0.0.1:8179)")
    String api;

    @Option(names = {"-c", "--config"}, description = "the speaker's config file, to find its API address")
    Path config;

    @Option(names = "--json", description = "print the raw JSON answer")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String base = api;
        if (base == null && config != null) {
            try {
                SpeakerConfig c = SpeakerCommand.loadWithPolicy(config);
                if (c.apiPort() <= 0) {
                    System.err.println(config + ": the speaker has no fixed api port; pass --api http://HOST:PORT");
                    return 2;
                }
                base = "http://" + c.apiAddress().getHostAddress() + ":" + c.apiPort();
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        if (base == null) base = "http://127.0.0.1:8179";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> r;
        try {
            r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/explain?prefix="
                    + URLEncoder.encode(prefix, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            System.err.println("no speaker answers at " + base + " (is it running? start one with: ./bgplab speaker --config FILE)");
            return 2;
        }
        if (json) {
            System.out.println(r.body());
            return r.statusCode() == 200 ? 0 : 1;
        }
        JsonNode n = new ObjectMapper().readTree(r.body());
        if (r.statusCode() != 200) {
            System.err.println(n.path("error").asText(r.body()));
            return 1;
        }
        for (JsonNode line : n.path("sentences")) System.out.println(line.asText());
        return 0;
    }
}
