package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathTableTest {

    private final Prefix p = Prefix.parse("10.0.0.0/8");

    @Test
    void keepsOnePathPerPathIdAndCountsThem() {
        PathTable<String> t = new PathTable<>();
        assertThat(t.put(p, 0, "a")).isNull();
        assertThat(t.put(p, 7, "b")).isNull();
        assertThat(t.put(p, 9, "c")).isNull();
        assertThat(t.put(p, 7, "b2")).isEqualTo("b");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.prefixCount()).isEqualTo(1);
        assertThat(t.get(p, 0)).isEqualTo("a");
        assertThat(t.get(p, 7)).isEqualTo("b2");
        assertThat(t.get(p, 8)).isNull();
        List<String> seen = new ArrayList<>();
        t.forEach((q, id, v) -> seen.add(id + "=" + v));
        assertThat(seen).containsExactlyInAnyOrder("0=a", "7=b2", "9=c");
        assertThat(t.remove(p, 7)).isEqualTo("b2");
        assertThat(t.remove(p, 9)).isEqualTo("c");
        assertThat(t.get(p, 0)).isEqualTo("a");
        assertThat(t.remove(p, 0)).isEqualTo("a");
        assertThat(t.size()).isZero();
        assertThat(t.prefixCount()).isZero();
    }

    @Test
    void singlePathWithNonZeroIdIsFoundOnlyUnderItsId() {
        PathTable<String> t = new PathTable<>();
        t.put(p, 5, "x");
        assertThat(t.get(p, 0)).isNull();
        assertThat(t.remove(p, 0)).isNull();
        assertThat(t.get(p, 5)).isEqualTo("x");
        assertThat(t.remove(p, 5)).isEqualTo("x");
        assertThat(t.prefixCount()).isZero();
    }

    @Test
    void putIfAbsentStoresOnlyWhatIsMissingUnderEveryShape() {
        PathTable<String> t = new PathTable<>();
        assertThat(t.putIfAbsent(p, 0, "a")).isNull();          // empty slot
        assertThat(t.putIfAbsent(p, 0, "a2")).isEqualTo("a");   // single path, present
        assertThat(t.putIfAbsent(p, 7, "b")).isNull();          // single path, another id: becomes several
        assertThat(t.putIfAbsent(p, 7, "b2")).isEqualTo("b");   // several, present
        assertThat(t.putIfAbsent(p, 9, "c")).isNull();          // several, missing
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get(p, 0)).isEqualTo("a");
        assertThat(t.get(p, 7)).isEqualTo("b");
        assertThat(t.get(p, 9)).isEqualTo("c");
    }
}
