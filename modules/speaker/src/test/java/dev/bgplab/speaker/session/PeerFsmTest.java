package dev.bgplab.speaker.session;

import static dev.bgplab.speaker.session.FsmAction.SEND_KEEPALIVE;
import static dev.bgplab.speaker.session.FsmAction.start;
import static dev.bgplab.speaker.session.FsmAction.stop;
import static dev.bgplab.speaker.session.PeerFsmTransitionTest.OPEN;
import static dev.bgplab.speaker.session.PeerFsmTransitionTest.PLAIN;
import static dev.bgplab.speaker.session.PeerFsmTransitionTest.negotiated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.session.FsmEvent.*;
import dev.bgplab.wire.message.NotificationMessage;
import org.junit.jupiter.api.Test;

/** FSM behaviour beyond single transitions: hold time 0, keepalive restarts, counters, restarts. */
class PeerFsmTest {

    static PeerFsm established(NegotiatedSession n) {
        PeerFsm fsm = new PeerFsm(PLAIN);
        fsm.handle(new ManualStart());
        fsm.handle(new TcpCrAcked());
        fsm.handle(new BgpOpen(OPEN, n));
        fsm.handle(new KeepAliveMsg());
        return fsm;
    }

    @Test
    void negotiatedHoldTimeZeroStartsNeitherHoldNorKeepaliveTimer() {
        PeerFsm fsm = new PeerFsm(PLAIN);
        fsm.handle(new ManualStart());
        fsm.handle(new TcpCrAcked());

        assertThat(fsm.handle(new BgpOpen(OPEN, negotiated(0, 0))))
                .containsExactly(stop(TimerKind.CONNECT_RETRY), SEND_KEEPALIVE, stop(TimerKind.HOLD));
        assertThat(fsm.handle(new KeepAliveMsg())).containsExactly(new FsmAction.SessionEstablished(negotiated(0, 0)));
        assertThat(fsm.handle(new KeepAliveMsg())).isEmpty();
        assertThat(fsm.messageSent()).isEmpty();
        assertThat(fsm.isRunning(TimerKind.HOLD)).isFalse();
    }

    @Test
    void sendingAnUpdateRestartsTheKeepaliveTimer() {
        PeerFsm fsm = established(negotiated(90, 30));
        assertThat(fsm.messageSent()).containsExactly(start(TimerKind.KEEPALIVE, 30));
    }

    @Test
    void connectRetryCounterCountsFailuresAndManualStopResetsIt() {
        PeerFsm fsm = new PeerFsm(PLAIN);
        fsm.handle(new ManualStart());
        fsm.handle(new TcpCrAcked());
        fsm.handle(new HoldTimerExpires());
        assertThat(fsm.connectRetryCounter()).isEqualTo(1);
        fsm.handle(new IdleHoldTimerExpires());
        fsm.handle(new TcpCrAcked());
        fsm.handle(new BgpHeaderErr(NotificationMessage.of(1, 1)));
        assertThat(fsm.connectRetryCounter()).isEqualTo(2);
        // The automatic restart keeps counting; a ManualStop then ManualStart zeroes the counter.
        fsm.handle(new IdleHoldTimerExpires());
        assertThat(fsm.state()).isEqualTo(FsmState.CONNECT);
        assertThat(fsm.connectRetryCounter()).isEqualTo(2);
        fsm.handle(new ManualStop(NotificationMessage.of(6, 2)));
        fsm.handle(new ManualStart());
        assertThat(fsm.connectRetryCounter()).isZero();
    }

    @Test
    void errorsScheduleAnAutomaticRestartThatManualStopCancels() {
        PeerFsm fsm = established(negotiated(90, 30));
        fsm.handle(new NotifMsg(NotificationMessage.of(6, 4)));
        assertThat(fsm.isRunning(TimerKind.IDLE_HOLD)).isTrue();
        assertThat(fsm.handle(new ManualStop(NotificationMessage.of(6, 2)))).containsExactly(stop(TimerKind.IDLE_HOLD));
        assertThat(fsm.isRunning(TimerKind.IDLE_HOLD)).isFalse();
        assertThat(fsm.state()).isEqualTo(FsmState.IDLE);
    }

    @Test
    void stopsDoNotRestart() {
        PeerFsm manual = established(negotiated(90, 30));
        manual.handle(new ManualStop(NotificationMessage.of(6, 2)));
        assertThat(manual.isRunning(TimerKind.IDLE_HOLD)).isFalse();
        PeerFsm automatic = established(negotiated(90, 30));
        automatic.handle(new AutomaticStop(NotificationMessage.of(6, 1)));
        assertThat(automatic.isRunning(TimerKind.IDLE_HOLD)).isFalse();
        assertThat(automatic.connectRetryCounter()).isEqualTo(1);
    }

    @Test
    void passiveNeighborRestartsPassively() {
        PeerFsm fsm = new PeerFsm(new PeerFsm.Settings(120, 0, 5, true));
        fsm.handle(new ManualStartPassive());
        fsm.handle(new TcpConnectionConfirmed());
        fsm.handle(new HoldTimerExpires());
        fsm.handle(new IdleHoldTimerExpires());
        assertThat(fsm.state()).isEqualTo(FsmState.ACTIVE);
    }

    @Test
    void largeHoldTimerRunsInOpenSent() {
        PeerFsm fsm = new PeerFsm(PLAIN);
        fsm.handle(new ManualStart());
        assertThat(fsm.handle(new TcpCrAcked())).contains(start(TimerKind.HOLD, PeerFsm.LARGE_HOLD_TIME));
        assertThat(PeerFsm.LARGE_HOLD_TIME).isEqualTo(240);
    }
}
