package dev.bgplab.lab.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * ExaBGP 4.2 as a BGP peer on loopback with one neighbour, static routes in its config and an
 * API process for runtime commands, including routes with raw path attributes.
 *
 * <p>The API process is {@code api.sh} in the work dir: it {@code tail -F}s
 * {@code commands.txt} to ExaBGP (so {@link #send} just appends a line) and copies what ExaBGP
 * writes to it (JSON: neighbour state changes and parsed received UPDATEs) to
 * {@code events.jsonl}. Both are children of ExaBGP and stopped with it.
 *
 * <p>What ExaBGP 4.2 can send raw: a route ({@code announce route}, in the config or through
 * the API) may carry any number of {@code attribute [ 0xCODE 0xFLAGS 0xVALUE ]} generic
 * attributes with any type code, any flags octet and any value bytes; ExaBGP computes the length
 * (a one-octet length unless the value exceeds 255 bytes or 0x10 is in the flags). A generic
 * attribute whose code is that of ORIGIN, AS_PATH, MED, LOCAL_PREF, COMMUNITIES... replaces the
 * one ExaBGP would build, so well-known attributes can be sent with wrong flags or malformed
 * values (checked on the wire: {@code [ 0x01 0x40 0x05 ]} goes out as ORIGIN 5,
 * {@code [ 0x04 0x80 0x000001 ]} as a 3-byte MED, {@code [ 0x02 0x40 0x0201 ]} as a truncated
 * AS_PATH). When the route also has the keyword for that attribute ({@code origin egp}), the
 * keyword wins and the generic one is dropped silently. It cannot send a length that disagrees with the value, two attributes with one code,
 * a broken NEXT_HOP (it comes from {@code next-hop}), malformed NLRI or a raw UPDATE: 4.2 has no
 * "update hex" command.
 *
 * <p>Config quirks: {@code listen PORT} in the neighbour makes ExaBGP listen on its
 * local-address and that port; {@code connect PORT} is the peer's port (else the
 * {@code exabgp.tcp.port} env, 179). Extended messages (RFC 8654) are advertised unless
 * disabled; ADD-PATH is {@code capability { add-path send|receive|send/receive; }},
 * graceful restart {@code capability { graceful-restart SECONDS; }}. The API's
 * {@code negotiated;} event must stay off: 4.2.21 crashes encoding it when ADD-PATH was
 * negotiated and drops the session in a loop. As root it must be told
 * {@code exabgp.daemon.user} and {@code exabgp.daemon.drop=false}; {@code exabgp.api.cli=false}
 * keeps it off the shared named pipes in /run/exabgp.
 */
public final class ExaBgpPeer extends ExternalDaemon {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Builder spec;
    private final Path commands;
    private final Path events;

    private ExaBgpPeer(Builder spec) {
        super("exabgp");
        this.spec = spec;
        this.commands = workDir().resolve("commands.txt");
        this.events = workDir().resolve("events.jsonl");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        String routerId;
        String localAddress;
        long localAs;
        int listenPort;
        String peerAddress;
        int peerPort = 179;
        long peerAs;
        boolean passive;
        int holdTime = 90;
        boolean ipv4 = true;
        boolean ipv6 = true;
        String addPath;
        int gracefulRestart = -1;
        Boolean extendedMessage;
        Boolean asn4;
        Boolean routeRefresh;
        boolean logPackets;
        final List<RouteSpec> routes = new ArrayList<>();

        public Builder routerId(String value) {
            this.routerId = value;
            return this;
        }

        /** {@code local-address}: the source address, and the listening address with {@link #listenPort}. */
        public Builder localAddress(String value) {
            this.localAddress = Loopback.requireLoopback(value);
            return this;
        }

        public Builder localAs(long value) {
            this.localAs = value;
            return this;
        }

        /** {@code listen PORT}: accept the peer's connection on local-address:PORT (0: do not listen). */
        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        /** The one neighbour: its address, the port to {@code connect} to, and its ASN. */
        public Builder peer(String address, int port, long asn) {
            this.peerAddress = Loopback.requireLoopback(address);
            this.peerPort = port;
            this.peerAs = asn;
            return this;
        }

        public Builder passive(boolean value) {
            this.passive = value;
            return this;
        }

        public Builder holdTime(int seconds) {
            this.holdTime = seconds;
            return this;
        }

        public Builder families(boolean withIpv4, boolean withIpv6) {
            this.ipv4 = withIpv4;
            this.ipv6 = withIpv6;
            return this;
        }

        /** {@code capability { add-path MODE; }}: "send", "receive", "send/receive" or "disable". */
        public Builder addPath(String mode) {
            if (!List.of("send", "receive", "send/receive", "disable").contains(mode)) {
                throw new IllegalArgumentException("ExaBGP add-path is send, receive, send/receive or disable, got '"
                        + mode + "'");
            }
            this.addPath = mode;
            return this;
        }

        /** {@code capability { graceful-restart SECONDS; }}. */
        public Builder gracefulRestart(int restartTimeSeconds) {
            this.gracefulRestart = restartTimeSeconds;
            return this;
        }

        /** {@code capability { extended-message enable|disable; }}; ExaBGP enables it by default. */
        public Builder extendedMessage(boolean value) {
            this.extendedMessage = value;
            return this;
        }

        /**
         * {@code capability { asn4 enable|disable; }}: disabled, ExaBGP is an RFC 6793 OLD speaker
         * (no 4-octet AS capability, 2-octet AS_PATH, a 4-octet neighbour configured as AS_TRANS 23456).
         */
        public Builder asn4(boolean value) {
            this.asn4 = value;
            return this;
        }

        /** {@code capability { route-refresh enable|disable; }} (RFC 2918 and RFC 7313; off by default in ExaBGP). */
        public Builder routeRefresh(boolean value) {
            this.routeRefresh = value;
            return this;
        }

        /** {@code exabgp.log.packets}: log every message sent and received in hex (see {@link #logs()}). */
        public Builder logPackets(boolean value) {
            this.logPackets = value;
            return this;
        }

        /** A route in the config's {@code static} block, sent as soon as the session is up. */
        public Builder originate(RouteSpec route) {
            routes.add(route);
            return this;
        }

        public ExaBgpPeer start() {
            if (routerId == null || localAddress == null || localAs == 0 || peerAddress == null || peerAs == 0) {
                throw new IllegalStateException("ExaBgpPeer needs routerId, localAddress, localAs and peer(...)");
            }
            if (passive && listenPort == 0) {
                throw new IllegalStateException("a passive ExaBgpPeer needs listenPort");
            }
            ExaBgpPeer peer = new ExaBgpPeer(this);
            try {
                peer.startProcess();
            } catch (RuntimeException e) {
                peer.close();
                throw e;
            }
            return peer;
        }
    }

    private void startProcess() {
        writeFile("commands.txt", "");
        writeFile("events.jsonl", "");
        Path api = writeFile("api.sh", """
                #!/bin/sh
                # bgplab ExaBgpPeer API process. ExaBGP reads commands from our stdout and writes
                # JSON events to our stdin. Without job control a background job's stdin would be
                # /dev/null, so keep the pipe on fd 3 for cat.
                exec 3<&0
                cat <&3 >> "$1/events.jsonl" &
                exec tail -n +1 -F "$1/commands.txt"
                """);
        Path config = writeFile("exabgp.conf", config(api));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("exabgp.daemon.user", System.getProperty("user.name"));
        env.put("exabgp.daemon.drop", "false");
        env.put("exabgp.daemon.daemonize", "false");
        env.put("exabgp.daemon.pid", workDir().resolve("exabgp.pid").toString());
        env.put("exabgp.log.destination", "stdout");
        // packets are logged at DEBUG only
        env.put("exabgp.log.level", spec.logPackets ? "DEBUG" : "INFO");
        // stdout goes to a file: without this Python buffers the log and logs() lags behind
        env.put("PYTHONUNBUFFERED", "1");
        env.put("exabgp.log.packets", Boolean.toString(spec.logPackets));
        env.put("exabgp.api.cli", "false");
        env.put("exabgp.api.ack", "false");
        env.put("exabgp.tcp.bind", "");
        env.put("exabgp.tcp.port", Integer.toString(spec.peerPort));
        launch(List.of("exabgp", config.toString()), env);
        // No control socket to ask: ready once the API process is running under ExaBGP.
        await(Duration.ofSeconds(15), "API process started",
                () -> ProcessHandle.of(pid()).map(p -> p.descendants().findAny().isPresent()).orElse(false));
    }

    String config(Path api) {
        StringBuilder c = new StringBuilder("# generated by bgplab ExaBgpPeer\n");
        c.append("process bgplab_api {\n  run /bin/sh ").append(api).append(' ').append(workDir()).append(";\n");
        c.append("  encoder json;\n}\n");
        c.append("neighbor ").append(spec.peerAddress).append(" {\n");
        c.append("  router-id ").append(spec.routerId).append(";\n");
        c.append("  local-address ").append(spec.localAddress).append(";\n");
        c.append("  local-as ").append(spec.localAs).append(";\n");
        c.append("  peer-as ").append(spec.peerAs).append(";\n");
        c.append("  hold-time ").append(spec.holdTime).append(";\n");
        c.append("  passive ").append(spec.passive).append(";\n");
        c.append("  connect ").append(spec.peerPort).append(";\n");
        if (spec.listenPort > 0) {
            c.append("  listen ").append(spec.listenPort).append(";\n");
        }
        c.append("  capability {\n");
        if (spec.addPath != null) {
            c.append("    add-path ").append(spec.addPath).append(";\n");
        }
        if (spec.gracefulRestart >= 0) {
            c.append("    graceful-restart ").append(spec.gracefulRestart).append(";\n");
        }
        if (spec.extendedMessage != null) {
            c.append("    extended-message ").append(spec.extendedMessage ? "enable" : "disable").append(";\n");
        }
        if (spec.routeRefresh != null) {
            c.append("    route-refresh ").append(spec.routeRefresh ? "enable" : "disable").append(";\n");
        }
        if (spec.asn4 != null) {
            c.append("    asn4 ").append(spec.asn4 ? "enable" : "disable").append(";\n");
        }
        c.append("  }\n");
        c.append("  family {\n");
        if (spec.ipv4) {
            c.append("    ipv4 unicast;\n");
        }
        if (spec.ipv6) {
            c.append("    ipv6 unicast;\n");
        }
        c.append("  }\n");
        if (!spec.routes.isEmpty()) {
            c.append("  static {\n");
            spec.routes.forEach(r -> c.append("    ").append(routeText(r)).append(";\n"));
            c.append("  }\n");
        }
        // No "negotiated;": ExaBGP 4.2.21 crashes encoding it once ADD-PATH is negotiated
        // (TypeError in the JSON encoder) and resets the session over and over.
        c.append("  api {\n    processes [ bgplab_api ];\n    neighbor-changes;\n");
        c.append("    receive { parsed; update; }\n  }\n}\n");
        return c.toString();
    }

    /** ExaBGP's route syntax, shared by the static block and {@code announce route}. */
    String routeText(RouteSpec r) {
        StringBuilder t = new StringBuilder("route ").append(r.prefix()).append(" next-hop ");
        t.append(r.nextHop() != null ? r.nextHop()
                : r.ipv6() ? Loopback.ipv6NextHopFor(spec.localAddress) : Loopback.ipv4NextHopFor(spec.localAddress));
        if (r.origin() != null) {
            t.append(" origin ").append(r.origin());
        }
        if (!r.asPath().isEmpty()) {
            // ExaBGP sends the as-path as given: put its own ASN first on eBGP, as BIRD and GoBGP do.
            t.append(" as-path [");
            if (spec.localAs != spec.peerAs) {
                t.append(' ').append(spec.localAs);
            }
            r.asPath().forEach(asn -> t.append(' ').append(asn));
            t.append(" ]");
        }
        if (r.med() != null) {
            t.append(" med ").append(r.med());
        }
        if (!r.communities().isEmpty()) {
            t.append(" community [ ").append(String.join(" ", r.communities())).append(" ]");
        }
        if (!r.largeCommunities().isEmpty()) {
            t.append(" large-community [ ").append(String.join(" ", r.largeCommunities())).append(" ]");
        }
        if (!r.extCommunities().isEmpty()) {
            t.append(" extended-community [");
            for (String ext : r.extCommunities()) {
                t.append(' ').append(ext.replaceFirst("^rt:", "target:").replaceFirst("^ro:", "origin:"));
            }
            t.append(" ]");
        }
        for (RawAttribute a : r.rawAttributes()) {
            t.append(String.format(" attribute [ 0x%02x 0x%02x 0x%s ]", a.code(), a.flags(), a.valueHex()));
        }
        return t.toString();
    }

    /** Appends one API command line, such as {@code announce route ...} or {@code announce eor}. */
    public synchronized void send(String command) {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one ExaBGP API command per call: " + command);
        }
        try {
            Files.writeString(commands, command + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + commands, e);
        }
    }

    /** {@code announce route ...}, raw attributes included. */
    public void announce(RouteSpec route) {
        send("announce " + routeText(route));
    }

    /** {@code withdraw route PREFIX next-hop ...}. */
    public void withdraw(RouteSpec route) {
        send("withdraw " + routeText(RouteSpec.of(route.prefix()).nextHop(route.nextHop())));
    }

    /** Every JSON message ExaBGP gave the API process so far. */
    public List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                if (line.startsWith("{")) {
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException partialLine) {
                        // the last line may be half written; it is read again next time
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + events, e);
        }
        return out;
    }

    /** The last neighbour state ExaBGP reported: "connected", "up", "down", or "" before any. */
    public String state() {
        String state = "";
        for (JsonNode e : events()) {
            if (e.path("type").asText().equals("state")) {
                state = e.path("neighbor").path("state").asText("");
            }
        }
        return state;
    }

    /** Parsed UPDATE messages ExaBGP received ({@code neighbor.message.update} of each event). */
    public List<JsonNode> receivedUpdates() {
        return events().stream().filter(e -> e.path("type").asText().equals("update"))
                .map(e -> e.path("neighbor").path("message").path("update")).toList();
    }

    /**
     * Prefixes the peer announced and did not withdraw since, in arrival order, from the
     * {@code announce} and {@code withdraw} sections of the received UPDATEs.
     */
    public List<String> receivedPrefixes() {
        LinkedHashSet<String> prefixes = new LinkedHashSet<>();
        for (JsonNode update : receivedUpdates()) {
            // "announce": {"ipv4 unicast": {"NEXT-HOP": [{"nlri": "10.1.0.0/24"}]}}
            update.path("announce").forEach(family -> family.forEach(nextHop -> nextHop.forEach(
                    nlri -> prefixes.add(nlri.path("nlri").asText(nlri.asText())))));
            // "withdraw": {"ipv4 unicast": [{"nlri": "10.1.0.0/24"}]}
            update.path("withdraw").forEach(family -> family.forEach(
                    nlri -> prefixes.remove(nlri.path("nlri").asText(nlri.asText()))));
        }
        return List.copyOf(prefixes);
    }

    public void awaitEstablished(Duration timeout) {
        await(timeout, "session up (neighbor-changes)", () -> state().equals("up"));
    }

    public String localAddress() {
        return spec.localAddress;
    }

    public int listenPort() {
        return spec.listenPort;
    }
}
