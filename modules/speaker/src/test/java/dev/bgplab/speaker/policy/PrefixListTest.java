package dev.bgplab.speaker.policy;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bgplab.speaker.policy.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixListTest {

    private static PrefixList.PrefixRule e(int seq, Action a, String p, int ge, int le) {
        return new PrefixList.PrefixRule(seq, a, Prefix.parse(p), ge, le);
    }

    private static PrefixList list(PrefixList.PrefixRule... es) { return new PrefixList("PL", AddressFamily.IPV4_UNICAST, List.of(es)); }

    private static boolean permits(PrefixList l, String p) { return l.apply(Prefix.parse(p)).permitted(); }

    @Test
    void withoutGeLeOnlyTheExactLengthMatches() {
        PrefixList l = list(e(5, Action.PERMIT, "10.0.0.0/8", 0, 0));
        assertThat(permits(l, "10.0.0.0/8")).isTrue();
        assertThat(permits(l, "10.1.0.0/16")).isFalse();
    }

    @Test
    void leAllowsLongerPrefixesInsideUpToLe() {
        PrefixList l = list(e(5, Action.PERMIT, "10.0.0.0/8", 0, 24));
        assertThat(permits(l, "10.0.0.0/8")).isTrue();
        assertThat(permits(l, "10.1.2.0/24")).isTrue();
        assertThat(permits(l, "10.1.2.0/25")).isFalse();
        assertThat(permits(l, "11.0.0.0/8")).isFalse();
    }

    @Test
    void geAloneAllowsEverythingFromGeToTheMaximum() {
        PrefixList l = list(e(5, Action.PERMIT, "10.0.0.0/8", 24, 0));
        assertThat(permits(l, "10.0.0.0/8")).isFalse();
        assertThat(permits(l, "10.1.2.0/23")).isFalse();
        assertThat(permits(l, "10.1.2.0/24")).isTrue();
        assertThat(permits(l, "10.1.2.3/32")).isTrue();
    }

    @Test
    void geAndLeBoundBothSides() {
        PrefixList l = list(e(5, Action.PERMIT, "10.0.0.0/8", 16, 24));
        assertThat(permits(l, "10.1.0.0/15")).isFalse();
        assertThat(permits(l, "10.1.0.0/16")).isTrue();
        assertThat(permits(l, "10.1.1.0/24")).isTrue();
        assertThat(permits(l, "10.1.1.0/25")).isFalse();
    }

    @Test
    void invalidRangesAreRejectedAsFrrDoes() {
        assertThatThrownBy(() -> e(5, Action.PERMIT, "10.0.0.0/8", 8, 0)).hasMessageContaining("len < ge <= le");
        assertThatThrownBy(() -> e(5, Action.PERMIT, "10.0.0.0/16", 0, 8)).hasMessageContaining("len < ge <= le");
        assertThatThrownBy(() -> e(5, Action.PERMIT, "10.0.0.0/8", 24, 16)).hasMessageContaining("len < ge <= le");
        assertThatThrownBy(() -> e(5, Action.PERMIT, "10.0.0.0/8", 0, 33)).hasMessageContaining("len < ge <= le");
    }

    @Test
    void firstMatchingEntryDecidesInSeqOrder() {
        PrefixList l = list(e(10, Action.PERMIT, "10.0.0.0/8", 0, 32), e(5, Action.DENY, "10.1.0.0/16", 0, 0));
        assertThat(l.apply(Prefix.parse("10.1.0.0/16"))).isEqualTo(new PrefixList.PrefixListMatch(Action.DENY, 5));
        assertThat(l.apply(Prefix.parse("10.2.0.0/16"))).isEqualTo(new PrefixList.PrefixListMatch(Action.PERMIT, 10));
    }

    @Test
    void noMatchIsAnImplicitDeny() {
        assertThat(list(e(5, Action.PERMIT, "10.0.0.0/8", 0, 0)).apply(Prefix.parse("192.168.0.0/16")))
                .isEqualTo(new PrefixList.PrefixListMatch(Action.DENY, -1));
    }

    @Test
    void anEmptyListPermitsEverything() {
        assertThat(permits(list(), "192.168.0.0/16")).isTrue();
    }

    @Test
    void ipv4ListDoesNotMatchIpv6Prefixes() {
        PrefixList l = list(e(5, Action.PERMIT, "0.0.0.0/0", 0, 32));
        assertThat(permits(l, "2001:db8::/32")).isFalse();
    }

    @Test
    void ipv6ListsWork() {
        PrefixList l = new PrefixList("V6", AddressFamily.IPV6_UNICAST, List.of(e(5, Action.PERMIT, "2001:db8::/32", 0, 48)));
        assertThat(permits(l, "2001:db8:1::/48")).isTrue();
        assertThat(permits(l, "2001:db8:1::/64")).isFalse();
    }

    @Test
    void addressModeIgnoresGeLeForNextHops() {
        PrefixList l = list(e(5, Action.PERMIT, "10.0.0.0/24", 0, 0));
        assertThat(l.applyToAddress(ip("10.0.0.7")).permitted()).isTrue();
        assertThat(l.applyToAddress(ip("10.0.1.7")).permitted()).isFalse();
    }
}
