package dev.bgplab.speaker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.session.FsmAction.*;
import dev.bgplab.speaker.session.FsmEvent.*;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The FSM fuzzed with random event sequences (RFC 4271 8): whatever arrives in whatever order,
 * {@link PeerFsm#handle} never throws, always lands in one of the six states, and a driver that
 * performs its actions (as {@link BgpSession} does) never holds a connection or a timer the FSM
 * has forgotten: in Idle no TCP connection is open and only the IdleHold (automatic restart)
 * timer may run; an UPDATE leaves the FSM Established only when it came in Established (the
 * session passes it on only then); the driver's timers are exactly the
 * FSM's.
 */
class PeerFsmFuzzTest {

    static final List<PeerFsm.Settings> SETTINGS = List.of(PeerFsmTransitionTest.PLAIN,
            PeerFsmTransitionTest.DELAY_OPEN_5, PeerFsmTransitionTest.PASSIVE_ONLY, new PeerFsm.Settings(30, 0, 0, false));

    @Provide
    Arbitrary<List<FsmEvent>> eventSequences() {
        List<FsmEvent> all = new ArrayList<>(PeerFsmTransitionTest.EVENTS.values());
        all.add(new BgpOpen(PeerFsmTransitionTest.OPEN, PeerFsmTransitionTest.negotiated(0, 0)));
        all.add(new BgpOpenWithDelayOpenTimerRunning(PeerFsmTransitionTest.OPEN, PeerFsmTransitionTest.negotiated(0, 0)));
        return Arbitraries.of(all).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<PeerFsm.Settings> settings() { return Arbitraries.of(SETTINGS); }

    @Property(tries = 2000)
    void randomEventSequencesNeverLeaveADefinedStateNorLeakAConnectionOrTimer(
            @ForAll("settings") PeerFsm.Settings settings, @ForAll("eventSequences") List<FsmEvent> events) {
        PeerFsm fsm = new PeerFsm(settings);
        Driver driver = new Driver();
        for (FsmEvent e : events) {
            // Events the driver can really raise (BgpSession): a timer event for a running timer,
            // Tcp_CR_Acked for a pending connect, an accepted connection outside Idle (Idle refuses
            // them), a TCP failure on an open or pending connection. Others are dropped like stale ones.
            if (!driver.canRaise(e, fsm.state())) continue;
            driver.beforeEvent(e);
            FsmState before = fsm.state();
            List<FsmAction> actions = fsm.handle(e);
            for (FsmAction a : actions) driver.perform(a, before);
            FsmState after = fsm.state();

            assertThat(after).as("state after %s in %s", e, before).isNotNull().isIn((Object[]) FsmState.values());
            for (TimerKind t : TimerKind.values()) {
                assertThat(driver.timers.contains(t)).as("driver's %s vs FSM after %s in %s -> %s: %s", t, e, before, after, actions)
                        .isEqualTo(fsm.isRunning(t));
            }
            if (after == FsmState.IDLE) {
                assertThat(driver.connectionOpen || driver.connectPending)
                        .as("TCP connection left open in Idle after %s in %s: %s", e, before, actions).isFalse();
                assertThat(driver.timers).as("timers in Idle after %s in %s", e, before).isSubsetOf(Set.of(TimerKind.IDLE_HOLD));
                assertThat(fsm.negotiated()).isNull();
            }
            if (after == FsmState.ESTABLISHED || after == FsmState.OPEN_CONFIRM) assertThat(fsm.negotiated()).isNotNull();
            // BgpSession hands an UPDATE or ROUTE-REFRESH on when the FSM is Established after it:
            // that must mean it was Established before it too.
            if ((e instanceof UpdateMsg || e instanceof RouteRefreshMsg) && after == FsmState.ESTABLISHED) {
                assertThat(before).as("%s passed on in %s", e, before).isEqualTo(FsmState.ESTABLISHED);
            }
        }
    }

    static boolean isTimer(FsmEvent e) {
        return e instanceof ConnectRetryTimerExpires || e instanceof HoldTimerExpires || e instanceof KeepaliveTimerExpires
                || e instanceof DelayOpenTimerExpires || e instanceof IdleHoldTimerExpires;
    }

    static TimerKind timerOf(FsmEvent e) {
        return switch (e) {
            case ConnectRetryTimerExpires x -> TimerKind.CONNECT_RETRY;
            case HoldTimerExpires x -> TimerKind.HOLD;
            case KeepaliveTimerExpires x -> TimerKind.KEEPALIVE;
            case DelayOpenTimerExpires x -> TimerKind.DELAY_OPEN;
            default -> TimerKind.IDLE_HOLD;
        };
    }

    /** What BgpSession does with the actions, reduced to the resources it holds. */
    static final class Driver {
        final Set<TimerKind> timers = EnumSet.noneOf(TimerKind.class);
        boolean connectionOpen;
        boolean connectPending;

        boolean canRaise(FsmEvent e, FsmState state) {
            if (isTimer(e)) return timers.contains(timerOf(e));
            return switch (e) {
                case TcpCrAcked x -> connectPending;
                case TcpConnectionConfirmed x -> state != FsmState.IDLE && !connectionOpen && !connectPending;
                case TcpConnectionFails x -> connectionOpen || connectPending;
                default -> true;
            };
        }

        void beforeEvent(FsmEvent e) {
            switch (e) {
                case TcpCrAcked x -> { connectionOpen = true; connectPending = false; }
                case TcpConnectionConfirmed x -> connectionOpen = true;
                case TcpConnectionFails x -> { connectionOpen = false; connectPending = false; } // peer or kernel closed it
                default -> { }
            }
            if (isTimer(e)) timers.remove(timerOf(e));
        }

        void perform(FsmAction a, FsmState before) {
            switch (a) {
                case ConnectTcp x -> connectPending = true;
                case DropTcp x -> { connectionOpen = false; connectPending = false; }
                case ReleaseResources x -> timers.clear();
                case StartTimer s -> timers.add(s.timer());
                case StopTimer s -> timers.remove(s.timer());
                default -> { }
            }
        }
    }
}
