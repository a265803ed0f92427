package dev.bgplab.speaker.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bgplab.speaker.policy.Fixtures.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsPathRegexTest {

    private static boolean matches(String regex, String asPath) {
        return AsPathRegex.compile(regex).matcher(AsPathOperations.frrString(path(asPath))).find();
    }

    @Test
    void underscoreMatchesSpacesAndBothEnds() {
        assertThat(matches("_65515_", "65001 65515 65002")).isTrue();
        assertThat(matches("_65515_", "65515")).isTrue();
        assertThat(matches("_65515_", "65001 165515")).isFalse();
        assertThat(matches("_65515_", "655150 1")).isFalse();
    }

    @Test
    void underscoreMatchesBracesAndCommasOfSets() {
        assertThat(matches("_64513_", "65001 {64512 64513}")).isTrue();
        assertThat(matches("_64512_", "65001 {64512 64513}")).isTrue();
        assertThat(matches("_6451_", "65001 {64512 64513}")).isFalse();
    }

    @Test
    void anchorsWorkAsInFrr() {
        assertThat(matches("^65001$", "65001")).isTrue();
        assertThat(matches("^65001$", "65001 65002")).isFalse();
        assertThat(matches("^65001_", "65001 65002")).isTrue();
        assertThat(matches("_65002$", "65001 65002")).isTrue();
    }

    @Test
    void caretDollarMatchesOnlyTheEmptyPath() {
        assertThat(matches("^$", "")).isTrue();
        assertThat(matches("^$", "65001")).isFalse();
    }

    @Test
    void dotStarMatchesEverything() {
        assertThat(matches(".*", "")).isTrue();
        assertThat(matches(".*", "1 {2 3}")).isTrue();
    }

    @Test
    void unanchoredNumberMatchesInsideLongerAsns() {
        assertThat(matches("65001", "165001")).isTrue();
    }

    @Test
    void accessListFirstMatchDecidesAndNoMatchDenies() {
        AsPathAccessList l = new AsPathAccessList("L", List.of(
                new AsPathAccessList.AsPathRule(10, Action.DENY, "_65515_"),
                new AsPathAccessList.AsPathRule(20, Action.PERMIT, "^65001_")));
        assertThat(l.permits(path("65001 65002"))).isTrue();
        assertThat(l.permits(path("65001 65515"))).isFalse();
        assertThat(l.firstMatch(path("65001 65515")).orElseThrow().seq()).isEqualTo(10);
        assertThat(l.permits(path("65009"))).isFalse();
        assertThat(l.firstMatch(path("65009"))).isEmpty();
    }

    @Test
    void badRegexIsRejectedWithTheExpression() {
        assertThatThrownBy(() -> AsPathRegex.compile("(65001")).hasMessageContaining("(65001");
    }

    @Test
    void posixCharacterClassesWork() {
        assertThat(matches("^65001_[[:digit:]]+$", "65001 65002")).isTrue();
        assertThat(matches("^[[:digit:]]+$", "65001 65002")).isFalse();
    }
}
