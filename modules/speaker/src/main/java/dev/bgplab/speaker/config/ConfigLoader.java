package dev.bgplab.speaker.config;

import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.RemovePrivateAs;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import dev.bgplab.speaker.role.RolePresets;

/**
 * Reads a speaker's YAML file into a {@link SpeakerConfig}. Every mistake ends in one
 * {@link ConfigException} naming the file, line, field and what would be valid; nothing is
 * silently defaulted when it was written wrong.
 */
public final class ConfigLoader {

    private static final Set<String> TOP = Set.of("router-id", "asn", "listen", "api", "role", "networks", "peers",
            "decision", "ebgp-requires-policy", "graceful-restart-time", "policy",
            "overrides", "azure", "kernel-routes"); // role: dev.bgplab.speaker.role
    private static final Set<String> LISTEN = Set.of("address", "port");
    private static final Set<String> API = Set.of("address", "port", "tls", "token", "token-file");
    private static final Set<String> TLS = Set.of("cert", "key");
    private static final Set<String> NETWORK = Set.of("prefix", "communities", "large-communities", "med", "as-path-prepend");
    private static final Set<String> DECISION = Set.of("maximum-paths", "maximum-paths-ibgp", "multipath-relax",
            "compare-routerid", "always-compare-med", "as-path-ignore");
    private static final Set<String> PEER = Set.of("name", "address", "port", "asn", "local-address", "passive",
            "hold-time", "keepalive", "connect-retry", "families", "password", "ebgp-multihop", "ttl-security-hops",
            "route-map-in", "route-map-out", "prefix-list-in", "prefix-list-out", "next-hop-self", "remove-private-as",
            "as-override", "allowas-in", "local-as", "enforce-first-as", "route-server-client", "maximum-prefix",
            "default-originate", "send-community", "add-path", "graceful-restart", "extended-messages", "route-refresh",
            "shutdown", "max-routes", "max-attribute-bytes", "output-queue-limit", "open-hold-time", "azure");

    private ConfigLoader() {}

