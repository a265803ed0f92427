package dev.bgplab.lab.runtime;

import dev.bgplab.lab.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which local image runs a node whose topology names an image this machine cannot pull: FRR images
 * of any registry and tag run on the local FRR image (bgplab/frr:8.4), well-known host images
 * (network-multitool, alpine, ubuntu, debian, netshoot, busybox ...) on the local host image
 * (bgplab/host:latest). Both are built offline by docker/images.sh.
 *
 * <p>Rules are {@code FROM=TO}; FROM is an image ({@code quay.io/frrouting/frr:10.5.1}), a
 * repository that matches every tag ({@code frrouting/frr}) or a glob ({@code *}/{@code ?}). The
 * first matching rule wins: rules given on the command line, then the file, then
 * {@code BGPLAB_IMAGE_MAP} (comma-separated), then the built-in ones. {@code FROM=FROM} keeps an
 * image as it is. Immutable.
 */
public final class ImageMap {

    public static final String FRR_IMAGE = env("BGPLAB_FRR_IMAGE", "bgplab/frr:8.4");
    public static final String HOST_IMAGE = env("BGPLAB_HOST_IMAGE", "bgplab/host:latest");
    public static final String SPEAKER_IMAGE = env("BGPLAB_SPEAKER_IMAGE", "bgplab/speaker:dev");
    /** Environment variable with extra rules, {@code FROM=TO,FROM=TO}. */
    public static final String ENV = "BGPLAB_IMAGE_MAP";

    private static final List<String> HOST_REPOS = List.of("wbitt/network-multitool", "praqma/network-multitool",
            "hellt/network-multitool", "nicolaka/netshoot", "alpine", "ubuntu", "debian", "busybox", "centos", "fedora",
            "rockylinux", "almalinux", "networkstatic/iperf3", "library/alpine", "library/ubuntu",
            "library/debian", "library/busybox");

    /** One rule and where it came from (for the run's output). */
    public record Rule(String from, String to, String source) {
        boolean matches(String image) {
            if (from.contains("*") || from.contains("?")) {
                return glob(from).matcher(image).matches() || glob(from).matcher(repository(image)).matches();
            }
            return from.equals(image) || (!hasTag(from) && from.equals(repository(image)))
                    || (!hasTag(from) && repository(image).endsWith("/" + from) && !from.contains("."));
        }
    }

    /** What a node's image became: {@code to} equals {@code from} when no rule applied. */
    public record Mapping(String from, String to, String source) {
        public boolean mapped() {
            return !from.equals(to);
        }
    }

    private final List<Rule> rules;

    private ImageMap(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in rules and {@code BGPLAB_IMAGE_MAP}. */
    public static ImageMap defaults() {
        return of(List.of(), null);
    }

    /**
     * {@code cli} rules ({@code FROM=TO}) first, then the rules of {@code file} (one per line, {@code #}
     * comments), then {@code BGPLAB_IMAGE_MAP}, then the built-in ones.
     */
    public static ImageMap of(List<String> cli, Path file) {
        List<Rule> rules = new ArrayList<>();
        for (String r : cli) {
            rules.add(parse(r, "--image-map"));
        }
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new TopologyException(file + ": cannot read the image map: " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).replaceFirst("#.*", "").strip();
                if (!l.isEmpty()) {
                    rules.add(parse(l, file + ":" + (i + 1)));
                }
            }
        }
        String env = System.getenv(ENV);
        if (env != null) {
            for (String r : env.split("[,\\s]+")) {
                if (!r.isBlank()) {
                    rules.add(parse(r.strip(), ENV));
                }
            }
        }
        rules.add(new Rule("*/frrouting/frr", FRR_IMAGE, "built-in: FRR images run on the local FRR image"));
        rules.add(new Rule("frrouting/frr", FRR_IMAGE, "built-in: FRR images run on the local FRR image"));
        for (String h : HOST_REPOS) {
            rules.add(new Rule(h, HOST_IMAGE, "built-in: host images run on the local host image"));
        }
        return new ImageMap(rules);
    }

    static Rule parse(String rule, String source) {
        int eq = rule.indexOf('=');
        if (eq <= 0 || eq == rule.length() - 1) {
            throw new TopologyException(source + ": image map rule '" + rule + "' must be FROM=TO, e.g. "
                    + "quay.io/frrouting/frr:10.5.1=bgplab/frr:8.4 or frrouting/frr=bgplab/frr:8.4");
        }
        return new Rule(rule.substring(0, eq).strip(), rule.substring(eq + 1).strip(), source);
    }

    /** The image that runs for {@code image}. */
    public Mapping resolve(String image) {
        Optional<Rule> rule = rules.stream().filter(r -> r.matches(image)).findFirst();
        return rule.map(r -> new Mapping(image, r.to(), r.source())).orElse(new Mapping(image, image, ""));
    }

    /** Every node image to the one that runs it, in the topology's order. */
    public Map<String, Mapping> resolveAll(List<String> images) {
        Map<String, Mapping> out = new LinkedHashMap<>();
        images.forEach(i -> out.computeIfAbsent(i, this::resolve));
        return out;
    }

    /** The images.sh target that builds {@code image}, if it is one of bgplab's own (frr, speaker, host). */
    public static Optional<String> buildTarget(String image) {
        String repo = repository(image);
        if (image.equals(FRR_IMAGE) || repo.equals("bgplab/frr")) {
            return Optional.of("frr");
        }
        if (image.equals(SPEAKER_IMAGE) || repo.equals("bgplab/speaker")) {
            return Optional.of("speaker");
        }
        if (image.equals(HOST_IMAGE) || repo.equals("bgplab/host")) {
            return Optional.of("host");
        }
        return Optional.empty();
    }

    /** The image without its tag or digest: {@code quay.io/frrouting/frr:10.5.1} -> {@code quay.io/frrouting/frr}. */
    static String repository(String image) {
        String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        return colon > slash ? s.substring(0, colon) : s;
    }

    private static boolean hasTag(String image) {
        return !repository(image).equals(image);
    }

    private static Pattern glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char c : g.toCharArray()) {
            sb.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString());
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
