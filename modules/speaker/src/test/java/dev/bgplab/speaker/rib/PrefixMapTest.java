package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PrefixMapTest {

    /** An operation: put (value >= 0) or remove (value < 0) of a prefix from a small space, so keys repeat. */
    record Op(Prefix prefix, int value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Prefix> prefixes = Combinators.combine(Arbitraries.of(AddressFamily.class), Arbitraries.integers().between(0, 300),
                Arbitraries.of(8, 16, 24, 32)).as((f, n, len) -> f == AddressFamily.IPV4_UNICAST
                        ? new Prefix(f, 0, (long) n << 8, Math.min(len, 32))
                        : new Prefix(f, (long) n << 40, 0, len));
        return Combinators.combine(prefixes, Arbitraries.integers().between(-1, 5)).as(Op::new).list().ofMaxSize(2000);
    }

    /** IPv4 keys only: the table stays in its layout of primitive keys, including 0.0.0.0/0 and host routes. */
    @Provide
    Arbitrary<List<Op>> ipv4Ops() {
        // a small space (so keys repeat) spread over all four octets, every length class
        Arbitrary<Prefix> prefixes = Combinators.combine(Arbitraries.integers().between(0, 300),
                Arbitraries.of(0, 1, 8, 16, 24, 31, 32)).as((n, len) ->
                        new Prefix(AddressFamily.IPV4_UNICAST, 0, (n * 0x0101_0101L) & 0xFFFF_FFFFL, len));
        return Combinators.combine(prefixes, Arbitraries.integers().between(-1, 5)).as(Op::new).list().ofMaxSize(2000);
    }

    /** Dense IPv4 keys: runs of neighbouring /23, /24 and /25s, which share aligned runs of slots and collide as whole runs. */
    @Provide
    Arbitrary<List<Op>> denseIpv4Ops() {
        Arbitrary<Prefix> prefixes = Combinators.combine(Arbitraries.integers().between(0, 200), Arbitraries.of(23, 24, 25))
                .as((n, len) -> new Prefix(AddressFamily.IPV4_UNICAST, 0, (0x0A00_0000L + ((long) n << (32 - len))) & 0xFFFF_FFFFL, len));
        return Combinators.combine(prefixes, Arbitraries.integers().between(-1, 5)).as(Op::new).list().ofMaxSize(2000);
    }

    @Property(tries = 200)
    void withDenseIpv4KeysBehavesLikeAHashMap(@ForAll("denseIpv4Ops") List<Op> ops) {
        behavesLikeAHashMap(ops);
    }

    private static Prefix slash24(int n) {
        return new Prefix(AddressFamily.IPV4_UNICAST, 0, (0x0100_0000L + ((long) n << 8)) & 0xFFFF_FFFFL, 24);
    }

    @Test
    void eightNeighbouringPrefixesSitInOneRunOfSlotsInOrder() {
        PrefixMap<Integer> map = new PrefixMap<>();
        for (int i = 0; i < 8; i++) map.put(slash24(8 * 1000 + i), i); // 1.0.0.0/24 + 8000..8007: one aligned run
        List<Integer> walk = new java.util.ArrayList<>();
        map.forEach((p, v) -> walk.add(v));
        assertThat(walk).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(map.meanProbeLength()).isEqualTo(1.0);
    }

    @Test
    void aMillionNeighbouringPrefixesAndRandomOnesProbeLessThanACacheLine() {
        PrefixMap<Integer> sequential = new PrefixMap<>();
        for (int i = 0; i < 1_000_000; i++) sequential.put(slash24(i), i);
        // eight keys of longs per 64-byte line: a lookup that reads under 8 slots on average stays within about one line
        assertThat(sequential.meanProbeLength()).isLessThan(8.0);
        PrefixMap<Integer> random = new PrefixMap<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            int len = 8 + r.nextInt(25);
            random.put(new Prefix(AddressFamily.IPV4_UNICAST, 0, r.nextLong(1L << 32), len), i);
        }
        assertThat(random.meanProbeLength()).isLessThan(2.0);
    }

    @Property(tries = 200)
    void withIpv4KeysOnlyBehavesLikeAHashMap(@ForAll("ipv4Ops") List<Op> ops) {
        behavesLikeAHashMap(ops);
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("ops") List<Op> ops) {
        PrefixMap<Integer> mine = new PrefixMap<>();
        Map<Prefix, Integer> ref = new HashMap<>();
        for (Op op : ops) {
            if (op.value() < 0) {
                assertThat(mine.remove(op.prefix())).isEqualTo(ref.remove(op.prefix()));
            } else {
                assertThat(mine.put(op.prefix(), op.value())).isEqualTo(ref.put(op.prefix(), op.value()));
            }
            assertThat(mine.size()).isEqualTo(ref.size());
        }
        for (Map.Entry<Prefix, Integer> e : ref.entrySet()) assertThat(mine.get(e.getKey())).isEqualTo(e.getValue());
        Map<Prefix, Integer> seen = new HashMap<>();
        mine.forEach(seen::put);
        assertThat(seen).isEqualTo(ref);
    }
}