    public static SpeakerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static SpeakerConfig parse(String source, String yaml) {
        ConfigNode root = ConfigNode.parse(source, yaml);
        if (!root.isMap()) throw root.error("must be a mapping with router-id, asn, peers, ...");
        root.allowOnly(TOP);

        Inet4Address routerId = root.require("router-id").as(ConfigLoader::ipv4);
        // A role supplies the ASN when the file has none (dev.bgplab.speaker.role).
        long asn = root.get("asn") == null && root.get("role") != null ? RolePresets.presetAsn(root)
                : root.require("asn").asLong(1, 4294967295L);

        InetAddress listenAddress = null;
        int listenPort = 179;
        ConfigNode listen = root.get("listen");
        if (listen != null && !listen.isNull()) {
            listen.allowOnly(LISTEN);
            if (listen.get("address") != null) listenAddress = listen.get("address").as(ConfigLoader::address);
            if (listen.get("port") != null) listenPort = listen.get("port").asInt(0, 65535);
        }

        InetAddress apiAddress = address("127.0.0.1");
        int apiPort = -1;
        ApiSecurity apiSecurity = ApiSecurity.NONE;
        ConfigNode api = root.get("api");
        if (api != null && !api.isNull()) {
            api.allowOnly(API);
            if (api.get("address") != null) apiAddress = api.get("address").as(ConfigLoader::address);
            apiPort = api.get("port") != null ? api.get("port").asInt(0, 65535) : 0;
            apiSecurity = apiSecurity(api, source, apiAddress);
        }

        String role = root.get("role") == null ? null : root.get("role").asText();

        List<NetworkConfig> networks = new ArrayList<>();
        ConfigNode nets = root.get("networks");
        if (nets != null && !nets.isNull()) {
            Set<Prefix> seen = new HashSet<>();
            for (ConfigNode n : nets.asList()) {
                NetworkConfig nc = network(n);
                if (!seen.add(nc.prefix())) throw n.error("repeats network " + nc.prefix());
                networks.add(nc);
            }
        }

        SpeakerConfig.DecisionSettings decision = SpeakerConfig.DecisionSettings.DEFAULT;
        ConfigNode d = root.get("decision");
        if (d != null && !d.isNull()) {
            d.allowOnly(DECISION);
            decision = new SpeakerConfig.DecisionSettings(
                    d.get("maximum-paths") == null ? 64 : d.get("maximum-paths").asInt(1, 256),
                    d.get("maximum-paths-ibgp") == null ? 64 : d.get("maximum-paths-ibgp").asInt(1, 256),
                    flag(d, "multipath-relax", false),
                    flag(d, "compare-routerid", false),
                    flag(d, "always-compare-med", false),
                    flag(d, "as-path-ignore", false));
        }

        List<PeerConfig> peers = new ArrayList<>();
        ConfigNode ps = root.get("peers");
        if (ps != null && !ps.isNull()) {
            Set<String> names = new HashSet<>();
            Set<InetAddress> addrs = new HashSet<>();
            for (ConfigNode p : ps.asList()) {
                PeerConfig pc = peer(p, asn);
                if (!names.add(pc.name())) throw p.error("repeats peer name '" + pc.name() + "'; names must be unique");
                if (!addrs.add(pc.address())) throw p.error("repeats peer address " + pc.address().getHostAddress());
                peers.add(pc);
            }
        }

        String policy = "";
        int policyLine = 0;
        ConfigNode pol = root.get("policy");
        if (pol != null && !pol.isNull()) {
            policy = pol.asText();
            policyLine = pol.line();
        }

        SpeakerConfig loaded = new SpeakerConfig(source, routerId, asn, listenAddress, listenPort, apiAddress, apiPort, role, networks,
                peers, decision, flag(root, "ebgp-requires-policy", true),
                root.get("graceful-restart-time") == null ? 120 : root.get("graceful-restart-time").asInt(0, 4095),
                policy, policyLine, null, flag(root, "kernel-routes", false), apiSecurity);
        return RolePresets.apply(loaded, root); // the role's presets, refusals and generated policy
    }

    /** {@code api.tls} and {@code api.token}/{@code api.token-file}; both required off loopback. */
    private static ApiSecurity apiSecurity(ConfigNode api, String source, InetAddress address) {
        Path base = Path.of(source).toAbsolutePath().getParent();
        Path cert = null, key = null;
        ConfigNode tls = api.get("tls");
        if (tls != null && !tls.isNull()) {
            tls.allowOnly(TLS);
            cert = file(tls.require("cert"), base);
            key = file(tls.require("key"), base);
        }
        String token = null;
        if (api.get("token") != null && api.get("token-file") != null)
            throw api.get("token-file").error("cannot be combined with api.token; give one of them");
        if (api.get("token") != null) token = nonEmpty(api.get("token"));
        if (api.get("token-file") != null) {
            ConfigNode tf = api.get("token-file");
            try {
                token = Files.readString(file(tf, base)).trim();
            } catch (IOException e) {
                throw tf.error("cannot be read: " + e.getMessage());
            }
            if (token.isEmpty()) throw tf.error("names an empty file; put the bearer token in it");
        }
        if (token != null && token.length() < 16)
            throw (api.get("token") != null ? api.get("token") : api.get("token-file")).error("is " + token.length()
                    + " characters; valid: at least 16 (e.g. `openssl rand -hex 24`)");
        if (!address.isLoopbackAddress() && (cert == null || token == null))
            throw api.get("address").error("is " + address.getHostAddress() + ", not loopback: the management API binds beyond"
                    + " loopback only with api.tls {cert, key} and api.token (or api.token-file)");
        return new ApiSecurity(cert, key, token);
    }

