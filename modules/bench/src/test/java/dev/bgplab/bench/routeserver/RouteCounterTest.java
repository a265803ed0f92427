package dev.bgplab.bench.routeserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RouteCounterTest {
    @Test
    void prefixIndexRoundTripsAndSkipsLoopback() {
        for (int i : new int[] {0, 1, 65535, (127 - 11) << 16, ((127 - 11) << 16) - 1, 10_000_000}) {
            int s = Workload.slash24(i);
            assertThat(s >>> 16).isNotEqualTo(127);
            assertThat(Workload.index(s)).isEqualTo(i);
        }
        assertThat(Workload.index(127 << 16)).isEqualTo(-1);
        assertThat(Workload.index(10 << 16)).isEqualTo(-1);
    }

    @Test
    void countsEveryAnnouncedPrefixOnceAndTracksItsFeeder() {
        RouteCounter c = new RouteCounter(25, 65000);
        feed(c, ByteBuffer.allocate(0), Workload.updates(1, 0, 25).toArray(ByteBuffer[]::new));
        assertThat(c.heldNow).isEqualTo(25);
        assertThat(c.via1).isEqualTo(25);
        assertThat(c.fullAt).isPositive();
        assertThat(c.updates()).isEqualTo(3); // 10 + 10 + 5 prefixes, one AS path each

        feed(c, ByteBuffer.allocate(0), Workload.updates(2, 0, 25).toArray(ByteBuffer[]::new));
        assertThat(c.heldNow).isEqualTo(25);
        assertThat(c.via2).isEqualTo(25);
        assertThat(c.fullViaAt(2)).isPositive();
        assertThat(c.fullViaAt(1)).isZero();
    }

    @Test
    void withdrawnPrefixesAreNoLongerHeld() {
        RouteCounter c = new RouteCounter(10, 65000);
        feed(c, ByteBuffer.allocate(0), Workload.updates(1, 0, 10).toArray(ByteBuffer[]::new));
        ByteBuffer withdraw = ByteBuffer.allocate(19 + 4 + 8);
        BgpMessages.putHeader(withdraw, 31, BgpMessages.UPDATE);
        int s0 = Workload.slash24(0);
        int s1 = Workload.slash24(1);
        withdraw.putShort((short) 8).put((byte) 24).put((byte) (s0 >>> 16)).put((byte) (s0 >>> 8)).put((byte) s0)
                .put((byte) 24).put((byte) (s1 >>> 16)).put((byte) (s1 >>> 8)).put((byte) s1).putShort((short) 0);
        feed(c, withdraw.flip());
        assertThat(c.heldNow).isEqualTo(8);
        assertThat(c.fullAt).isZero();
    }

    private static void feed(RouteCounter c, ByteBuffer first, ByteBuffer... more) {
        ByteBuffer all = ByteBuffer.allocate(1 << 20);
        all.put(first.duplicate());
        for (ByteBuffer b : more) {
            all.put(b.duplicate());
        }
        c.accept(all.array(), 0, all.position());
    }
}
