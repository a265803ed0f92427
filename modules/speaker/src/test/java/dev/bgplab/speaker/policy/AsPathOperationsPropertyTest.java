package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AsPathOperationsPropertyTest {

    @Provide
    Arbitrary<AsPath> paths() {
        Arbitrary<Long> asn = Arbitraries.oneOf(Arbitraries.longs().between(1, 10), Arbitraries.longs().between(64512, 64520),
                Arbitraries.longs().between(1, 4_294_967_295L));
        Arbitrary<AsPathSegment> seg = Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET),
                asn.list().ofMinSize(1).ofMaxSize(6)).as(AsPathSegment::new);
        return seg.list().ofMaxSize(4).map(AsPath::new);
    }

    @Provide
    Arbitrary<Long> smallAsn() { return Arbitraries.longs().between(1, 10); }

    @Property
    void excludeResultNeverContainsTheExcludedAsn(@ForAll("paths") AsPath p, @ForAll("smallAsn") long x) {
        AsPath out = AsPathOperations.exclude(p, List.of(x));
        assertThat(out.contains(x)).isFalse();
        assertThat(out.segments()).allMatch(s -> !s.asns().isEmpty());
        assertThat(out.asns().size()).isEqualTo(p.asns().size() - p.count(x));
    }

    @Property
    void prependIncreasesTheLengthByN(@ForAll("paths") AsPath p, @ForAll("smallAsn") long x, @ForAll @IntRange(min = 1, max = 10) int n) {
        AsPath out = AsPathOperations.prepend(p, x, n);
        assertThat(out.length()).isEqualTo(p.length() + n);
        assertThat(AsPathOperations.leftmostSequenceAs(out)).isEqualTo(x);
    }

    @Property
    void replaceLeavesNoOccurrenceOfTheTarget(@ForAll("paths") AsPath p, @ForAll("smallAsn") long x) {
        AsPath out = AsPathOperations.replace(p, x, 65000);
        assertThat(out.contains(x)).isFalse();
        assertThat(out.asns().size()).isEqualTo(p.asns().size());
    }

    @Property
    void removePrivateAllLeavesOnlyPublicAsnsOrThePeers(@ForAll("paths") AsPath p) {
        AsPath out = AsPathOperations.removePrivateAs(p, RemovePrivateAs.ALL, 100, 64513);
        assertThat(out.asns()).allMatch(a -> !AsPathOperations.isPrivate(a) || a == 64513);
    }

    @Property
    void prependLastAsKeepsTheLeftmostAsn(@ForAll("paths") AsPath p, @ForAll @IntRange(min = 1, max = 10) int n) {
        AsPath out = AsPathOperations.prependLastAs(p, n);
        long left = AsPathOperations.leftmostSequenceAs(p);
        if (left > 0) assertThat(out.length()).isEqualTo(p.length() + n);
        else assertThat(out).isEqualTo(p);
    }
}
