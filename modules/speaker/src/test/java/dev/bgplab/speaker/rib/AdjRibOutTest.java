package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

class AdjRibOutTest {

    private final AdjRibOut out = new AdjRibOut(Routes.ebgp("a", "10.0.0.1", 65001), AddressFamily.IPV4_UNICAST);
    private final Prefix p = Prefix.parse("10.0.0.0/8");
    private final PathAttributes x = PathAttributes.of(Origin.IGP, AsPath.of(65000), NextHop.of("10.0.0.254"));
    private final PathAttributes y = PathAttributes.of(Origin.IGP, AsPath.of(65000, 65000), NextHop.of("10.0.0.254"));

    @Test
    void suppressesAnAnnouncementThePeerAlreadyHas() {
        assertThat(out.announce(p, x)).isTrue();
        assertThat(out.takePending()).singleElement().isEqualTo(new AdjRibOutChange.Announce(p, 0, x));
        assertThat(out.announce(p, PathAttributes.of(Origin.IGP, AsPath.of(65000), NextHop.of("10.0.0.254")))).isFalse();
        assertThat(out.hasPending()).isFalse();
        assertThat(out.advertised(p, 0)).isEqualTo(x);
    }

    @Test
    void changesWaitingForTheNextBatchCollapsePerPrefix() {
        out.announce(p, x);
        out.takePending();
        out.announce(p, y);
        assertThat(out.announce(p, y)).isFalse();
        out.withdraw(p);
        out.announce(p, y);
        assertThat(out.takePending()).singleElement().isEqualTo(new AdjRibOutChange.Announce(p, 0, y));
        // flapping back to what was sent before the batch leaves nothing to send
        out.announce(p, x);
        out.announce(p, y);
        assertThat(out.pendingCount()).isZero();
    }

    @Test
    void withdrawingWhatWasNeverSentSendsNothing() {
        assertThat(out.withdraw(p)).isFalse();
        out.announce(p, x);
        assertThat(out.withdraw(p)).isFalse();
        assertThat(out.hasPending()).isFalse();
        out.announce(p, x);
        out.takePending();
        assertThat(out.withdraw(p)).isTrue();
        assertThat(out.takePending()).singleElement().isEqualTo(new AdjRibOutChange.Withdraw(p, 0));
        assertThat(out.advertisedCount()).isZero();
    }

    @Test
    void rfc2918Section4RouteRefreshIsAnsweredFromWhatWasAdvertised() {
        Prefix q = Prefix.parse("11.0.0.0/8");
        out.announce(p, x);
        out.announce(q, y);
        out.takePending();
        out.announce(q, x); // not sent yet: a refresh repeats what the peer has
        assertThat(out.advertisedRoutes()).containsExactlyInAnyOrder(
                new AdjRibOutChange.Announce(p, 0, x), new AdjRibOutChange.Announce(q, 0, y));
    }

    @Test
    void rfc7911AddPathKeepsOneEntryPerPathId() {
        out.announce(p, 1, x);
        out.announce(p, 2, y);
        assertThat(out.takePending()).hasSize(2);
        assertThat(out.advertised(p, 1)).isEqualTo(x);
        assertThat(out.advertised(p, 2)).isEqualTo(y);
        assertThat(out.advertisedCount()).isEqualTo(2);
    }

    @Test
    void aChangeDroppedAndQueuedAgainGoesOutOnceInTheNextBatch() {
        Prefix q = Prefix.parse("11.0.0.0/8");
        out.announce(p, x);
        out.takePending();
        out.announce(p, y);
        out.announce(q, x);
        out.announce(p, x); // back to what was sent: dropped
        out.announce(p, y); // queued again
        assertThat(out.takePending()).containsExactlyInAnyOrder(new AdjRibOutChange.Announce(q, 0, x), new AdjRibOutChange.Announce(p, 0, y));
        assertThat(out.hasPending()).isFalse();
    }

    @Test
    void aGroupMemberDoesNotHoldTheEntriesOfItsOwnRoutes() {
        Prefix q = Prefix.parse("11.0.0.0/8");
        out.announce(p, 0, x, "c1");
        out.announce(q, 0, y, "c2");
        assertThat(out.takeTransitions()).extracting(AdjRibOut.Transition::before).containsOnlyNulls();
        assertThat(out.advertisedCount("c1")).isEqualTo(1);
        assertThat(out.advertisedRoutes("c1")).containsExactly(new AdjRibOutChange.Announce(q, 0, y));
        // the same attributes from another peer are a change: c1 now holds p, c2 does not hold it
        out.announce(p, 0, x, "c2");
        AdjRibOut.Transition t = out.takeTransitions().get(0);
        assertThat(t.before().source()).isEqualTo("c1");
        assertThat(t.after().source()).isEqualTo("c2");
        assertThat(out.advertisedCount("c1")).isEqualTo(2);
        assertThat(out.advertisedCount("c2")).isZero();
    }
}
