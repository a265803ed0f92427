package dev.bgplab.speaker.rib;

import static dev.bgplab.speaker.rib.Routes.LOCAL;
import static dev.bgplab.speaker.rib.Routes.ebgp;
import static dev.bgplab.speaker.rib.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RibTest {

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;
    private final PeerInfo a = ebgp("a", "10.0.0.1", 65001);
    private final PeerInfo b = ebgp("b", "10.0.0.2", 65002);
    private final Rib rib = new Rib();
    private final List<LocRibChange> changes = new ArrayList<>();

    RibTest() {
        rib.addListener(changes::add);
    }

    private static Prefix p(String s) { return Prefix.parse(s); }

    @Test
    void acceptedRoutesReachTheLocRibAndWithdrawalsRemoveThem() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build(), route("10.2.0.0/16").from(a).build()));
        assertThat(rib.prefixCount(V4)).isEqualTo(2);
        assertThat(rib.findAdjRibIn(a, V4).orElseThrow().acceptedCount()).isEqualTo(2);
        rib.withdraw(a, V4, List.of(NlriEntry.of("10.1.0.0/16"), NlriEntry.of("10.9.0.0/16")));
        assertThat(rib.bestPaths(p("10.1.0.0/16"))).isEmpty();
        assertThat(rib.bestPaths(p("10.2.0.0/16"))).hasSize(1);
        assertThat(rib.findAdjRibIn(a, V4).orElseThrow().acceptedCount()).isEqualTo(1);
    }

    @Test
    void aPrefixBothWithdrawnAndAnnouncedInOneUpdateEndsUpAnnounced() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()), List.of(NlriEntry.of("10.1.0.0/16")));
        assertThat(rib.best(p("10.1.0.0/16"))).isNotNull();
    }

    @Test
    void attributesAreInternedAcrossPeersAndRoutes() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).path("65001 7").build()));
        rib.accept(a, V4, List.of(route("10.2.0.0/16").from(a).path("65001 7").build()));
        assertThat(rib.best(p("10.1.0.0/16")).attributes()).isSameAs(rib.best(p("10.2.0.0/16")).attributes());
    }

    @Test
    void peerDownWithoutGracefulRestartRemovesItsRoutes() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()));
        rib.accept(b, V4, List.of(route("10.1.0.0/16").from(b).build()));
        rib.peerDown(a);
        assertThat(rib.bestPaths(p("10.1.0.0/16"))).extracting(Route::source).containsExactly(b);
        assertThat(rib.findAdjRibIn(a, V4)).isEmpty();
    }

    @Test
    void rfc4724Section4_2GracefulRestartKeepsRoutesStaleUntilEndOfRib() {
        // RFC 4724 4.2
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build(), route("10.2.0.0/16").from(a).build()));
        rib.accept(a, V6, List.of(route("2001:db8::/32").from(a).nextHop("2001:db8:ffff::1").build()));
        rib.peerDown(a, true);
        AdjRibIn in = rib.findAdjRibIn(a, V4).orElseThrow();
        assertThat(in.staleCount()).isEqualTo(2);
        assertThat(rib.best(p("10.1.0.0/16")).stale()).isTrue();

        // the peer comes back and re-announces one prefix: fresh again
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()));
        assertThat(rib.best(p("10.1.0.0/16")).stale()).isFalse();
        assertThat(in.staleCount()).isEqualTo(1);

        rib.endOfRib(a, V4);
        assertThat(rib.best(p("10.2.0.0/16"))).isNull();
        assertThat(rib.best(p("10.1.0.0/16"))).isNotNull();
        assertThat(in.staleCount()).isZero();
        // IPv6 waits for its own End-of-RIB or the timer
        assertThat(rib.best(p("2001:db8::/32")).stale()).isTrue();
        rib.flushStale(a);
        assertThat(rib.best(p("2001:db8::/32"))).isNull();
    }

    @Test
    void rfc4724Section4_2StaleRoutesStillCompeteInTheDecision() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).localPref(200).build()));
        rib.accept(b, V4, List.of(route("10.1.0.0/16").from(b).build()));
        rib.peerDown(a, true);
        assertThat(rib.best(p("10.1.0.0/16")).source()).isEqualTo(a);
    }

    @Test
    void countsPerPeerSeparatePrePolicyFromAccepted() {
        AdjRibIn in = rib.adjRibIn(a, V4);
        Route r1 = route("10.1.0.0/16").from(a).build();
        Route r2 = route("10.2.0.0/16").from(a).build();
        in.recordReceived(r1);
        in.recordReceived(r2);
        rib.accept(a, V4, List.of(r1)); // policy denied r2
        assertThat(in.receivedCount()).isEqualTo(2);
        assertThat(in.acceptedCount()).isEqualTo(1);
        assertThat(in.receivedRoutes()).containsExactlyInAnyOrder(r1, r2);
        // pre-policy routes share the RIB's attribute sets
        assertThat(in.received(r1.prefix(), 0).attributes()).isSameAs(rib.best(r1.prefix()).attributes());
    }

    @Test
    void originatedRoutesWinAndCanBeWithdrawn() {
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()));
        rib.originate(route("10.1.0.0/16").from(LOCAL).build());
        assertThat(rib.best(p("10.1.0.0/16")).source().isLocal()).isTrue();
        assertThat(rib.localRoutes(V4)).hasSize(1);
        assertThat(rib.withdrawLocal(p("10.1.0.0/16"))).isTrue();
        assertThat(rib.best(p("10.1.0.0/16")).source()).isEqualTo(a);
        assertThat(rib.withdrawLocal(p("10.1.0.0/16"))).isFalse();
        assertThatThrownBy(() -> rib.originate(route("10.3.0.0/16").from(a).build())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesFilterByPrefixPeerAndFamily() {
        rib.accept(a, V4, List.of(route("10.0.0.0/8").from(a).build(), route("10.1.0.0/16").from(a).build(),
                route("10.1.2.0/24").from(a).build(), route("11.0.0.0/8").from(a).build()));
        rib.accept(b, V4, List.of(route("10.1.2.0/24").from(b).build()));
        rib.accept(b, V6, List.of(route("2001:db8::/32").from(b).nextHop("2001:db8:ffff::2").build()));

        assertThat(rib.entries(RibQuery.longerPrefixes(p("10.1.0.0/16")))).extracting(e -> e.prefix().toString())
                .containsExactly("10.1.0.0/16", "10.1.2.0/24");
        assertThat(rib.entries(RibQuery.exact(p("10.1.2.0/24")))).singleElement()
                .satisfies(e -> assertThat(e.allRoutes()).hasSize(2));
        assertThat(rib.entries(RibQuery.all().fromPeer(b))).extracting(e -> e.prefix().toString())
                .containsExactly("10.1.2.0/24", "2001:db8::/32");
        assertThat(rib.entries(RibQuery.family(V6))).hasSize(1);
        assertThat(rib.entries(RibQuery.all())).hasSize(5);
        assertThat(rib.entries(RibQuery.exact(p("10.1.0.0/16")).fromPeer(b))).isEmpty();
    }

    @Test
    void changingOptionsReRunsTheDecisionForEveryPrefix() {
        PeerInfo a2 = ebgp("a2", "10.0.0.3", 65001);
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()));
        rib.accept(a2, V4, List.of(route("10.1.0.0/16").from(a2).build()));
        assertThat(rib.bestPaths(p("10.1.0.0/16"))).hasSize(2);
        rib.setOptions(DecisionOptions.DEFAULT.withMaximumPaths(1, 1));
        assertThat(rib.bestPaths(p("10.1.0.0/16"))).hasSize(1);
        assertThat(changes.get(changes.size() - 1).newMultipath()).hasSize(1);
    }

    @Test
    void rfc4271Section9_1_2AnUnreachableNextHopBecomesUsableWhenTheResolverChanges() {
        rib.setNextHopResolver(new ConnectedNextHopResolver(List.of(p("192.168.0.0/24"))));
        rib.accept(a, V4, List.of(route("10.1.0.0/16").from(a).build()));
        assertThat(rib.best(p("10.1.0.0/16"))).isNull();
        assertThat(rib.entry(p("10.1.0.0/16")).orElseThrow().unreachable()).hasSize(1);
        rib.setNextHopResolver(new ConnectedNextHopResolver(List.of(p("10.0.0.0/24"))));
        assertThat(rib.best(p("10.1.0.0/16"))).isNotNull();
    }

    @Test
    void rejectsARouteOfAnotherFamilyOrPeer() {
        assertThatThrownBy(() -> rib.accept(a, V6, List.of(route("10.1.0.0/16").from(a).build())))
                .hasMessageContaining("ipv6-unicast");
        assertThatThrownBy(() -> rib.accept(a, V4, List.of(route("10.1.0.0/16").from(b).build())))
                .hasMessageContaining("accepted as from");
    }
}
