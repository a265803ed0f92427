package dev.bgplab.speaker.rib;

import static dev.bgplab.speaker.rib.Routes.ebgp;
import static dev.bgplab.speaker.rib.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocRibTest {

    private static final String P = "203.0.113.0/24";
    private final PeerInfo a = ebgp("a", "10.0.0.1", 65001);
    private final PeerInfo b = ebgp("b", "10.0.0.2", 65001);
    private final LocRib rib = new LocRib(new DecisionProcess(DecisionOptions.DEFAULT, NextHopResolver.ALL_REACHABLE));
    private final List<LocRibChange> changes = new ArrayList<>();

    LocRibTest() {
        rib.addListener(changes::add);
    }

    @Test
    void announcesANewPrefixThenItsEcmpGrowthThenItsWithdrawal() {
        Route ra = rib.put(route(P).from(a).build());
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.isNew()).isTrue();
            assertThat(c.newMultipath()).containsExactly(ra);
        });
        Route rb = rib.put(route(P).from(b).build());
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).bestChanged()).isFalse();
        assertThat(changes.get(1).newMultipath()).containsExactly(ra, rb);
        rib.remove(a, ra.prefix(), 0);
        assertThat(changes.get(2).newBest()).isEqualTo(rb);
        rib.remove(b, rb.prefix(), 0);
        assertThat(changes.get(3).isWithdrawal()).isTrue();
        assertThat(rib.prefixCount()).isZero();
        assertThat(rib.routeCount()).isZero();
    }

    @Test
    void identicalReannouncementChangesNothing() {
        rib.put(route(P).from(a).build());
        rib.put(route(P).from(a).build());
        assertThat(changes).hasSize(1);
        assertThat(rib.routeCount()).isEqualTo(1);
    }

    @Test
    void routesForOnePrefixShareTheLocRibPrefixInstance() {
        Route ra = rib.put(route(P).from(a).build());
        Route rb = rib.put(route(P).from(b).build());
        assertThat(rb.prefix()).isSameAs(ra.prefix());
    }

    @Test
    void entryListsBestMultipathOthersAndUnreachable() {
        LocRib connected = new LocRib(new DecisionProcess(DecisionOptions.DEFAULT,
                new ConnectedNextHopResolver(List.of(Prefix.parse("10.0.0.0/24")))));
        Route best = connected.put(route(P).from(a).localPref(200).build());
        Route other = connected.put(route(P).from(b).build());
        Route far = connected.put(route(P).from(ebgp("c", "10.0.0.3", 65003)).nextHop("172.16.0.1").build());
        LocRibEntry e = connected.entry(Prefix.parse(P)).orElseThrow();
        assertThat(e.best()).isEqualTo(best);
        assertThat(e.multipath()).containsExactly(best);
        assertThat(e.others()).containsExactly(other);
        assertThat(e.unreachable()).containsExactly(far);
    }

    @Test
    void reselectAllAppliesNewOptions() {
        rib.put(route(P).from(a).build());
        rib.put(route(P).from(b).build());
        changes.clear();
        rib.setDecisionProcess(new DecisionProcess(DecisionOptions.DEFAULT.withMaximumPaths(1, 1), NextHopResolver.ALL_REACHABLE));
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.newMultipath()).hasSize(1));
    }
}
