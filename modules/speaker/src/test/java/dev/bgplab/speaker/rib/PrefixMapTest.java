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
