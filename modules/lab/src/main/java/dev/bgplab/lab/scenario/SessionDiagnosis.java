package dev.bgplab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.runtime.LabNode;
import dev.bgplab.lab.runtime.Session;
import dev.bgplab.lab.topology.InterfaceAddress;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a session is not Established, in one line: what the node itself says (a NOTIFICATION sent
 * or received, decoded; hold timer; TCP refused; FRR's last reset reason), and what the two ends'
 * configurations show (a TCP-MD5 password on one side only or different on each, single-hop eBGP
 * to an address on no shared subnet, no interface address on the peer's subnet).
 */
final class SessionDiagnosis {

    private static final Pattern FRR_NEIGHBOR = Pattern.compile("^\\s*neighbor\\s+(\\S+)\\s+(\\S+)(?:\\s+(.*))?$");

    /** What one end of a session is configured with. */
    record PeerFacts(Optional<String> password, boolean multihop, Optional<Long> remoteAs) {
        static final PeerFacts UNKNOWN = new PeerFacts(Optional.empty(), false, Optional.empty());
    }

    private SessionDiagnosis() {
    }

    /** A one-line cause for {@code s} at {@code node}; {@code detail} is what the node reports about the session (may be null). */
    static String cause(Topology topology, LabNode node, Session s, JsonNode detail) {
        List<String> why = new ArrayList<>();
        NodeSpec me0 = node.spec();
        PeerFacts mine0 = facts(me0, s.address());
        String own = nodeSays(node, detail, mine0.remoteAs());
        if (!own.isEmpty()) {
            why.add(own);
        }
        NodeSpec me = node.spec();
        Optional<NodeSpec> other = owner(topology, s.address());
        PeerFacts mine = facts(me, s.address());
        PeerFacts theirs = other.map(o -> facts(o, me.addresses().stream().map(InterfaceAddress::address).toList())).orElse(PeerFacts.UNKNOWN);
        boolean stuck = !s.state().equalsIgnoreCase("Established") && !own.contains("sent NOTIFICATION") && !own.contains("received NOTIFICATION");
        if (stuck && other.isPresent() && !mine.password().equals(theirs.password())) {
            why.add(mine.password().isPresent() && theirs.password().isPresent()
                    ? "TCP-MD5 mismatch: both ends have a password but they differ"
                    : "TCP-MD5 mismatch: a password is set on " + (mine.password().isPresent() ? me.name() : other.get().name()) + " only");
            why.add("(the kernel drops every segment whose MD5 signature is missing or wrong, so the session stays in Connect/Active with no error)");
        }
        boolean connected = me.addresses().stream().anyMatch(a -> a.contains(s.address()));
        boolean ebgp = mine.remoteAs().isPresent() && ownAs(me).isPresent() && !mine.remoteAs().equals(ownAs(me));
        if (!connected && stuck && me.role() != NodeRole.VM && !routeTo(node, s.address())) {
            why.add("no route: " + me.name() + "'s kernel has no route to " + s.address()
                    + " (hint: a static route to it, e.g. a /32 via the subnet's gateway)");
        }
        if (!connected && other.isPresent() && stuck) {
            if (ebgp && !mine.multihop()) {
                why.add("TTL too low: " + s.address() + " is on no subnet " + me.name() + " shares with " + other.get().name()
                        + ", and single-hop eBGP sends TTL 1 (hint: ebgp-multihop on both ends, and a route to the address)");
            } else if (ebgp && !theirs.multihop()) {
                why.add("TTL too low on the other end: " + other.get().name() + " peers single-hop with a non-adjacent address"
                        + " (hint: ebgp-multihop there too)");
            }
        }
        if (other.isEmpty() && stuck) {
            why.add("no node of the topology has " + s.address());
        }
        return why.isEmpty() ? s.state() + ", no reason reported" : String.join("; ", why);
    }

    /** What the node reports: bgplab's lastError, FRR's last reset and NOTIFICATION. */
    private static String nodeSays(LabNode node, JsonNode d, Optional<Long> configuredRemoteAs) {
        if (d == null || d.isMissingNode() || d.isNull()) {
            return "";
        }
        if (node.spec().role() == NodeRole.BGPLAB) {
            JsonNode e = d.path("lastError");
            if (e.isMissingNode() || e.isNull() || !e.path("current").asBoolean(true)) {
                return "";
            }
            String kind = e.path("kind").asText();
            String n = e.path("notification").isNull() ? "" : e.path("notification").asText("");
            String detail = e.path("detail").asText("");
            String at = e.path("at").asText("");
            String text = switch (kind) {
                case "NOTIFICATION_SENT" -> "sent NOTIFICATION " + decode(n, detail, true, configuredRemoteAs);
                case "NOTIFICATION_RECEIVED" -> "received NOTIFICATION " + decode(n, detail, false, configuredRemoteAs);
                case "HOLD_TIMER_EXPIRED" -> "hold timer expired: nothing heard from the peer for the hold time (it or the path died silently)";
                case "CONNECT_FAILED" -> connectFailed(detail);
                case "TCP_RESET" -> "the peer closed or reset TCP without a NOTIFICATION" + (detail.isEmpty() ? "" : " (" + detail + ")");
                default -> kind + (detail.isEmpty() ? "" : ": " + detail);
            };
            return text + (at.isEmpty() ? "" : " at " + at);
        }
        if (node.spec().role() == NodeRole.FRR) {
            List<String> parts = new ArrayList<>();
            String reason = d.path("lastNotificationReason").asText("");
            String due = d.path("lastResetDueTo").asText("");
            if (!reason.isEmpty()) {
                boolean received = due.toLowerCase().contains("received");
                parts.add((received ? "received" : "sent") + " NOTIFICATION " + reason.replace("/", " / "));
            }
            if (!due.isEmpty() && !due.equals("Waiting for peer OPEN") || parts.isEmpty() && !due.isEmpty()) {
                parts.add("FRR: last reset due to " + due);
            }
            return String.join("; ", parts);
        }
        return "";
    }

    private static String decode(String notification, String detail, boolean sent, Optional<Long> configuredRemoteAs) {
        String out = notification;
        if (notification.contains("Bad Peer AS")) {
            String base = notification.replaceFirst(" \\(data [0-9a-f]+\\)$", "");
            Matcher m = Pattern.compile("says AS(\\d+), configured remote-as (\\d+)").matcher(detail);
            if (m.find()) {
                return base + ": peer said it is AS " + m.group(1) + ", configured " + m.group(2);
            }
            // the data is the AS the refused OPEN carried (2 octets; AS_TRANS for a 4-octet AS)
            Matcher data = Pattern.compile("data ([0-9a-f]{4,8})\\)").matcher(notification);
            if (data.find()) {
                long as = Long.parseLong(data.group(1), 16);
                return sent ? base + ": peer said it is AS " + as + configuredRemoteAs.map(c -> ", configured " + c).orElse("")
                        : base + ": the peer does not expect us as AS " + as + " (its remote-as for us differs)";
            }
        }
        return detail.isEmpty() ? out : out + " (" + detail + ")";
    }

    private static String connectFailed(String detail) {
        String d = detail.toLowerCase();
        if (d.contains("refused")) {
            return "TCP refused: nothing accepts BGP from us at the peer (daemon down, or it does not peer with this address)";
        }
        if (d.contains("no route") || d.contains("unreachable")) {
            return "no route to the peer address (" + detail + ")";
        }
        return "TCP connect failed" + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** True when a route of the node's kernel table covers {@code address} (or the table cannot be read: no claim then). */
    private static boolean routeTo(LabNode node, String address) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(address);
            for (dev.bgplab.lab.runtime.RouteEntry e : node.routes("kernel")) {
                String p = e.prefix().equals("default") ? "0.0.0.0/0" : e.prefix();
                if (!p.contains(".")) {
                    continue;
                }
                if (dev.bgplab.wire.nlri.Prefix.parse(p.contains("/") ? p : p + "/32").contains(a)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | java.net.UnknownHostException e) {
            return true;
        }
    }

    private static Optional<NodeSpec> owner(Topology t, String address) {
        return t.nodes().stream().filter(n -> n.addresses().stream().anyMatch(a -> a.address().equals(address))).findFirst();
    }

    private static Optional<Long> ownAs(NodeSpec n) {
        String text = config(n);
        Matcher m = Pattern.compile("(?m)^\\s*(?:asn:\\s*|router bgp\\s+)(\\d+)").matcher(text);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    static PeerFacts facts(NodeSpec n, String peer) {
        return facts(n, List.of(peer));
    }

    /** A node's settings for a neighbor at any of {@code peers}: from its bgplab YAML or its frr.conf. */
    static PeerFacts facts(NodeSpec n, List<String> peers) {
        String text = config(n);
        if (n.role() == NodeRole.FRR) {
            Optional<String> password = Optional.empty();
            boolean multihop = false;
            Optional<Long> remote = Optional.empty();
            for (String line : text.lines().toList()) {
                Matcher m = FRR_NEIGHBOR.matcher(line);
                if (!m.matches() || !peers.contains(m.group(1))) {
                    continue;
                }
                String arg = m.group(3) == null ? "" : m.group(3).strip();
                switch (m.group(2)) {
                    case "password" -> password = Optional.of(arg);
                    case "ebgp-multihop", "disable-connected-check" -> multihop = true;
                    case "remote-as" -> remote = arg.matches("\\d+") ? Optional.of(Long.parseLong(arg)) : Optional.empty();
                    default -> { }
                }
            }
            return new PeerFacts(password, multihop, remote);
        }
        if (n.role() == NodeRole.BGPLAB) {
            // one peer per "- {...}" or "- name:" block: find the block with the address
            String[] blocks = text.split("(?m)^\\s*-\\s+(?=\\{|name:|address:)");
            for (String b : blocks) {
                for (String p : peers) {
                    if (Pattern.compile("address:\\s*['\"]?" + Pattern.quote(p) + "['\"]?\\s*[,}\\n]").matcher(b + "\n").find()) {
                        Matcher pw = Pattern.compile("password:\\s*['\"]?([^,'\"}\\n]+)").matcher(b);
                        Matcher as = Pattern.compile("\\basn:\\s*(\\d+)").matcher(b);
                        return new PeerFacts(pw.find() ? Optional.of(pw.group(1).strip()) : Optional.empty(),
                                Pattern.compile("ebgp-multihop:\\s*[1-9]").matcher(b).find(),
                                as.find() ? Optional.of(Long.parseLong(as.group(1))) : Optional.empty());
                    }
                }
            }
        }
        return PeerFacts.UNKNOWN;
    }

    private static String config(NodeSpec n) {
        try {
            if (n.role() == NodeRole.BGPLAB && n.speakerConfig().isPresent()) {
                return Files.readString(Path.of(n.speakerConfig().get()));
            }
            if (n.role() == NodeRole.FRR) {
                if (n.startupConfig().isPresent()) {
                    return Files.readString(Path.of(n.startupConfig().get()));
                }
                for (String b : n.binds()) {
                    String[] parts = b.split(":");
                    if (parts.length >= 2 && parts[1].equals("/etc/frr/frr.conf")) {
                        return Files.readString(Path.of(parts[0]));
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no config to read: nothing inferred from it
        }
        return "";
    }
}
