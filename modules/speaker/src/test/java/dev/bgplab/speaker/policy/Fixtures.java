package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.Prefix;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the policy tests. */
final class Fixtures {

    private Fixtures() {}

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static AsPath path(String s) { return AsPath.parse(s); }

    /** A peer at {@code addr} in AS {@code peerAsn}; {@code localAsn} is our ASN on the session. */
    static PeerInfo peer(String addr, long peerAsn, long localAsn) {
        return new PeerInfo("peer-" + addr, ip(addr), peerAsn, ip(addr), localAsn, false);
    }

    static PeerInfo rsClient(String addr, long peerAsn, long localAsn) {
        return new PeerInfo("peer-" + addr, ip(addr), peerAsn, ip(addr), localAsn, true);
    }

    static PeerInfo local(long asn) { return PeerInfo.local(asn, ip("192.0.2.1")); }

    static Route route(String prefix, String asPath, PeerInfo from, PathAttribute... extra) {
        List<PathAttribute> attrs = new ArrayList<>(List.of(Origin.IGP, path(asPath),
                NextHop.of(from.isLocal() ? ip("0.0.0.0") : from.address())));
        attrs.addAll(List.of(extra));
        return new Route(Prefix.parse(prefix), 0, PathAttributes.of(attrs), from, 0, false);
    }

    static PeerContext ctx(PeerInfo peer, long routerAsn, PolicyConfig cfg) {
        return new PeerContext(peer, routerAsn, ip("10.255.0.1"), null, cfg);
    }

    static PolicyConfig config(String text) { return PolicyParser.parse(text); }

    /** A config with {@code no bgp ebgp-requires-policy} plus the given text. */
    static PolicyConfig open(String text) { return PolicyParser.parse("no bgp ebgp-requires-policy\n" + text); }
}
