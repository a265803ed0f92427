package dev.bgplab.speaker.role;

import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.rib.LocRibEntry;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What Azure would program into the VMs of the virtual network a node serves (like
 * {@code az network nic show-effective-route-table}): the virtual network's own prefixes, the
 * static routes, and each Loc-RIB prefix with its whole ECMP next-hop set, source and AS path;
 * a learned route equal to or more specific than the virtual network is listed as not programmed.
 */
public final class EffectiveRoutes {
    private EffectiveRoutes() {}

    public record ProgrammedRoute(String prefix, List<String> nextHops, String source, String asPath) {}

    public record NotProgrammed(String prefix, String reason) {}

    public record Table(String role, List<String> virtualNetwork, List<ProgrammedRoute> routes, List<NotProgrammed> notProgrammed) {}

    /** On the speaker's loop: {@code entries} are the Loc-RIB's IPv4 entries. */
    public static Table of(SpeakerConfig c, List<LocRibEntry> entries) {
        RoleSettings s = c.roleSettings();
        List<ProgrammedRoute> out = new ArrayList<>();
        List<NotProgrammed> skipped = new ArrayList<>();
        List<Prefix> vnet = s == null ? List.of() : s.virtualNetwork();
        for (Prefix p : vnet) out.add(new ProgrammedRoute(p.toString(), List.of("virtual network"), "VNet", ""));
        if (s != null) {
            for (RoleSettings.StaticRoute r : s.staticRoutes()) {
                out.add(new ProgrammedRoute(r.prefix().toString(), List.of(r.nextHop().getHostAddress()), "static (user route)", ""));
            }
        }
        RoleSteps steps = RoleSteps.of(c);
        for (LocRibEntry e : entries) {
            if (e.best() == null || e.best().source().isLocal()) continue;
            if (steps != null && !steps.programmable(e.prefix())) {
                skipped.add(new NotProgrammed(e.prefix().toString(), "equal to or more specific than the virtual network "
                        + vnet + ": Azure does not program it"));
                continue;
            }
            List<Route> paths = e.multipath().isEmpty() ? List.of(e.best()) : e.multipath();
            List<String> hops = new ArrayList<>();
            for (Route r : paths) {
                NextHop nh = r.attributes().nextHop();
                if (nh != null && !hops.contains(nh.address().getHostAddress())) hops.add(nh.address().getHostAddress());
            }
            AsPath path = e.best().attributes().asPath();
            out.add(new ProgrammedRoute(e.prefix().toString(), hops, source(s, e.best().source().name()), path == null ? "" : path.toString()));
        }
        return new Table(s == null ? c.role() : s.label(), vnet.stream().map(Prefix::toString).toList(), out, skipped);
    }

    private static String source(RoleSettings s, String peer) {
        if (s == null) return "BGP (" + peer + ")";
        Connection k = s.connection(peer);
        String via = k == null ? "BGP" : switch (k) {
            case NVA -> s.role() == AzureRole.ROUTE_SERVER ? "Route Server" : "hub (NVA)";
            case VPN, EXPRESSROUTE -> "virtual network gateway (" + k.label() + ")";
            case BACKBONE -> "remote hub";
            default -> "BGP";
        };
        return via + ", from " + peer;
    }
}
