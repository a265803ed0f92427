package dev.bgplab.speaker.role;

import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigNode;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.RemovePrivateAs;
import dev.bgplab.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a loaded {@link SpeakerConfig} with a {@code role:} into what that Azure component runs:
 * ASN, timers, limits, refusals (each naming the rule), and FRR policy lines for the behaviours
 * policy can express (weights for routing preference, {@code 65520 65520} towards the backbone,
 * no default route where Azure never sends one, the SD-WAN's inbound {@code as-path exclude}).
 * Behaviours policy cannot express are in {@link RoleSteps}.
 *
 * <p>Precedence: a plain config field (a peer's {@code hold-time}, the top-level {@code asn}) wins,
 * then {@code overrides:}, then the preset. Every preset value is recorded in {@link RoleSettings}
 * with where its value came from.
 */
public final class RolePresets {
    private RolePresets() {}

    public static final long AZURE_ASN = 65515;
    public static final long MSEE_ASN = 12076;

    private static final Set<String> AZURE = Set.of("virtual-network", "branch-to-branch", "routing-preference", "side", "static-routes",
            "gateway");
    private static final Set<String> PEER_AZURE = Set.of("connection", "propagate-default");

    /** The keys {@code overrides:} takes for a role. */
    static Set<String> overrideKeys(AzureRole role, boolean msee) {
        Set<String> k = new LinkedHashSet<>();
        if (role.isMicrosoft()) k.addAll(List.of("asn", "hold-time", "keepalive", "graceful-restart"));
        switch (role) {
            case ROUTE_SERVER -> k.addAll(List.of("routes-per-peer", "max-peers", "refuse-reserved-peer-asn",
                    "refuse-4-octet-peer-asn", "refuse-md5", "ebgp-multihop", "nva-to-nva"));
            case VWAN_HUB -> k.addAll(List.of("routes-per-nva", "refuse-reserved-peer-asn", "refuse-4-octet-peer-asn",
                    "backbone-prepend", "backbone-origin", "propagate-default"));
            case VPN_GATEWAY -> k.addAll(List.of("routes-per-peer", "passive-to-apipa"));
            case EXPRESSROUTE_GATEWAY -> k.addAll(msee ? List.of("routes-from-on-premises", "remove-private-as")
                    : List.of("expressroute-weight", "vpn-weight", "routes-to-circuit"));
            case SDWAN_NVA -> k.addAll(List.of("as-path-loop-fix", "loop-fix-asns", "route-server-host-routes"));
        }
        return k;
    }

    /** The ASN a role runs with when the config has no {@code asn:}: overrides, else 65515 (12076 on the MSEE side). */
    public static long presetAsn(ConfigNode root) {
        AzureRole role = role(root);
        if (role == null) throw root.require("asn").error("is required");
        if (!role.isMicrosoft()) throw new ConfigException(root.file() + ":" + root.get("role").line()
                + ": field 'asn' is required for role " + role.label() + " (the NVA's ASN is the customer's choice)");
        ConfigNode o = root.get("overrides");
        if (o != null && !o.isNull() && o.get("asn") != null) return o.get("asn").asLong(1, 4294967295L);
        return isMsee(root) ? MSEE_ASN : AZURE_ASN;
    }

    private static AzureRole role(ConfigNode root) {
        ConfigNode r = root.get("role");
        if (r == null || r.isNull()) return null;
        AzureRole role = AzureRole.fromLabel(r.asText().trim());
        if (role == null) throw r.error("is '" + r.asText() + "'; valid: " + String.join(", ", AzureRole.labels()));
        return role;
    }

    private static boolean isMsee(ConfigNode root) {
        ConfigNode az = root.get("azure");
        if (az == null || az.isNull() || az.get("side") == null) return false;
        String s = az.get("side").asText().trim();
        if (!s.equals("msee") && !s.equals("gateway")) throw az.get("side").error("is '" + s + "'; valid: gateway, msee");
        return s.equals("msee");
    }

    /** Applies the role in {@code root} (if any) to {@code c}; returns {@code c} unchanged without a role. */
    public static SpeakerConfig apply(SpeakerConfig c, ConfigNode root) {
        AzureRole role = role(root);
        if (role == null) {
            for (String k : List.of("overrides", "azure")) {
                if (root.get(k) != null) throw root.get(k).error("applies only with a role: (valid roles: " + String.join(", ", AzureRole.labels()) + ")");
            }
            if (root.get("peers") != null && !root.get("peers").isNull()) {
                for (ConfigNode p : root.get("peers").asList()) {
                    if (p.get("azure") != null) throw p.get("azure").error("applies only with a role: (valid roles: " + String.join(", ", AzureRole.labels()) + ")");
                }
            }
            return c;
        }
        boolean msee = isMsee(root);
        if (msee && role != AzureRole.EXPRESSROUTE_GATEWAY) {
            throw root.get("azure").get("side").error("is 'msee' but only role azure-expressroute-gateway has an MSEE side");
        }
        Values v = new Values(root, overrideKeys(role, msee), role);

        // --- azure: the customer's settings of the Azure resource
        ConfigNode az = root.get("azure");
        if (az != null && !az.isNull()) az.allowOnly(AZURE);
        List<Prefix> vnet = new ArrayList<>();
        boolean branchToBranch = false;
        RoutingPreference pref = RoutingPreference.EXPRESSROUTE;
        List<RoleSettings.StaticRoute> statics = new ArrayList<>();
        if (az != null && !az.isNull() && az.get("static-routes") != null) {
            for (ConfigNode n : az.get("static-routes").asList()) {
                String[] w = n.asText().trim().split("\\s+");
                if (w.length != 3 || !w[1].equals("via")) throw n.error("is '" + n.asText() + "'; valid: 'PREFIX via NEXT-HOP', e.g. '10.2.0.0/16 via 172.16.0.2'");
                Prefix p = n.as(x -> Prefix.parse(w[0]));
                InetAddress nh;
                try {
                    nh = InetAddress.getByName(w[2]);
                } catch (java.net.UnknownHostException e) {
                    throw n.error("has next hop '" + w[2] + "'; valid: an IP address");
                }
                if (!w[2].matches("[0-9a-fA-F:.]+")) throw n.error("has next hop '" + w[2] + "'; valid: an IP address");
                statics.add(new RoleSettings.StaticRoute(p, nh));
            }
        }
        InetAddress gateway = null;
        if (az != null && !az.isNull() && az.get("gateway") != null) {
            ConfigNode g = az.get("gateway");
            if (role != AzureRole.SDWAN_NVA) throw g.error("applies to role sdwan-nva only (the NVA subnet's default gateway)");
            String t = g.asText().trim();
            gateway = ipv4(t);
            if (gateway == null) throw g.error("is '" + t + "'; valid: an IPv4 address, the NVA subnet's first address (e.g. 10.11.1.1)");
        }
        if (az != null && !az.isNull()) {
            if (az.get("virtual-network") != null) {
                for (ConfigNode n : az.get("virtual-network").asList()) vnet.add(n.as(Prefix::parse));
            }
            if (az.get("branch-to-branch") != null) {
                if (role != AzureRole.ROUTE_SERVER) throw az.get("branch-to-branch").error("applies to role azure-route-server only");
                branchToBranch = az.get("branch-to-branch").asBoolean();
            }
            if (az.get("routing-preference") != null) {
                ConfigNode rp = az.get("routing-preference");
                if (role != AzureRole.ROUTE_SERVER && role != AzureRole.VWAN_HUB) {
                    throw rp.error("applies to roles azure-route-server and azure-vwan-hub only");
                }
                pref = RoutingPreference.fromLabel(rp.asText().trim());
                if (pref == null) throw rp.error("is '" + rp.asText() + "'; valid: " + String.join(", ", RoutingPreference.labels()));
            }
        }

        // --- ASN: the top-level field wins over overrides, which win over the preset
        long presetAsn = msee ? MSEE_ASN : AZURE_ASN;
        if (role.isMicrosoft()) {
            if (root.get("asn") != null) v.record("asn", presetAsn, c.asn(), RoleSettings.Source.CONFIG, false);
            else v.num("asn", presetAsn, 1, 4294967295L, false);
        }

        int hold = (int) (role.isMicrosoft() ? v.num("hold-time", 180, 0, 65535, false) : 0);
        int keepalive = (int) (role.isMicrosoft() ? v.num("keepalive", 60, 0, 21845, false) : 0);

        // Graceful restart: Microsoft documents none for these sessions (unconfirmed); off, so a failed
        // peer's routes go at once instead of staying stale for the restart time.
        boolean gracefulRestart = role.isMicrosoft() && v.flag("graceful-restart", false, true);
        long maxPeers = role == AzureRole.ROUTE_SERVER ? v.num("max-peers", 8, 1, 1000, false) : 0;
        boolean refuseReserved = (role == AzureRole.ROUTE_SERVER || role == AzureRole.VWAN_HUB) && v.flag("refuse-reserved-peer-asn", true, false);
        boolean refuse4Octet = (role == AzureRole.ROUTE_SERVER || role == AzureRole.VWAN_HUB) && v.flag("refuse-4-octet-peer-asn", true, false);
        boolean refuseMd5 = role == AzureRole.ROUTE_SERVER && v.flag("refuse-md5", true, true);
        int multihop = role == AzureRole.ROUTE_SERVER ? (int) v.num("ebgp-multihop", 255, 1, 255, false) : 0;
        boolean nvaToNva = role != AzureRole.ROUTE_SERVER || v.flag("nva-to-nva", true, true);
        long routesPerPeer = role == AzureRole.ROUTE_SERVER ? v.num("routes-per-peer", 1000, 0, 4294967295L, true) : 0;
        long vpnLimit = role == AzureRole.VPN_GATEWAY ? v.num("routes-per-peer", 4000, 0, 4294967295L, false) : 0;
        long nvaLimit = role == AzureRole.VWAN_HUB ? v.num("routes-per-nva", 4000, 0, 4294967295L, false) : 0;
        String backbonePrepend = role == AzureRole.VWAN_HUB ? v.text("backbone-prepend", "65520 65520", false) : null;
        String backboneOrigin = role == AzureRole.VWAN_HUB ? v.text("backbone-origin", "egp", true) : null;
        boolean propagateDefaultPreset = role == AzureRole.VWAN_HUB && v.flag("propagate-default", false, true);
        boolean passiveApipa = role == AzureRole.VPN_GATEWAY && v.flag("passive-to-apipa", true, false);
        long erWeight = role == AzureRole.EXPRESSROUTE_GATEWAY && !msee ? v.num("expressroute-weight", 32769, 0, 65535, false) : 0;
        long vpnWeight = role == AzureRole.EXPRESSROUTE_GATEWAY && !msee ? v.num("vpn-weight", 32768, 0, 65535, false) : 0;
        long circuitLimit = role == AzureRole.EXPRESSROUTE_GATEWAY && !msee ? v.num("routes-to-circuit", 1000, 0, 4294967295L, false) : 0;
        long onPremLimit = msee ? v.num("routes-from-on-premises", 4000, 0, 4294967295L, false) : 0;
        String mseeRemovePrivate = msee ? v.text("remove-private-as", "all", false) : null;
        String loopFix = role == AzureRole.SDWAN_NVA ? v.text("as-path-loop-fix", "exclude", false) : null;
        String loopAsns = role == AzureRole.SDWAN_NVA ? v.text("loop-fix-asns", "65520 65515", false) : null;
        boolean hostRoutes = role == AzureRole.SDWAN_NVA && v.flag("route-server-host-routes", true, false);
        if (loopFix != null && !Set.of("exclude", "replace", "off").contains(loopFix)) {
            throw v.node("as-path-loop-fix").error("is '" + loopFix + "'; valid: exclude, replace, off");
        }
        v.finish();

        // --- peers: refusals, then each preset laid under the peer's own fields
        List<ConfigNode> peerNodes = root.get("peers") == null || root.get("peers").isNull() ? List.of() : root.get("peers").asList();
        if (maxPeers > 0 && peerNodes.size() > maxPeers) {
            ConfigNode extra = peerNodes.get((int) maxPeers);
            throw extra.error("is peer number " + (maxPeers + 1) + "; rule: an Azure Route Server has at most " + maxPeers
                    + " BGP peers; valid: at most " + maxPeers + " peers, or overrides: {max-peers: N} for a what-if lab");
        }
        Map<String, Connection> connections = new LinkedHashMap<>();
        Set<String> propagateDefault = new HashSet<>();
        List<PeerConfig> peers = new ArrayList<>();
        List<InetAddress> hostRoutePeers = new ArrayList<>();
        Policy policy = new Policy();
        for (int i = 0; i < c.peers().size(); i++) {
            PeerConfig p = c.peers().get(i);
            ConfigNode pn = peerNodes.get(i);
            Connection kind = defaultConnection(role, msee);
            boolean propagate = propagateDefaultPreset;
            ConfigNode pa = pn.get("azure");
            if (pa != null && !pa.isNull()) {
                pa.allowOnly(PEER_AZURE);
                if (pa.get("connection") != null) {
                    kind = Connection.fromLabel(pa.get("connection").asText().trim());
                    if (kind == null) throw pa.get("connection").error("is '" + pa.get("connection").asText() + "'; valid: "
                            + String.join(", ", Connection.labels()));
                }
                if (pa.get("propagate-default") != null) {
                    if (role != AzureRole.VWAN_HUB) throw pa.get("propagate-default").error("applies to role azure-vwan-hub only");
                    propagate = pa.get("propagate-default").asBoolean();
                }
            }
            connections.put(p.name(), kind);
            if (propagate) propagateDefault.add(p.name());

            // A Route Server's gateway peers (vpn, expressroute) are Azure's own gateways, which run 65515 themselves.
            boolean customerPeer = kind == Connection.NVA || (role == AzureRole.ROUTE_SERVER && kind != Connection.BACKBONE && !kind.isGateway());
            if (refuseReserved && customerPeer && ReservedAsns.isReserved(p.asn())) {
                throw pn.get("asn").error("is " + p.asn() + "; rule: Azure refuses a reserved ASN for a "
                        + (role == AzureRole.ROUTE_SERVER ? "Route Server" : "hub") + " peer (" + ReservedAsns.LIST
                        + "); valid: another ASN, or overrides: {refuse-reserved-peer-asn: false}");
            }
            if (refuse4Octet && customerPeer && p.asn() > 65535) {
                throw pn.get("asn").error("is " + p.asn() + "; rule: Azure " + (role == AzureRole.ROUTE_SERVER ? "Route Server" : "hub")
                        + " peers must use a 2-octet ASN; valid: 1..65535 (not reserved), or overrides: {refuse-4-octet-peer-asn: false}");
            }
            if (refuseMd5 && p.password() != null) {
                throw pn.get("password").error("is set; rule: Azure Route Server supports no TCP-MD5 authentication (unconfirmed by"
                        + " Microsoft, treated as unsupported); valid: no password, or overrides: {refuse-md5: false}");
            }
            if (kind == Connection.BACKBONE && p.asn() != c.asn()) {
                throw pn.get("asn").error("is " + p.asn() + " but a backbone peer is another hub of the same Virtual WAN; valid: "
                        + c.asn() + " (both hubs run the hub ASN; routes cross as iBGP with " + backbonePrepend + " prepended)");
            }
            if ((role == AzureRole.VWAN_HUB || role == AzureRole.VPN_GATEWAY) && p.policy().defaultOriginate()) {
                throw pn.get("default-originate").error("is set; rule: an Azure " + (role == AzureRole.VWAN_HUB ? "hub" : "VPN gateway")
                        + " never originates 0.0.0.0/0; valid: remove it");
            }

            boolean ownTimers = pn.get("hold-time") != null || pn.get("keepalive") != null;
            int pHold = role.isMicrosoft() && !ownTimers ? hold : p.holdTime();
            int pKeep = role.isMicrosoft() && !ownTimers ? keepalive : p.keepalive();
            if (role.isMicrosoft() && ownTimers) {
                v.record("peers[" + p.name() + "].hold-time", 180, p.holdTime(), RoleSettings.Source.CONFIG, false);
            }
            int pMultihop = p.ebgpMultihop();
            if (multihop > 0 && pn.get("ebgp-multihop") == null && pn.get("ttl-security-hops") == null && p.asn() != c.asn()) {
                pMultihop = multihop;
            }
            if (hostRoutes && gateway != null && kind == Connection.ROUTE_SERVER && p.address() instanceof Inet4Address) {
                // Route Server and hub router sessions are eBGP multihop to instances in another subnet
                hostRoutePeers.add(p.address());
                if (pn.get("ebgp-multihop") == null && pn.get("ttl-security-hops") == null && p.asn() != c.asn()) pMultihop = 255;
            }
            MaximumPrefix mp = p.policy().maximumPrefix();
            long limit = switch (role) {
                case VPN_GATEWAY -> vpnLimit;
                case VWAN_HUB -> kind == Connection.NVA ? nvaLimit : 0;
                case EXPRESSROUTE_GATEWAY -> msee && kind == Connection.ON_PREMISES ? onPremLimit : 0;
                default -> 0;
            };
            if (mp == null && limit > 0) mp = new MaximumPrefix(limit, 75, null, false);
            boolean passive = p.passive();
            if (passiveApipa && pn.get("passive") == null && isApipa(p.address())) passive = true;
            RemovePrivateAs rpa = p.policy().removePrivateAs();
            if (msee && kind == Connection.ON_PREMISES && pn.get("remove-private-as") == null && !"off".equals(mseeRemovePrivate)) {
                rpa = mseeRemovePrivate.equals("all") ? RemovePrivateAs.ALL : RemovePrivateAs.PLAIN;
            }
            boolean nhs = p.policy().nextHopSelf() || kind == Connection.BACKBONE;
            boolean gr = role.isMicrosoft() && pn.get("graceful-restart") == null ? gracefulRestart : p.gracefulRestart();

            // --- generated policy
            String in = p.policy().routeMapIn(), out = p.policy().routeMapOut();
            Policy.RouteMapText inMap = policy.map("AZ-IN-" + p.name());
            Policy.RouteMapText outMap = policy.map("AZ-OUT-" + p.name());
            long weight = weightFor(role, msee, pref, kind, erWeight, vpnWeight);
            if (weight > 0) inMap.set("set weight " + weight);
            if (role == AzureRole.SDWAN_NVA && !"off".equals(loopFix)) {
                if (loopFix.equals("exclude")) inMap.set("set as-path exclude " + loopAsns);
                else for (String asn : loopAsns.trim().split("\\s+")) inMap.set("set as-path replace " + asn + " " + c.asn());
            }
            if (role == AzureRole.VWAN_HUB) {
                if (kind == Connection.BACKBONE || !propagate) outMap.deny("match ip address prefix-list AZ-DEFAULT-ROUTE");
                if (kind == Connection.BACKBONE) {
                    if (!backbonePrepend.isBlank()) outMap.set("set as-path prepend " + backbonePrepend);
                    if (!backboneOrigin.isBlank()) outMap.set("set origin " + backboneOrigin);
                }
            }
            if (role == AzureRole.VPN_GATEWAY) {
                outMap.deny("match ip address prefix-list AZ-DEFAULT-ROUTE");
                if (!vnet.isEmpty()) {
                    outMap.permit("match as-path AZ-ORIGINATED"); // our own virtual-network prefixes
                    outMap.deny("match ip address prefix-list AZ-VNET-OVERLAP");
                }
            }
            if (inMap.used()) in = inMap.close(in);
            if (outMap.used()) out = outMap.close(out);
            peers.add(copy(p, pHold, pKeep, pMultihop, mp, passive, rpa, nhs, gr, in, out));
        }

        List<NetworkConfig> networks = new ArrayList<>(c.networks());
        Set<Prefix> have = new HashSet<>();
        for (NetworkConfig n : networks) have.add(n.prefix());
        for (Prefix p : vnet) if (have.add(p)) networks.add(NetworkConfig.of(p));

        StringBuilder extra = new StringBuilder();
        if (policy.mentions("AZ-DEFAULT-ROUTE")) extra.append("ip prefix-list AZ-DEFAULT-ROUTE seq 5 permit 0.0.0.0/0\n");
        if (policy.mentions("AZ-ORIGINATED")) extra.append("bgp as-path access-list AZ-ORIGINATED seq 5 permit ^$\n");
        if (policy.mentions("AZ-VNET-OVERLAP")) {
            int seq = 5;
            for (Prefix p : vnet) {
                if (p.isIpv4()) {
                    extra.append("ip prefix-list AZ-VNET-OVERLAP seq ").append(seq).append(" permit ").append(p).append(" le 32\n");
                    seq += 5;
                }
            }
        }
        extra.append(policy.text());
        String userPolicy = c.policy();
        String policyText = extra.isEmpty() ? userPolicy
                : userPolicy + (userPolicy.isEmpty() || userPolicy.endsWith("\n") ? "" : "\n")
                        + "! generated by role " + role.label() + "\n" + extra;

        RoleSettings settings = new RoleSettings(role, msee, vnet, branchToBranch, pref, connections, propagateDefault,
                routesPerPeer, circuitLimit, nvaToNva, statics, gateway, hostRoutePeers, v.values);
        // Azure accepts and sends routes without any policy: RFC 8212's rule is off unless the file sets it.
        boolean requiresPolicy = root.get("ebgp-requires-policy") != null ? c.ebgpRequiresPolicy() : !role.isMicrosoft() && c.ebgpRequiresPolicy();
        return c.withRole(settings, c.asn(), networks, peers, policyText, requiresPolicy);
    }

    private static Connection defaultConnection(AzureRole role, boolean msee) {
        return switch (role) {
            case ROUTE_SERVER, VWAN_HUB -> Connection.NVA;
            case VPN_GATEWAY -> Connection.ON_PREMISES;
            case EXPRESSROUTE_GATEWAY -> msee ? Connection.ON_PREMISES : Connection.EXPRESSROUTE;
            case SDWAN_NVA -> Connection.ROUTE_SERVER;
        };
    }

    /** Routing preference as weight, which the decision process compares before AS-path length. */
    static long weightFor(AzureRole role, boolean msee, RoutingPreference pref, Connection kind, long erWeight, long vpnWeight) {
        if (role == AzureRole.EXPRESSROUTE_GATEWAY && !msee) {
            // Seen on the gateway: 32769 for the ExpressRoute route, 32768 for the VPN one.
            return kind == Connection.EXPRESSROUTE ? erWeight : kind == Connection.VPN ? vpnWeight : 0;
        }
        if (role != AzureRole.ROUTE_SERVER && role != AzureRole.VWAN_HUB) return 0;
        return switch (pref) {
            case EXPRESSROUTE -> kind == Connection.EXPRESSROUTE ? 200 : 0;
            case VPN_NVA -> kind == Connection.VPN || kind == Connection.NVA ? 200 : 0;
            case ASPATH -> 0;
        };
    }

    /** A dotted-quad IPv4 address, or null (never a name lookup). */
    static InetAddress ipv4(String s) {
        String[] w = s.split("\\.", -1);
        if (w.length != 4) return null;
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!w[i].matches("[0-9]{1,3}") || Integer.parseInt(w[i]) > 255) return null;
            b[i] = (byte) Integer.parseInt(w[i]);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** RFC 3927 link-local, as Azure's APIPA BGP addresses (169.254.21.0 - 169.254.22.255) are. */
    static boolean isApipa(InetAddress a) {
        if (!(a instanceof Inet4Address)) return false;
        byte[] b = a.getAddress();
        return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }

    private static PeerConfig copy(PeerConfig p, int hold, int keepalive, int multihop, MaximumPrefix mp, boolean passive,
                                   RemovePrivateAs rpa, boolean nhs, boolean gr, String routeMapIn, String routeMapOut) {
        NeighborPolicy policy = p.policy().toBuilder().routeMapIn(routeMapIn).routeMapOut(routeMapOut)
                .nextHopSelf(nhs).removePrivateAs(rpa).maximumPrefix(mp).build();
        return new PeerConfig(p.name(), p.address(), p.port(), p.asn(), p.localAddress(), passive, hold, keepalive,
                p.connectRetry(), p.families(), p.password(), multihop, p.ttlSecurityHops(), policy, p.addPath(), gr, p.gracefulRestartRestarting(), p.extendedMessages(), p.routeRefresh(), p.shutdown(), p.limits(), p.line());
    }

    /** Reads {@code overrides:} for one role and records every preset value. */
    private static final class Values {
        final ConfigNode overrides;
        final Set<String> allowed;
        final Set<String> read = new HashSet<>();
        final List<RoleSettings.PresetValue> values = new ArrayList<>();

        Values(ConfigNode root, Set<String> allowed, AzureRole role) {
            ConfigNode o = root.get("overrides");
            this.overrides = o == null || o.isNull() ? null : o;
            this.allowed = allowed;
            if (overrides != null) overrides.allowOnly(allowed);
        }

        ConfigNode node(String key) { return overrides == null ? null : overrides.get(key); }

        long num(String key, long preset, long min, long max, boolean unconfirmed) {
            read.add(key);
            ConfigNode n = node(key);
            long v = n == null ? preset : n.asLong(min, max);
            record(key, preset, v, n == null ? RoleSettings.Source.PRESET : RoleSettings.Source.OVERRIDES, unconfirmed);
            return v;
        }

        boolean flag(String key, boolean preset, boolean unconfirmed) {
            read.add(key);
            ConfigNode n = node(key);
            boolean v = n == null ? preset : n.asBoolean();
            values.add(new RoleSettings.PresetValue(key, String.valueOf(preset), String.valueOf(v),
                    n == null ? RoleSettings.Source.PRESET : RoleSettings.Source.OVERRIDES, unconfirmed));
            return v;
        }

        String text(String key, String preset, boolean unconfirmed) {
            read.add(key);
            ConfigNode n = node(key);
            String v = n == null ? preset : n.asText().trim();
            values.add(new RoleSettings.PresetValue(key, preset, v,
                    n == null ? RoleSettings.Source.PRESET : RoleSettings.Source.OVERRIDES, unconfirmed));
            return v;
        }

        void record(String key, long preset, long effective, RoleSettings.Source source, boolean unconfirmed) {
            if (source == RoleSettings.Source.CONFIG && preset == effective) source = RoleSettings.Source.PRESET;
            values.add(new RoleSettings.PresetValue(key, String.valueOf(preset), String.valueOf(effective), source, unconfirmed));
        }

        void finish() {
            for (String k : allowed) if (!read.contains(k) && node(k) != null) throw node(k).error("does not apply here");
        }
    }

    /** Generated route-maps, one per peer and direction, named AZ-IN-peer / AZ-OUT-peer. */
    private static final class Policy {
        private final List<RouteMapText> maps = new ArrayList<>();

        RouteMapText map(String name) {
            RouteMapText m = new RouteMapText(name.replaceAll("[^A-Za-z0-9_.-]", "_"));
            maps.add(m);
            return m;
        }

        boolean mentions(String s) { return text().contains(s); }

        String text() {
            StringBuilder b = new StringBuilder();
            for (RouteMapText m : maps) if (m.closed) b.append(m.lines);
            return b.toString();
        }

        static final class RouteMapText {
            final String name;
            final StringBuilder lines = new StringBuilder();
            int seq = 0;
            boolean sets, closed, any;

            RouteMapText(String name) { this.name = name; }

            boolean used() { return any; }

            void deny(String match) {
                seq += 10;
                any = true;
                lines.append("route-map ").append(name).append(" deny ").append(seq).append('\n').append(' ').append(match).append('\n');
            }

            void permit(String match) {
                seq += 10;
                any = true;
                lines.append("route-map ").append(name).append(" permit ").append(seq).append('\n').append(' ').append(match).append('\n');
                pendingCallAt.add(lines.length());
            }

            final List<Integer> pendingCallAt = new ArrayList<>();

            void set(String set) {
                seq += 10;
                any = true;
                sets = true;
                lines.append("route-map ").append(name).append(" permit ").append(seq).append('\n')
                        .append(' ').append(set).append('\n').append(" on-match next\n");
            }

            /** Ends the map: permit the rest, through the user's own route-map when the peer had one. */
            String close(String userMap) {
                seq += 10;
                lines.append("route-map ").append(name).append(" permit ").append(seq).append('\n');
                if (userMap != null) {
                    lines.append(" call ").append(userMap).append('\n');
                    // a permit entry that ends the map early must still pass through the user's map
                    for (int i = pendingCallAt.size() - 1; i >= 0; i--) lines.insert(pendingCallAt.get(i), " call " + userMap + "\n");
                }
                closed = true;
                return name;
            }
        }
    }
}
