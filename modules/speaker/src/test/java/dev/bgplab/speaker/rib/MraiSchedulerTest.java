package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MraiSchedulerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PeerInfo ebgpPeer = Routes.ebgp("a", "10.0.0.1", 65001);
    private final AdjRibOut out = new AdjRibOut(ebgpPeer, AddressFamily.IPV4_UNICAST);
    private final PathAttributes attrs = PathAttributes.of(Origin.IGP, AsPath.of(65000), NextHop.of("10.0.0.254"));

    private void advance(Duration d) { now.addAndGet(d.toNanos()); }

    @Test
    void zeroIntervalSendsEveryBatchAtOnce() {
        MraiScheduler mrai = new MraiScheduler(Duration.ZERO, now::get);
        out.announce(Prefix.parse("10.0.0.0/8"), attrs);
        assertThat(mrai.takeBatch(out)).hasSize(1);
        out.announce(Prefix.parse("11.0.0.0/8"), attrs);
        assertThat(mrai.takeBatch(out)).hasSize(1);
    }

    @Test
    void rfc4271Section9_2_1_1ChangesWithinTheMraiIntervalWaitAndGoTogether() {
        MraiScheduler mrai = MraiScheduler.forPeer(ebgpPeer, Duration.ofSeconds(30), Duration.ofSeconds(5), now::get);
        assertThat(mrai.interval()).isEqualTo(Duration.ofSeconds(30));
        out.announce(Prefix.parse("10.0.0.0/8"), attrs);
        assertThat(mrai.takeBatch(out)).hasSize(1); // the first batch goes at once
        out.announce(Prefix.parse("11.0.0.0/8"), attrs);
        advance(Duration.ofSeconds(10));
        out.announce(Prefix.parse("12.0.0.0/8"), attrs);
        assertThat(mrai.takeBatch(out)).isEmpty();
        assertThat(mrai.nanosUntilNextBatch()).isEqualTo(Duration.ofSeconds(20).toNanos());
        advance(Duration.ofSeconds(20));
        assertThat(mrai.mayAdvertise()).isTrue();
        assertThat(mrai.takeMessages(out, new UpdatePacker(CodecContext.FOUR_OCTET))).singleElement()
                .satisfies(m -> assertThat(m.nlri()).hasSize(2));
    }

    @Test
    void rfc4271Section10IbgpPeersUseTheIbgpMraiInterval() {
        MraiScheduler mrai = MraiScheduler.forPeer(Routes.ibgp("i", "10.1.0.1"), Duration.ofSeconds(30), Duration.ofSeconds(5), now::get);
        assertThat(mrai.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(MraiScheduler.withDefaults(ebgpPeer).interval()).isEqualTo(Duration.ZERO);
    }
}
