package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The Adj-RIB-Out against a model made of two plain maps (what was sent, and the changes waiting
 * in first-change order) under random announcements, withdrawals, batches taken and session
 * resets: the same return values, the same transitions in the same order, the same counts per
 * member and the same advertised routes after every step. The Adj-RIB-Out keeps both in one table
 * with a queued-change object per waiting entry; the model is the obvious two-table version.
 */
class AdjRibOutModelPropertiesTest {

    private static final List<Prefix> PREFIXES = List.of(Prefix.parse("203.0.113.0/24"), Prefix.parse("198.51.100.0/24"),
            Prefix.parse("192.0.2.0/25"), Prefix.parse("192.0.2.128/25"));
    private static final List<PathAttributes> SETS = List.of(set(65001), set(65002), set(65003));
    private static final List<String> SOURCES = java.util.Arrays.asList(null, "a", "b");

    private static PathAttributes set(long as) {
        return PathAttributes.of(List.of(Origin.IGP, AsPath.of(as), NextHop.of(Routes.ip("10.0.0.1"))));
    }

    sealed interface Op permits Announce, Withdraw, Take, Reset {}
    record Announce(int prefix, long pathId, int set, int source) implements Op {}
    record Withdraw(int prefix, long pathId) implements Op {}
    record Take() implements Op {}
    record Reset() implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> prefix = Arbitraries.integers().between(0, PREFIXES.size() - 1);
        Arbitrary<Long> pathId = Arbitraries.of(0L, 0L, 0L, 7L);
        Arbitrary<Op> announce = Combinators.combine(prefix, pathId, Arbitraries.integers().between(0, SETS.size() - 1),
                Arbitraries.integers().between(0, SOURCES.size() - 1)).as(Announce::new);
        Arbitrary<Op> withdraw = Combinators.combine(prefix, pathId).as(Withdraw::new);
        return Arbitraries.frequencyOf(Tuple.of(8, announce), Tuple.of(4, withdraw), Tuple.of(3, Arbitraries.just(new Take())),
                Tuple.of(1, Arbitraries.just(new Reset()))).list().ofMinSize(1).ofMaxSize(60);
    }

    record Key(Prefix prefix, long pathId) {}

    /** The obvious version: a map of what was sent, and a map of what waits in first-change order. */
    private static final class Model {
        final Map<Key, AdjRibOut.Advert> sent = new HashMap<>();
        final LinkedHashMap<Key, AdjRibOut.Advert> waiting = new LinkedHashMap<>();

        boolean announce(Key k, AdjRibOut.Advert a) {
            if (a.equals(sent.get(k))) {
                boolean waited = waiting.containsKey(k); // null there is a waiting withdrawal
                waiting.remove(k);
                return waited;
            }
            AdjRibOut.Advert before = waiting.put(k, a);
            return !a.equals(before);
        }

        boolean withdraw(Key k) {
            if (!sent.containsKey(k)) {
                waiting.remove(k);
                return false;
            }
            if (waiting.containsKey(k) && waiting.get(k) == null) return false;
            waiting.put(k, null);
            return true;
        }

        List<AdjRibOut.Transition> take() {
            List<AdjRibOut.Transition> out = new ArrayList<>();
            waiting.forEach((k, after) -> {
                AdjRibOut.Advert before = after == null ? sent.remove(k) : sent.put(k, after);
                out.add(new AdjRibOut.Transition(k.prefix(), k.pathId(), before, after));
            });
            waiting.clear();
            return out;
        }

        int count(String member) {
            return (int) sent.values().stream().filter(a -> member == null || !member.equals(a.source())).count();
        }
    }

    @Property(tries = 400)
    void theAdjRibOutBehavesLikeTwoPlainMaps(@ForAll("ops") List<Op> ops) {
        AdjRibOut out = new AdjRibOut(Routes.LOCAL, AddressFamily.IPV4_UNICAST);
        Model model = new Model();
        for (Op op : ops) {
            switch (op) {
                case Announce a -> {
                    // a fresh Prefix instance each time, as export hands over whatever instance it has
                    Prefix p = Prefix.parse(PREFIXES.get(a.prefix()).toString());
                    String source = SOURCES.get(a.source());
                    boolean expected = model.announce(new Key(p, a.pathId()), new AdjRibOut.Advert(SETS.get(a.set()), source));
                    assertThat(out.announce(p, a.pathId(), SETS.get(a.set()), source)).as("%s", op).isEqualTo(expected);
                }
                case Withdraw w -> {
                    Prefix p = PREFIXES.get(w.prefix());
                    boolean expected = model.withdraw(new Key(p, w.pathId()));
                    assertThat(out.withdraw(p, w.pathId())).as("%s", op).isEqualTo(expected);
                }
                case Take t -> assertThat(out.takeTransitions()).as("batch taken").isEqualTo(model.take());
                case Reset r -> {
                    out.clear();
                    model.sent.clear();
                    model.waiting.clear();
                }
            }
            assertThat(out.pendingCount()).as("pending after %s", op).isEqualTo(model.waiting.size());
            assertThat(out.hasPending()).isEqualTo(!model.waiting.isEmpty());
            for (String member : SOURCES) {
                assertThat(out.advertisedCount(member)).as("count for %s after %s", member, op).isEqualTo(model.count(member));
                List<AdjRibOutChange> expected = new ArrayList<>();
                model.sent.forEach((k, a) -> {
                    if (member == null || !member.equals(a.source())) {
                        expected.add(new AdjRibOutChange.Announce(k.prefix(), k.pathId(), a.attributes()));
                    }
                });
                assertThat(new HashSet<>(out.advertisedRoutes(member))).as("routes for %s after %s", member, op)
                        .isEqualTo(new HashSet<>(expected));
            }
            for (Prefix p : PREFIXES) {
                for (long id : new long[] {0, 7}) {
                    AdjRibOut.Advert a = model.sent.get(new Key(p, id));
                    assertThat(out.advertisedAdvert(p, id)).isEqualTo(a);
                    assertThat(out.advertised(p, id)).isEqualTo(a == null ? null : a.attributes());
                }
            }
            List<String> visited = new ArrayList<>();
            out.forEachAdvertised((p, id, a) -> visited.add(p + "#" + id + "=" + Objects.hashCode(a)));
            assertThat(visited).hasSize(model.sent.size());
        }
    }
}
