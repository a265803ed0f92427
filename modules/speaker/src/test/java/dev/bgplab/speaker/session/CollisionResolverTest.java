package dev.bgplab.speaker.session;

import static dev.bgplab.speaker.session.CollisionResolver.Loser.EXISTING;
import static dev.bgplab.speaker.session.CollisionResolver.Loser.NEW;
import static dev.bgplab.speaker.session.PeerFsmTransitionTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 4271 6.8: keep the connection initiated by the higher BGP Identifier. */
class CollisionResolverTest {

    @Test
    void lowerLocalIdClosesOurOutgoingConnection() {
        // Existing outgoing in OpenConfirm, OPEN arrives on the incoming one: ours goes.
        assertThat(CollisionResolver.resolve(ip("10.0.0.1"), ip("10.0.0.2"), FsmState.OPEN_CONFIRM, false, true)).isEqualTo(EXISTING);
        // Existing incoming in OpenConfirm, OPEN arrives on our outgoing one: the new (ours) goes.
        assertThat(CollisionResolver.resolve(ip("10.0.0.1"), ip("10.0.0.2"), FsmState.OPEN_CONFIRM, true, false)).isEqualTo(NEW);
    }

    @Test
    void higherLocalIdClosesTheIncomingConnection() {
        assertThat(CollisionResolver.resolve(ip("10.0.0.2"), ip("10.0.0.1"), FsmState.OPEN_CONFIRM, false, true)).isEqualTo(NEW);
        assertThat(CollisionResolver.resolve(ip("10.0.0.2"), ip("10.0.0.1"), FsmState.OPEN_CONFIRM, true, false)).isEqualTo(EXISTING);
    }

    @Test
    void identifiersCompareAsUnsigned32BitIntegers() {
        // 200.0.0.1 is negative as a signed int but the higher identifier.
        assertThat(CollisionResolver.resolve(ip("200.0.0.1"), ip("10.0.0.1"), FsmState.OPEN_CONFIRM, false, true)).isEqualTo(NEW);
        assertThat(CollisionResolver.resolve(ip("10.0.0.1"), ip("200.0.0.1"), FsmState.OPEN_CONFIRM, false, true)).isEqualTo(EXISTING);
    }

    @Test
    void establishedAlwaysWins() {
        assertThat(CollisionResolver.resolve(ip("10.0.0.1"), ip("10.0.0.9"), FsmState.ESTABLISHED, false, true)).isEqualTo(NEW);
        assertThat(CollisionResolver.resolve(ip("10.0.0.9"), ip("10.0.0.1"), FsmState.ESTABLISHED, true, false)).isEqualTo(NEW);
    }
}
