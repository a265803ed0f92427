package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One route-map set clause, applied to the route when its entry permits (FRR bgpd/bgp_routemap.c). */
public sealed interface SetAction {

    void apply(PolicyEnv env, RouteState st);

    /** The clause as written in FRR configuration. */
    String text();

    /** How a numeric set clause combines with the current value: {@code N}, {@code +N} or {@code -N}. */
    enum ValueOp {
        SET(""), ADD("+"), SUBTRACT("-");
        private final String sign;
        ValueOp(String sign) { this.sign = sign; }
        public String sign() { return sign; }

        /** FRR route_value_adjust: adding caps at 2^32-1, subtracting floors at 0. */
        long adjust(long current, long value) {
            return switch (this) {
                case SET -> value;
                case ADD -> Math.min(0xFFFF_FFFFL, current + value);
                case SUBTRACT -> current <= value ? 0 : current - value;
            };
        }
    }

    record LocalPreference(ValueOp op, long value) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            // FRR 9+: a route without LOCAL_PREF starts from the default (bgp default local-preference)
            Long cur = st.attributes.localPref();
            st.attributes = st.attributes.with(new LocalPref(op.adjust(cur == null ? env.config().defaultLocalPref() : cur, value)));
        }
        public String text() { return "set local-preference " + op.sign() + value; }
    }

    record Weight(long value) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { st.weight = (int) Math.min(Integer.MAX_VALUE, value); }
        public String text() { return "set weight " + value; }
    }

    /** {@code set metric N|+N|-N}; a route without MED counts as 0. */
    record Metric(ValueOp op, long value) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            Long cur = st.attributes.med();
            st.attributes = st.attributes.with(new MultiExitDisc(op.adjust(cur == null ? 0 : cur, value)));
        }
        public String text() { return "set metric " + op.sign() + value; }
    }

    record SetOrigin(Origin origin) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { st.attributes = st.attributes.with(origin); }
        public String text() { return "set origin " + Match.originWord(origin); }
    }

    record NextHopAddress(InetAddress address) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            st.attributes = st.attributes.with(NextHop.of(address));
            st.nextHopSetByPolicy = true;
        }
        public String text() { return "set " + (address.getAddress().length == 4 ? "ip" : "ipv6") + " next-hop " + address.getHostAddress(); }
    }

    /** In: the peer's address. Out: our address on the session. */
    record NextHopPeerAddress() implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            InetAddress a = env.direction() == Direction.IN ? env.session().peer().address() : env.session().localAddress();
            if (a != null) st.attributes = st.attributes.with(NextHop.of(a));
            st.nextHopSetByPolicy = true;
        }
        public String text() { return "set ip next-hop peer-address"; }
    }

    /** Outbound: pass the next hop on as it is, overriding the eBGP next-hop-self default. */
    record NextHopUnchanged() implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { st.nextHopSetByPolicy = true; }
        public String text() { return "set ip next-hop unchanged"; }
    }

    /** {@code set community C... [additive]}: replaces (or adds to) the communities, sorted and unique as FRR keeps them. */
    record SetCommunity(List<Community> communities, boolean additive) implements SetAction {
        public SetCommunity { communities = List.copyOf(communities); }
        public void apply(PolicyEnv env, RouteState st) {
            TreeSet<Community> out = new TreeSet<>(Comparator.comparingLong(c -> c.value() & 0xFFFF_FFFFL));
            if (additive) out.addAll(st.attributes.communities());
            out.addAll(communities);
            st.attributes = withList(st.attributes, PathAttribute.COMMUNITIES, new ArrayList<>(out), Communities::new);
        }
        public String text() {
            return "set community " + communities.stream().map(Community::toString).collect(Collectors.joining(" ")) + (additive ? " additive" : "");
        }
    }

    record CommunityNone() implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { st.attributes = st.attributes.without(PathAttribute.COMMUNITIES); }
        public String text() { return "set community none"; }
    }

    /** {@code set comm-list NAME delete}; a missing list changes nothing. */
    record CommListDelete(String name) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            var l = env.config().communityLists().get(name);
            if (l == null) return;
            st.attributes = withList(st.attributes, PathAttribute.COMMUNITIES, l.delete(st.attributes.communities()), Communities::new);
        }
        public String text() { return "set comm-list " + name + " delete"; }
    }

    record SetLargeCommunity(List<LargeCommunity> communities, boolean additive) implements SetAction {
        public SetLargeCommunity { communities = List.copyOf(communities); }
        public void apply(PolicyEnv env, RouteState st) {
            TreeSet<LargeCommunity> out = new TreeSet<>(Comparator.comparingLong(LargeCommunity::global)
                    .thenComparingLong(LargeCommunity::local1).thenComparingLong(LargeCommunity::local2));
            if (additive) out.addAll(st.attributes.largeCommunities());
            out.addAll(communities);
            st.attributes = withList(st.attributes, PathAttribute.LARGE_COMMUNITY, new ArrayList<>(out), LargeCommunities::new);
        }
        public String text() {
            return "set large-community " + communities.stream().map(LargeCommunity::toString).collect(Collectors.joining(" ")) + (additive ? " additive" : "");
        }
    }

    record LargeCommunityNone() implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { st.attributes = st.attributes.without(PathAttribute.LARGE_COMMUNITY); }
        public String text() { return "set large-community none"; }
    }

    record LargeCommListDelete(String name) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            var l = env.config().largeCommunityLists().get(name);
            if (l == null) return;
            st.attributes = withList(st.attributes, PathAttribute.LARGE_COMMUNITY, l.delete(st.attributes.largeCommunities()), LargeCommunities::new);
        }
        public String text() { return "set large-comm-list " + name + " delete"; }
    }

    /** {@code set extcommunity rt RT...}: always additive for extended communities, as in FRR. */
    record ExtCommunityRt(List<ExtendedCommunity> targets) implements SetAction {
        public ExtCommunityRt { targets = List.copyOf(targets); }
        public void apply(PolicyEnv env, RouteState st) {
            LinkedHashSet<ExtendedCommunity> out = new LinkedHashSet<>(st.attributes.extendedCommunities());
            out.addAll(targets);
            st.attributes = withList(st.attributes, PathAttribute.EXTENDED_COMMUNITIES, new ArrayList<>(out), ExtendedCommunities::new);
        }
        public String text() {
            return "set extcommunity rt " + targets.stream().map(t -> t.toString().replaceFirst("^RT:", "")).collect(Collectors.joining(" "));
        }
    }

    record AsPathPrepend(List<Long> asns) implements SetAction {
        public AsPathPrepend { asns = List.copyOf(asns); }
        public void apply(PolicyEnv env, RouteState st) { setPath(st, AsPathOperations.prepend(st.attributes.asPath(), asns)); }
        public String text() { return "set as-path prepend " + join(asns); }
    }

    record AsPathPrependLastAs(int count) implements SetAction {
        public AsPathPrependLastAs {
            if (count < 1 || count > 10) throw new IllegalArgumentException("set as-path prepend last-as takes 1..10, not " + count);
        }
        public void apply(PolicyEnv env, RouteState st) { setPath(st, AsPathOperations.prependLastAs(st.attributes.asPath(), count)); }
        public String text() { return "set as-path prepend last-as " + count; }
    }

    record AsPathExclude(List<Long> asns) implements SetAction {
        public AsPathExclude { asns = List.copyOf(asns); }
        public void apply(PolicyEnv env, RouteState st) { setPath(st, AsPathOperations.exclude(st.attributes.asPath(), asns)); }
        public String text() { return "set as-path exclude " + join(asns); }
    }

    record AsPathExcludeAll() implements SetAction {
        public void apply(PolicyEnv env, RouteState st) { setPath(st, AsPathOperations.excludeAll(st.attributes.asPath())); }
        public String text() { return "set as-path exclude all"; }
    }

    /** {@code set as-path exclude as-path-access-list NAME}; a missing list changes nothing (FRR). */
    record AsPathExcludeList(String name) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            AsPathAccessList l = env.config().asPathLists().get(name);
            if (l != null) setPath(st, AsPathOperations.excludeMatching(st.attributes.asPath(), l));
        }
        public String text() { return "set as-path exclude as-path-access-list " + name; }
    }

    /**
     * {@code set as-path replace any|ASN|as-path-access-list NAME [WITH]}. Without WITH the
     * replacement is our ASN on that session (local-as when configured). FRR applies it on eBGP
     * sessions only and ignores it on iBGP; so do we.
     */
    record AsPathReplace(Long target, String listName, Long with) implements SetAction {
        public void apply(PolicyEnv env, RouteState st) {
            if (!env.session().peer().isEbgp()) return;
            long w = with != null ? with : env.session().localAsn();
            AsPath p = st.attributes.asPath();
            if (listName != null) {
                AsPathAccessList l = env.config().asPathLists().get(listName);
                if (l == null) return;
                setPath(st, AsPathOperations.replaceMatching(p, l, w));
            } else if (target == null) {
                setPath(st, AsPathOperations.replaceAny(p, w));
            } else {
                setPath(st, AsPathOperations.replace(p, target, w));
            }
        }
        public String text() {
            String what = listName != null ? "as-path-access-list " + listName : target == null ? "any" : target.toString();
            return "set as-path replace " + what + (with != null ? " " + with : "");
        }
    }

    private static void setPath(RouteState st, AsPath p) { st.attributes = st.attributes.with(p); }

    private static String join(List<Long> asns) { return asns.stream().map(String::valueOf).collect(Collectors.joining(" ")); }

    private static <T> PathAttributes withList(PathAttributes a, int type, List<T> values, java.util.function.Function<List<T>, PathAttribute> make) {
        return values.isEmpty() ? a.without(type) : a.with(make.apply(values));
    }
}