    private static Path file(ConfigNode n, Path base) {
        Path p = Path.of(nonEmpty(n));
        if (!p.isAbsolute() && base != null) p = base.resolve(p);
        if (!Files.isReadable(p)) throw n.error("names " + p + ", which cannot be read");
        return p;
    }

    private static NetworkConfig network(ConfigNode n) {
        if (n.isScalar()) return NetworkConfig.of(n.as(Prefix::parse));
        n.allowOnly(NETWORK);
        Prefix p = n.require("prefix").as(Prefix::parse);
        List<Community> comms = new ArrayList<>();
        if (n.get("communities") != null) for (ConfigNode c : n.get("communities").asList()) comms.add(c.as(Community::parse));
        List<LargeCommunity> large = new ArrayList<>();
        if (n.get("large-communities") != null) for (ConfigNode c : n.get("large-communities").asList()) large.add(c.as(LargeCommunity::parse));
        Long med = n.get("med") == null ? null : n.get("med").asLong(0, 4294967295L);
        String prepend = null;
        if (n.get("as-path-prepend") != null) {
            prepend = n.get("as-path-prepend").asText();
            n.get("as-path-prepend").as(AsPath::parse);
        }
        return new NetworkConfig(p, comms, large, med, prepend);
    }

    private static PeerConfig peer(ConfigNode p, long ourAsn) {
        p.allowOnly(PEER);
        InetAddress address = p.require("address").as(ConfigLoader::address);
        String name = p.get("name") == null ? address.getHostAddress() : p.get("name").asText();
        long asn = p.require("asn").asLong(1, 4294967295L);
        int hold = p.get("hold-time") == null ? 90 : p.get("hold-time").asInt(0, 65535);
        if (hold == 1 || hold == 2) throw p.get("hold-time").error("is " + hold + "; valid: 0 (no keepalives) or 3..65535 (RFC 4271 4.2)");
        int keepalive = p.get("keepalive") == null ? hold / 3 : p.get("keepalive").asInt(0, 21845);
        if (hold > 0 && keepalive > hold) throw p.get("keepalive").error("is " + keepalive + ", longer than hold-time " + hold + "; valid: 0.." + hold);

        Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
        if (p.get("families") == null) {
            families.add(AddressFamily.IPV4_UNICAST);
            families.add(AddressFamily.IPV6_UNICAST);
        } else {
            for (ConfigNode f : p.get("families").asList()) families.add(f.as(AddressFamily::fromLabel));
            if (families.isEmpty()) throw p.get("families").error("is empty; valid: ipv4-unicast, ipv6-unicast");
        }

        // The peer's policy options; the keys are read in the order they always were, so a file with
        // several mistakes still reports the same one first.
        NeighborPolicy.Builder policy = NeighborPolicy.builder();

        ConfigNode la = p.get("local-as");
        if (la != null) {
            if (la.isScalar()) {
                String[] w = la.asText().trim().split("\\s+");
                long v = parseAsn(la, w[0]);
                boolean noPrepend = false, replaceAs = false;
                for (int i = 1; i < w.length; i++) {
                    switch (w[i]) {
                        case "no-prepend" -> noPrepend = true;
                        case "replace-as" -> replaceAs = true;
                        default -> throw la.error("has '" + w[i] + "'; valid: ASN [no-prepend [replace-as]]");
                    }
                }
                if (replaceAs && !noPrepend) throw la.error("has replace-as without no-prepend; FRR requires 'no-prepend replace-as'");
                policy.localAs(v, noPrepend, replaceAs);
            } else {
                throw la.error("must be 'ASN [no-prepend [replace-as]]'");
            }
        }

        ConfigNode ai = p.get("allowas-in");
        if (ai != null) {
            String t = ai.asText().trim();
            if (t.equals("origin")) policy.allowasInOrigin();
            else if (t.equals("true")) policy.allowasIn(3); // FRR's default count for bare allowas-in
            else policy.allowasIn(ai.asInt(1, 10));
        }

        ConfigNode mp = p.get("maximum-prefix");
        if (mp != null) {
            String[] w = mp.asText().trim().split("\\s+");
            long limit;
            try {
                limit = Long.parseLong(w[0]);
                if (limit < 1 || limit > 4294967295L) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw mp.error("is '" + mp.asText() + "'; valid: N [restart MINUTES | warning-only], N 1..4294967295");
            }
            int restart = 0;
            boolean warn = false;
            if (w.length == 2 && w[1].equals("warning-only")) warn = true;
            else if (w.length == 3 && w[1].equals("restart")) {
                try {
                    restart = Integer.parseInt(w[2]);
                    if (restart < 1 || restart > 65535) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw mp.error("has restart '" + w[2] + "'; valid: 1..65535 minutes");
                }
            } else if (w.length != 1) {
                throw mp.error("is '" + mp.asText() + "'; valid: N [restart MINUTES | warning-only]");
            }
            // FRR's default threshold: a warning at 75 %.
            policy.maximumPrefix(new MaximumPrefix(limit, 75, restart > 0 ? restart : null, warn));
        }

        int multihop = p.get("ebgp-multihop") == null ? 0 : p.get("ebgp-multihop").asInt(1, 255);
        int ttlSec = p.get("ttl-security-hops") == null ? 0 : p.get("ttl-security-hops").asInt(1, 254);
        if (multihop > 0 && ttlSec > 0) throw p.get("ttl-security-hops").error("cannot be combined with ebgp-multihop (FRR rejects it too)");

        int port = p.get("port") == null ? 179 : p.get("port").asInt(1, 65535);
        InetAddress localAddress = p.get("local-address") == null ? null : p.get("local-address").as(ConfigLoader::address);
        boolean passive = flag(p, "passive", false);
        int connectRetry = p.get("connect-retry") == null ? 10 : p.get("connect-retry").asInt(1, 65535);
        String password = p.get("password") == null ? null : nonEmpty(p.get("password"));
        policy.routeMapIn(text(p, "route-map-in")).routeMapOut(text(p, "route-map-out"))
                .prefixListIn(text(p, "prefix-list-in")).prefixListOut(text(p, "prefix-list-out"))
                .nextHopSelf(flag(p, "next-hop-self", false))
                .removePrivateAs(p.get("remove-private-as") == null ? RemovePrivateAs.NONE : removePrivateAs(p.get("remove-private-as")))
                .asOverride(flag(p, "as-override", false))
                .enforceFirstAs(flag(p, "enforce-first-as", true))
                .routeServerClient(flag(p, "route-server-client", false))
                .defaultOriginate(flag(p, "default-originate", false));
        switch (p.get("send-community") == null ? SendCommunity.ALL : enumOf(p.get("send-community"), SendCommunity.class, null)) {
            case ALL -> policy.sendCommunity(true, true, true);
            case STANDARD -> policy.sendCommunity(true, false, false);
            case EXTENDED -> policy.sendCommunity(false, true, false);
            case LARGE -> policy.sendCommunity(false, false, true);
            case NONE -> policy.sendCommunity(false, false, false);
        }

        return new PeerConfig(name, address, port, asn, localAddress, passive, hold, keepalive, connectRetry, families,
                password, multihop, ttlSec,
                policy.build(),
                p.get("add-path") == null ? PeerConfig.AddPathMode.OFF
                        : enumOf(p.get("add-path"), PeerConfig.AddPathMode.class, null),
                gracefulRestart(p) != PeerConfig.GracefulRestartMode.OFF,
                gracefulRestart(p) == PeerConfig.GracefulRestartMode.RESTART,
                flag(p, "extended-messages", true),
                flag(p, "route-refresh", true),
                flag(p, "shutdown", false),
                new PeerConfig.Limits(
                        p.get("max-routes") == null ? 0 : p.get("max-routes").asLong(0, Long.MAX_VALUE),
                        p.get("max-attribute-bytes") == null ? 0 : p.get("max-attribute-bytes").asLong(0, Long.MAX_VALUE),
                        p.get("output-queue-limit") == null ? PeerConfig.Limits.DEFAULT.outputQueueLimit()
                                : p.get("output-queue-limit").asLong(4096, Integer.MAX_VALUE),
                        p.get("open-hold-time") == null ? PeerConfig.Limits.DEFAULT.openHoldTime()
                                : p.get("open-hold-time").asInt(3, 65535)),
                p.line());
    }

