package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A destination holds one candidate directly and two or more in an array: it must behave as one list either way. */
class DestinationTest {

    private static final Prefix P = new Prefix(AddressFamily.IPV4_UNICAST, 0, 0x0A00_0000L, 24);
    private static final List<PeerInfo> PEERS = List.of(
            Routes.ebgp("a", "10.0.0.1", 64501), Routes.ebgp("b", "10.0.0.2", 64502), Routes.ebgp("c", "10.0.0.3", 64503));

    /** Put (add) or remove the candidate of one (peer, path id) slot; {@code version} tells replaced routes apart. */
    record Op(boolean add, int peer, long pathId, int version) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 2), Arbitraries.integers().between(0, 1000)).as(Op::new).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void candidatesBehaveLikeOneMapFromSlotToRoute(@ForAll("ops") List<Op> ops) {
        Destination d = new Destination(P);
        Map<String, Route> ref = new LinkedHashMap<>();
        for (Op op : ops) {
            PeerInfo peer = PEERS.get(op.peer());
            String slot = peer.name() + "/" + op.pathId();
            if (op.add()) {
                Route r = new Route(P, op.pathId(), PathAttributes.of(List.of()), peer, op.version(), false);
                assertThat(d.put(r)).isSameAs(ref.put(slot, r));
            } else {
                assertThat(d.remove(peer, op.pathId())).isSameAs(ref.remove(slot));
            }
            assertThat(d.count()).isEqualTo(ref.size());
            assertThat(d.isEmpty()).isEqualTo(ref.isEmpty());
            assertThat(new ArrayList<>(d.candidateList())).containsExactlyInAnyOrderElementsOf(ref.values());
            if (ref.size() == 1) assertThat(d.only()).isSameAs(ref.values().iterator().next());
            if (ref.size() > 1) assertThat(d.several()).containsExactlyInAnyOrderElementsOf(ref.values());
        }
    }
}
