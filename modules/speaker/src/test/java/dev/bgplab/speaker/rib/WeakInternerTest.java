package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakInternerTest {

    /** A value whose instances are equal by content (new String(...) would do, but this keeps hashes colliding). */
    record Key(int n) {
        @Override public int hashCode() { return n % 7; } // long chains: lookups must compare, not trust the hash
    }

    @Test
    void findsTheHeldInstanceEqualToAValueAcrossResizes() {
        WeakInterner<Key> interner = new WeakInterner<>();
        List<Key> held = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Key k = new Key(i);
            assertThat(interner.find(k)).isNull();
            interner.add(k);
            held.add(k);
        }
        assertThat(interner.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) assertThat(interner.find(new Key(i))).isSameAs(held.get(i));
        assertThat(interner.find(new Key(5000))).isNull();
    }

    @Test
    void dropsInstancesNothingElseRefersTo() {
        WeakInterner<Key> interner = new WeakInterner<>();
        Key kept = new Key(-1);
        interner.add(kept);
        for (int i = 0; i < 10_000; i++) interner.add(new Key(i)); // garbage as soon as added
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return interner.size() == 1;
        });
        assertThat(interner.find(new Key(-1))).isSameAs(kept);
        for (int i = 0; i < 100; i++) assertThat(interner.find(new Key(i))).isNull();
        interner.add(new Key(3)); // held again after being dropped
        assertThat(interner.size()).isEqualTo(2);
    }
}