    /** The words {@code send-community:} takes (FRR's `neighbor X send-community` kinds); all is the default. */
    private enum SendCommunity { ALL, STANDARD, EXTENDED, LARGE, NONE }

    /** {@code remove-private-as: on|all|replace-as|all-replace-as} (true = on, false = off). */
    private static RemovePrivateAs removePrivateAs(ConfigNode n) {
        return switch (n.asText().trim().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> RemovePrivateAs.PLAIN;
            case "all" -> RemovePrivateAs.ALL;
            case "replace-as" -> RemovePrivateAs.REPLACE_AS;
            case "all-replace-as" -> RemovePrivateAs.ALL_REPLACE_AS;
            case "off", "false" -> RemovePrivateAs.NONE;
            default -> throw n.error("is '" + n.asText() + "'; valid: off, on, all, replace-as, all-replace-as");
        };
    }

    private static <E extends Enum<E>> E enumOf(ConfigNode n, Class<E> type, String trueMeansFirstNonOff) {
        String t = n.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (trueMeansFirstNonOff != null && t.equals("TRUE")) t = "ON";
        if (t.equals("FALSE")) t = "OFF";
        for (E e : type.getEnumConstants()) if (e.name().equals(t)) return e;
        List<String> valid = new ArrayList<>();
        for (E e : type.getEnumConstants()) valid.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        throw n.error("is '" + n.asText() + "'; valid: " + String.join(", ", valid));
    }

