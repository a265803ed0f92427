package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bgplab.speaker.policy.Fixtures.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsPathOperationsTest {

    @Test
    void excludeRemovesEveryOccurrenceFromSequences() {
        assertThat(AsPathOperations.exclude(path("65515 65520 65520 65002"), List.of(65520L, 65515L))).isEqualTo(path("65002"));
    }

    @Test
    void excludeRemovesFromAsSetsAndDropsEmptiedSegments() {
        AsPath p = path("65001 {65520 65515} 65002");
        AsPath out = AsPathOperations.exclude(p, List.of(65520L, 65515L));
        assertThat(out.segments()).hasSize(2);
        assertThat(out.segments()).allMatch(s -> s.type() == AsPathSegment.Type.AS_SEQUENCE);
        assertThat(out.asns()).containsExactly(65001L, 65002L);
    }

    @Test
    void excludeKeepsTheRestOfAPartlyExcludedSet() {
        AsPath out = AsPathOperations.exclude(path("65001 {65520 64512}"), List.of(65520L));
        assertThat(out).isEqualTo(new AsPath(List.of(AsPathSegment.sequence(65001), AsPathSegment.set(64512))));
    }

    @Test
    void excludeOfEveryAsnYieldsTheEmptyPath() {
        assertThat(AsPathOperations.exclude(path("65515 {65520} 65515"), List.of(65515L, 65520L))).isEqualTo(AsPath.EMPTY);
        assertThat(AsPathOperations.excludeAll(path("1 2 3"))).isEqualTo(AsPath.EMPTY);
    }

    @Test
    void excludeHandlesFourOctetAsns() {
        assertThat(AsPathOperations.exclude(path("4200000001 65001 4200000001"), List.of(4_200_000_001L))).isEqualTo(path("65001"));
    }

    @Test
    void excludeByAccessListMatchesEachAsnOnItsOwn() {
        AsPathAccessList azure = new AsPathAccessList("AZ", List.of(new AsPathAccessList.AsPathRule(5, Action.PERMIT, "^6552[0-9]$"),
                new AsPathAccessList.AsPathRule(10, Action.DENY, "^65515$")));
        assertThat(AsPathOperations.excludeMatching(path("65515 65520 65002"), azure)).isEqualTo(path("65002"));
    }

    @Test
    void replaceWorksInsideAsSets() {
        AsPath out = AsPathOperations.replace(path("65001 {65515 64512}"), 65515, 65010);
        assertThat(out).isEqualTo(new AsPath(List.of(AsPathSegment.sequence(65001), AsPathSegment.set(65010, 64512))));
    }

    @Test
    void replaceOfFourOctetAsnsReplacesEveryOccurrence() {
        assertThat(AsPathOperations.replace(path("4200000000 65001 4200000000"), 4_200_000_000L, 4_294_967_294L))
                .isEqualTo(path("4294967294 65001 4294967294"));
    }

    @Test
    void replaceAnyReplacesEveryAsn() {
        assertThat(AsPathOperations.replaceAny(path("1 2 {3 4}"), 9).asns()).containsExactly(9L, 9L, 9L, 9L);
    }

    @Test
    void prependPutsAsnsInWrittenOrderIntoTheLeadingSequence() {
        assertThat(AsPathOperations.prepend(path("3 4"), List.of(1L, 2L))).isEqualTo(path("1 2 3 4"));
        assertThat(AsPathOperations.prepend(path("3 4"), List.of(1L, 2L)).segments()).hasSize(1);
    }

    @Test
    void prependOntoAPathStartingWithAnAsSetCreatesANewSequence() {
        AsPath out = AsPathOperations.prepend(path("{1 2} 3"), List.of(65001L));
        assertThat(out.segments()).hasSize(3);
        assertThat(out.segments().get(0)).isEqualTo(AsPathSegment.sequence(65001));
        assertThat(out.segments().get(1).type()).isEqualTo(AsPathSegment.Type.AS_SET);
    }

    @Test
    void prependOntoTheEmptyPath() {
        assertThat(AsPathOperations.prepend(AsPath.EMPTY, 65001, 3)).isEqualTo(path("65001 65001 65001"));
    }

    @Test
    void prependLastAsRepeatsTheLeftmostAsn() {
        assertThat(AsPathOperations.prependLastAs(path("65002 65003"), 2)).isEqualTo(path("65002 65002 65002 65003"));
    }

    @Test
    void prependLastAsLeavesAnEmptyPathUnchanged() {
        assertThat(AsPathOperations.prependLastAs(AsPath.EMPTY, 3)).isEqualTo(AsPath.EMPTY);
    }

    @Test
    void prependLastAsLeavesAPathStartingWithASetUnchanged() {
        AsPath p = path("{1 2} 3");
        assertThat(AsPathOperations.prependLastAs(p, 1)).isEqualTo(p);
    }

    @Test
    void prependLastAsAcceptsOnlyOneToTen() {
        assertThatThrownBy(() -> AsPathOperations.prependLastAs(path("1"), 11)).hasMessageContaining("1..10");
        assertThatThrownBy(() -> AsPathOperations.prependLastAs(path("1"), 0)).hasMessageContaining("1..10");
    }

    @Test
    void privateRangesFollowRfc6996() {
        assertThat(AsPathOperations.isPrivate(64511)).isFalse();
        assertThat(AsPathOperations.isPrivate(64512)).isTrue();
        assertThat(AsPathOperations.isPrivate(65534)).isTrue();
        assertThat(AsPathOperations.isPrivate(65535)).isFalse();
        assertThat(AsPathOperations.isPrivate(4_199_999_999L)).isFalse();
        assertThat(AsPathOperations.isPrivate(4_200_000_000L)).isTrue();
        assertThat(AsPathOperations.isPrivate(4_294_967_294L)).isTrue();
        assertThat(AsPathOperations.isPrivate(4_294_967_295L)).isFalse();
    }

    @Test
    void removePrivateAsPlainLeavesAMixedPathAlone() {
        AsPath mixed = path("65001 3356 64512");
        assertThat(AsPathOperations.removePrivateAs(mixed, RemovePrivateAs.PLAIN, 100, 200)).isEqualTo(mixed);
    }

    @Test
    void removePrivateAsPlainEmptiesAnAllPrivatePath() {
        assertThat(AsPathOperations.removePrivateAs(path("65001 {64512 4200000000}"), RemovePrivateAs.PLAIN, 100, 200)).isEqualTo(AsPath.EMPTY);
    }

    @Test
    void removePrivateAsAllStripsPrivateAsnsFromAMixedPath() {
        assertThat(AsPathOperations.removePrivateAs(path("65001 3356 64512 {65002 174}"), RemovePrivateAs.ALL, 100, 200))
                .isEqualTo(new AsPath(List.of(AsPathSegment.sequence(3356), AsPathSegment.set(174))));
    }

    @Test
    void removePrivateAsReplaceAsReplacesOnlyWhenAllPrivate() {
        assertThat(AsPathOperations.removePrivateAs(path("65001 3356"), RemovePrivateAs.REPLACE_AS, 100, 200)).isEqualTo(path("65001 3356"));
        assertThat(AsPathOperations.removePrivateAs(path("65001 65002"), RemovePrivateAs.REPLACE_AS, 100, 200)).isEqualTo(path("100 100"));
    }

    @Test
    void removePrivateAsAllReplaceAsReplacesEveryPrivateAsn() {
        assertThat(AsPathOperations.removePrivateAs(path("65001 3356 4200000001"), RemovePrivateAs.ALL_REPLACE_AS, 100, 200))
                .isEqualTo(path("100 3356 100"));
    }

    @Test
    void removePrivateAsKeepsThePeersOwnAsnSoItCanDetectLoops() {
        assertThat(AsPathOperations.removePrivateAs(path("65001 65002 3356"), RemovePrivateAs.ALL, 100, 65002)).isEqualTo(path("65002 3356"));
        assertThat(AsPathOperations.removePrivateAs(path("65001 65002"), RemovePrivateAs.ALL_REPLACE_AS, 100, 65002)).isEqualTo(path("100 65002"));
    }

    @Test
    void asOverrideReplacesThePeersAsnWithOurs() {
        assertThat(AsPathOperations.asOverride(path("65000 65100 65000"), 65100, 65000)).isEqualTo(path("65000 65000 65000"));
    }

    @Test
    void loopCountCountsSequencesAndSets() {
        assertThat(AsPathOperations.loopCount(path("65515 1 {65515 2}"), 65515)).isEqualTo(2);
        assertThat(AsPathOperations.loopCount(AsPath.EMPTY, 65515)).isZero();
    }

    @Test
    void lastAsIsTheLastAsnOfTheLastSequence() {
        assertThat(AsPathOperations.lastAs(path("1 2 3"))).isEqualTo(3);
        assertThat(AsPathOperations.lastAs(path("1 2 {3 4}"))).isEqualTo(2);
        assertThat(AsPathOperations.lastAs(AsPath.EMPTY)).isEqualTo(-1);
    }

    @Test
    void frrStringWritesSetsWithCommas() {
        assertThat(AsPathOperations.frrString(path("65001 65002 {1 2}"))).isEqualTo("65001 65002 {1,2}");
        assertThat(AsPathOperations.frrString(AsPath.EMPTY)).isEmpty();
    }
}
