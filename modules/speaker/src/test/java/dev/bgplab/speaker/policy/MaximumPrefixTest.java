package dev.bgplab.speaker.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaximumPrefixTest {

    @Test
    void tearsDownOnlyWhenTheCountExceedsTheLimit() {
        MaximumPrefix m = MaximumPrefix.of(4);
        assertThat(m.decide(2).outcome()).isEqualTo(MaximumPrefix.PrefixCountLevel.BELOW);
        assertThat(m.decide(3).outcome()).isEqualTo(MaximumPrefix.PrefixCountLevel.THRESHOLD_REACHED);
        assertThat(m.decide(4).outcome()).isEqualTo(MaximumPrefix.PrefixCountLevel.THRESHOLD_REACHED);
        assertThat(m.decide(5).tearDown()).isTrue();
    }

    @Test
    void warningOnlyNeverTearsDown() {
        assertThat(new MaximumPrefix(4, 75, null, true).decide(100).outcome()).isEqualTo(MaximumPrefix.PrefixCountLevel.EXCEEDED_WARNING_ONLY);
    }

    @Test
    void rfc4486Section4ExceedingTheLimitTearsDownWithCeaseMaximumPrefixesAndCarriesTheRestartTime() {
        MaximumPrefix m = new MaximumPrefix(2, 100, 5, false);
        assertThat(m.decide(2).tearDown()).isFalse();
        MaximumPrefix.PrefixCountCheck d = m.decide(3);
        assertThat(d.tearDown()).isTrue();
        assertThat(d.restartMinutes()).isEqualTo(5);
        assertThat(m.decide(2).tearDown()).isFalse();
        assertThat(MaximumPrefix.CEASE).isEqualTo(6);
        assertThat(MaximumPrefix.SUBCODE_MAX_PREFIXES).isEqualTo(1);
    }

    @Test
    void rejectsRestartTogetherWithWarningOnly() {
        assertThatThrownBy(() -> new MaximumPrefix(10, 75, 5, true)).hasMessageContaining("not both");
    }
}