    private static PeerConfig.GracefulRestartMode gracefulRestart(ConfigNode p) {
        ConfigNode n = p.get("graceful-restart");
        if (n == null || n.isNull()) return PeerConfig.GracefulRestartMode.HELPER;
        return switch (n.asText().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "helper", "on", "yes" -> PeerConfig.GracefulRestartMode.HELPER;
            case "restart" -> PeerConfig.GracefulRestartMode.RESTART;
            case "false", "off", "no" -> PeerConfig.GracefulRestartMode.OFF;
            default -> throw n.error("is '" + n.asText() + "'; valid: helper (the default: keep a restarting peer's routes),"
                    + " restart (also ask peers to keep ours), false");
        };
    }

    private static boolean flag(ConfigNode parent, String key, boolean dflt) {
        ConfigNode n = parent.get(key);
        return n == null || n.isNull() ? dflt : n.asBoolean();
    }

    private static String text(ConfigNode parent, String key) {
        ConfigNode n = parent.get(key);
        return n == null || n.isNull() ? null : nonEmpty(n);
    }

    private static String nonEmpty(ConfigNode n) {
        String s = n.asText();
        if (s.isBlank()) throw n.error("is empty");
        return s;
    }

    private static long parseAsn(ConfigNode n, String tok) {
        try {
            return AsPath.parseAsn(tok, n.asText());
        } catch (IllegalArgumentException e) {
            throw n.error(": " + e.getMessage());
        }
    }

    static InetAddress address(String s) {
        String t = s.trim();
        if (!t.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("'" + s + "' is not an IP address");
        try {
            return InetAddress.getByName(t);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    static Inet4Address ipv4(String s) {
        InetAddress a = address(s);
        if (!(a instanceof Inet4Address v4)) throw new IllegalArgumentException("'" + s + "' is not an IPv4 address (a router-id is 32 bits, e.g. 10.0.0.1)");
        if (s.trim().equals("0.0.0.0")) throw new IllegalArgumentException("0.0.0.0 is not a valid router-id (RFC 4271 6.2)");
        return v4;
    }
}
