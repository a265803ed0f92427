package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: peers and a route builder in BGP words. */
final class Routes {

    static final long LOCAL_AS = 65000;
    static final PeerInfo LOCAL = PeerInfo.local(LOCAL_AS, ip("192.0.2.254"));

    private Routes() {}

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** An eBGP peer whose router id equals its address. */
    static PeerInfo ebgp(String name, String address, long asn) {
        return new PeerInfo(name, ip(address), asn, ip(address), LOCAL_AS, false);
    }

    static PeerInfo ibgp(String name, String address) {
        return new PeerInfo(name, ip(address), LOCAL_AS, ip(address), LOCAL_AS, false);
    }

    static PeerInfo withRouterId(PeerInfo p, String routerId) {
        return new PeerInfo(p.name(), p.address(), p.peerAsn(), ip(routerId), p.localAsn(), p.routeServerClient());
    }

    static Builder route(String prefix) { return new Builder(Prefix.parse(prefix)); }

    static final class Builder {
        private final Prefix prefix;
        private PeerInfo from = ebgp("p1", "10.0.0.1", 65001);
        private long pathId;
        private int weight;
        private String path;
        private String nextHop;
        private Long localPref;
        private Long med;
        private Origin origin = Origin.IGP;
        private String originatorId;
        private int clusterListLength;

        Builder(Prefix prefix) { this.prefix = prefix; }

        Builder from(PeerInfo p) { from = p; return this; }
        Builder pathId(long id) { pathId = id; return this; }
        Builder weight(int w) { weight = w; return this; }
        Builder path(String p) { path = p; return this; }
        Builder nextHop(String nh) { nextHop = nh; return this; }
        Builder localPref(long lp) { localPref = lp; return this; }
        Builder med(long m) { med = m; return this; }
        Builder origin(Origin o) { origin = o; return this; }
        Builder originatorId(String id) { originatorId = id; return this; }
        Builder clusterListLength(int n) { clusterListLength = n; return this; }

        Route build() {
            List<PathAttribute> a = new ArrayList<>();
            a.add(origin);
            String p = path != null ? path : from.isEbgp() ? String.valueOf(from.peerAsn()) : "";
            a.add(AsPath.parse(p));
            String nh = nextHop != null ? nextHop : from.isLocal() ? (prefix.isIpv4() ? "0.0.0.0" : "::") : from.address().getHostAddress();
            a.add(NextHop.of(nh));
            if (localPref != null) a.add(new LocalPref(localPref));
            if (med != null) a.add(new MultiExitDisc(med));
            if (originatorId != null) a.add(new OriginatorId((Inet4Address) ip(originatorId)));
            if (clusterListLength > 0) {
                List<Inet4Address> ids = new ArrayList<>();
                for (int i = 0; i < clusterListLength; i++) ids.add((Inet4Address) ip("10.255.0." + (i + 1)));
                a.add(new ClusterList(ids));
            }
            return new Route(prefix, pathId, dev.bgplab.wire.attribute.PathAttributes.of(a), from, weight, false);
        }
    }
}
