package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.nlri.AddressFamily;

import java.net.InetAddress;

/**
 * One route-map match clause. A clause naming a list that does not exist does not match (FRR
 * returns RMAP_NOMATCH for a missing prefix-list, as-path or community list).
 */
public sealed interface Match {

    boolean test(PolicyEnv env, RouteState st);

    /** The clause as written in FRR configuration. */
    String text();

    /** {@code match ip address prefix-list NAME} / {@code match ipv6 address prefix-list NAME}. */
    record AddressPrefixList(AddressFamily family, String name) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            if (env.prefix().family() != family) return false;
            PrefixList l = env.config().prefixList(family, name);
            return l != null && l.apply(env.prefix()).permitted();
        }
        public String text() { return "match " + ip(family) + " address prefix-list " + name; }
    }

    /** {@code match as-path NAME}. */
    record AsPathList(String name) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            AsPathAccessList l = env.config().asPathLists().get(name);
            return l != null && l.permits(st.attributes.asPath());
        }
        public String text() { return "match as-path " + name; }
    }

    /** {@code match community NAME [exact-match]}. */
    record CommunityListMatch(String name, boolean exact) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            var l = env.config().communityLists().get(name);
            return l != null && l.permits(st.attributes.communities(), exact);
        }
        public String text() { return "match community " + name + (exact ? " exact-match" : ""); }
    }

    /** {@code match extcommunity NAME}. */
    record ExtCommunityListMatch(String name) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            var l = env.config().extCommunityLists().get(name);
            return l != null && l.permits(st.attributes.extendedCommunities(), false);
        }
        public String text() { return "match extcommunity " + name; }
    }

    /** {@code match large-community NAME [exact-match]}. */
    record LargeCommunityListMatch(String name, boolean exact) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            var l = env.config().largeCommunityLists().get(name);
            return l != null && l.permits(st.attributes.largeCommunities(), exact);
        }
        public String text() { return "match large-community " + name + (exact ? " exact-match" : ""); }
    }

    /** {@code match ip next-hop prefix-list NAME}: the next hop as an address (FRR's address mode, ge/le ignored). */
    record NextHopPrefixList(AddressFamily family, String name) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            NextHop nh = st.attributes.nextHop();
            PrefixList l = env.config().prefixList(family, name);
            return nh != null && l != null && l.applyToAddress(nh.address()).permitted();
        }
        public String text() { return "match " + ip(family) + " next-hop prefix-list " + name; }
    }

    /** {@code match ip next-hop address A}. */
    record NextHopIs(InetAddress address) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            NextHop nh = st.attributes.nextHop();
            return nh != null && nh.address().equals(address);
        }
        public String text() { return "match " + (address.getAddress().length == 4 ? "ip" : "ipv6") + " next-hop address " + address.getHostAddress(); }
    }

    /** {@code match peer A}: the peer the route was learned from, in both directions (FRR 8.2+). */
    record PeerAddress(InetAddress address) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            return env.source() != null && !env.source().isLocal() && address.equals(env.source().address());
        }
        public String text() { return "match peer " + address.getHostAddress(); }
    }

    /** {@code match origin igp|egp|incomplete}. */
    record OriginIs(Origin origin) implements Match {
        public boolean test(PolicyEnv env, RouteState st) { return st.attributes.origin() == origin; }
        public String text() { return "match origin " + originWord(origin); }
    }

    /** {@code match local-preference N}; a route without LOCAL_PREF counts as the default (100). */
    record LocalPreferenceIs(long value) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            Long lp = st.attributes.localPref();
            return (lp == null ? env.config().defaultLocalPref() : lp) == value;
        }
        public String text() { return "match local-preference " + value; }
    }

    /** {@code match metric N}; a route without MED counts as 0, as in FRR. */
    record MetricIs(long value) implements Match {
        public boolean test(PolicyEnv env, RouteState st) {
            Long m = st.attributes.med();
            return (m == null ? 0 : m) == value;
        }
        public String text() { return "match metric " + value; }
    }

    static String ip(AddressFamily f) { return f == AddressFamily.IPV4_UNICAST ? "ip" : "ipv6"; }

    static String originWord(Origin o) {
        return switch (o) {
            case IGP -> "igp";
            case EGP -> "egp";
            case INCOMPLETE -> "incomplete";
        };
    }
}
