package dev.bgplab.speaker.session;

import static dev.bgplab.speaker.session.FsmAction.CONNECT_TCP;
import static dev.bgplab.speaker.session.FsmAction.DROP_TCP;
import static dev.bgplab.speaker.session.FsmAction.RELEASE_RESOURCES;
import static dev.bgplab.speaker.session.FsmAction.SEND_KEEPALIVE;
import static dev.bgplab.speaker.session.FsmAction.SEND_OPEN;
import static dev.bgplab.speaker.session.FsmAction.start;
import static dev.bgplab.speaker.session.FsmAction.stop;
import static dev.bgplab.speaker.session.TimerKind.CONNECT_RETRY;
import static dev.bgplab.speaker.session.TimerKind.DELAY_OPEN;
import static dev.bgplab.speaker.session.TimerKind.HOLD;
import static dev.bgplab.speaker.session.TimerKind.IDLE_HOLD;
import static dev.bgplab.speaker.session.TimerKind.KEEPALIVE;

import dev.bgplab.speaker.session.FsmAction.SendNotification;
import dev.bgplab.speaker.session.FsmAction.SessionDown;
import dev.bgplab.speaker.session.FsmAction.SessionEstablished;
import dev.bgplab.speaker.session.FsmEvent.*;
import dev.bgplab.wire.message.NotificationMessage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The BGP finite state machine of RFC 4271 8.2.2 for one connection, as a pure function of events:
 * {@link #handle} returns the actions to perform and never does I/O, reads a clock or starts a
 * thread, so every transition can be tested by feeding events. Not thread-safe: owned by the
 * {@link BgpSession} that drives it, on that session's event loop.
 *
 * <p>Optional session attributes (RFC 4271 8.1.1): DelayOpen is supported (delay-open time above
 * 0); PassiveTcpEstablishment through events 4 and 5; DampPeerOscillations, AllowAutomaticStop
 * damping, SendNOTIFICATIONwithoutOPEN and CollisionDetectEstablishedState are not (FALSE).
 * IdleHoldTimer is used as a fixed automatic-restart delay: falling to Idle on anything but a
 * stop starts it, and its expiry is an AutomaticStart. A passive-only neighbor (FRR "passive")
 * never leaves Active on ConnectRetryTimer_Expires: it restarts the timer and keeps listening.
 *
 * <p>Deviations where RFC 4271 6 takes precedence over the 8.2.2 tables: a Message Header Error
 * or OPEN Message Error in Established sends that error (not FSM Error); FSM Error NOTIFICATIONs
 * carry the RFC 6608 subcodes (1 OpenSent, 2 OpenConfirm, 3 Established).
 */
public final class PeerFsm {

    /** RFC 4271 8.2.2 OpenSent: "a large value ... 4 minutes is suggested". */
    public static final int LARGE_HOLD_TIME = 240;

    /** Timer values and optional attributes of one neighbor (RFC 4271 8.1.1, 8.2.1.3). */
    public record Settings(int connectRetryTime, int delayOpenTime, int idleHoldTime, boolean passiveOnly, int openHoldTime) {
        public Settings(int connectRetryTime, int delayOpenTime, int idleHoldTime, boolean passiveOnly) {
            this(connectRetryTime, delayOpenTime, idleHoldTime, passiveOnly, LARGE_HOLD_TIME);
        }
        public static Settings of(SessionSettings c) {
            return new Settings(c.connectRetryTime(), c.delayOpenTime(), c.idleHoldTime(), c.mode() == SessionSettings.ConnectMode.PASSIVE,
                    c.openHoldTime());
        }
        boolean delayOpen() { return delayOpenTime > 0; }
    }

    private final Settings settings;
    private FsmState state = FsmState.IDLE;
    private int connectRetryCounter;
    private final Set<TimerKind> running = EnumSet.noneOf(TimerKind.class);
    private NegotiatedSession negotiated;
    private List<FsmAction> out;

    public PeerFsm(Settings settings) { this.settings = settings; }

    public FsmState state() { return state; }
    public int connectRetryCounter() { return connectRetryCounter; }
    /** The OPEN negotiation result from OpenConfirm on, else null. */
    public NegotiatedSession negotiated() { return negotiated; }
    public boolean isRunning(TimerKind t) { return running.contains(t); }

    /** Applies one event; returns the actions in order. */
    public List<FsmAction> handle(FsmEvent event) {
        out = new ArrayList<>();
        // A timer that fired is no longer running.
        switch (event) {
            case ConnectRetryTimerExpires e -> running.remove(CONNECT_RETRY);
            case HoldTimerExpires e -> running.remove(HOLD);
            case KeepaliveTimerExpires e -> running.remove(KEEPALIVE);
            case DelayOpenTimerExpires e -> running.remove(DELAY_OPEN);
            case IdleHoldTimerExpires e -> running.remove(IDLE_HOLD);
            default -> { }
        }
        switch (state) {
            case IDLE -> idle(event);
            case CONNECT -> connect(event);
            case ACTIVE -> active(event);
            case OPEN_SENT -> openSent(event);
            case OPEN_CONFIRM -> openConfirm(event);
            case ESTABLISHED -> established(event);
        }
        List<FsmAction> result = List.copyOf(out);
        out = null;
        return result;
    }

    // ---------------------------------------------------------------- RFC 4271 8.2.2 Idle state

    private void idle(FsmEvent event) {
        switch (event) {
            // Events 1, 3 (and 13 as our automatic restart): connect out and listen -> Connect.
            case ManualStart e -> startActive(true);
            case AutomaticStart e -> startActive(true);
            // Our automatic restart keeps counting failures, as damping would (RFC 4271 8.2.1.3).
            case IdleHoldTimerExpires e -> {
                if (settings.passiveOnly()) startPassive(false); else startActive(false);
            }
            // Events 4, 5: listen only -> Active.
            case ManualStartPassive e -> startPassive(true);
            case AutomaticStartPassive e -> startPassive(true);
            // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change
            // in the state"; ManualStop and AutomaticStop are ignored. A stop still cancels a restart.
            case ManualStop e -> cancelRestart();
            case AutomaticStop e -> cancelRestart();
            default -> { }
        }
    }

    private void cancelRestart() {
        if (running.remove(IDLE_HOLD)) emit(stop(IDLE_HOLD));
        connectRetryCounter = 0;
    }

    private void startActive(boolean resetCounter) {
        if (running.remove(IDLE_HOLD)) emit(stop(IDLE_HOLD));
        if (resetCounter) connectRetryCounter = 0;
        startTimer(CONNECT_RETRY, settings.connectRetryTime());
        emit(CONNECT_TCP);
        state = FsmState.CONNECT;
    }

    private void startPassive(boolean resetCounter) {
        if (running.remove(IDLE_HOLD)) emit(stop(IDLE_HOLD));
        if (resetCounter) connectRetryCounter = 0;
        startTimer(CONNECT_RETRY, settings.connectRetryTime());
        state = FsmState.ACTIVE;
    }

    // ------------------------------------------------------------- RFC 4271 8.2.2 Connect state

    private void connect(FsmEvent event) {
        switch (event) {
            case ManualStart e -> { }
            case AutomaticStart e -> { }
            case ManualStartPassive e -> { }
            case AutomaticStartPassive e -> { }
            case ManualStop e -> {
                emit(DROP_TCP);
                emit(RELEASE_RESOURCES);
                running.clear();
                connectRetryCounter = 0;
                emit(stop(CONNECT_RETRY));
                down(new DownReason(DownReason.Kind.ADMIN_STOP, null, "stopped while connecting", false));
                state = FsmState.IDLE;
            }
            case ConnectRetryTimerExpires e -> {
                emit(DROP_TCP);
                startTimer(CONNECT_RETRY, settings.connectRetryTime());
                stopTimer(DELAY_OPEN);
                emit(CONNECT_TCP);
            }
            case DelayOpenTimerExpires e -> {
                emit(SEND_OPEN);
                startTimer(HOLD, settings.openHoldTime());
                state = FsmState.OPEN_SENT;
            }
            case TcpConnectionValid e -> { }
            case TcpCrInvalid e -> { }
            case TcpCrAcked e -> connectionUp();
            case TcpConnectionConfirmed e -> connectionUp();
            case TcpConnectionFails e -> {
                if (running.contains(DELAY_OPEN)) {
                    startTimer(CONNECT_RETRY, settings.connectRetryTime());
                    stopTimer(DELAY_OPEN);
                    down(new DownReason(DownReason.Kind.TCP_RESET, null, e.detail(), false));
                    state = FsmState.ACTIVE;
                } else {
                    emit(stop(CONNECT_RETRY));
                    running.remove(CONNECT_RETRY);
                    emit(DROP_TCP);
                    emit(RELEASE_RESOURCES);
                    running.clear();
                    down(new DownReason(DownReason.Kind.CONNECT_FAILED, null, e.detail(), false));
                    toIdleRestart();
                }
            }
            case BgpOpenWithDelayOpenTimerRunning e -> openWhileDelayed(e.negotiated());
            // SendNOTIFICATIONwithoutOPEN is FALSE: the error is recorded, not sent.
            case BgpHeaderErr e -> preOpenError(notSent(e.error()), true);
            case BgpOpenMsgErr e -> preOpenError(notSent(e.error()), true);
            case NotifMsgVerErr e -> notifVerErrBeforeOpen(e);
            // Events 8, 10, 11, 13, 19, 23, 25-28 (and ROUTE-REFRESH).
            default -> preOpenError(otherEventReason(event), !(event instanceof AutomaticStop));
        }
    }

    /** Connect/Active on Tcp_CR_Acked or TcpConnectionConfirmed (events 16, 17). */
    private void connectionUp() {
        emit(stop(CONNECT_RETRY));
        running.remove(CONNECT_RETRY);
        if (settings.delayOpen()) {
            startTimer(DELAY_OPEN, settings.delayOpenTime());
        } else {
            emit(SEND_OPEN);
            startTimer(HOLD, settings.openHoldTime());
            state = FsmState.OPEN_SENT;
        }
    }

    /** Connect/Active on event 20: the peer's OPEN came while we delayed ours. */
    private void openWhileDelayed(NegotiatedSession n) {
        emit(stop(CONNECT_RETRY));
        running.remove(CONNECT_RETRY);
        stopTimer(DELAY_OPEN);
        emit(SEND_OPEN);
        emit(SEND_KEEPALIVE);
        negotiated = n;
        startNegotiatedTimers();
        state = FsmState.OPEN_CONFIRM;
    }

    /** Connect/Active: header or OPEN errors and any other event; no NOTIFICATION before OPEN. */
    private void preOpenError(DownReason reason, boolean restart) {
        emit(stop(CONNECT_RETRY));
        emit(RELEASE_RESOURCES);
        running.clear();
        emit(DROP_TCP);
        connectRetryCounter++;
        down(reason);
        if (restart) toIdleRestart(); else state = FsmState.IDLE;
    }

    private static DownReason notSent(NotificationMessage error) {
        return new DownReason(DownReason.Kind.CONNECT_FAILED, error, "not sent: our OPEN is delayed", false);
    }

    private void notifVerErrBeforeOpen(NotifMsgVerErr e) {
        boolean delayed = running.contains(DELAY_OPEN);
        emit(stop(CONNECT_RETRY));
        if (delayed) emit(stop(DELAY_OPEN));
        emit(RELEASE_RESOURCES);
        running.clear();
        emit(DROP_TCP);
        if (!delayed) connectRetryCounter++;
        down(new DownReason(DownReason.Kind.NOTIFICATION_RECEIVED, e.received(), "", false));
        toIdleRestart();
    }

    // -------------------------------------------------------------- RFC 4271 8.2.2 Active state

    private void active(FsmEvent event) {
        switch (event) {
            case ManualStart e -> { }
            case AutomaticStart e -> { }
            case ManualStartPassive e -> { }
            case AutomaticStartPassive e -> { }
            case ManualStop e -> {
                // SendNOTIFICATIONwithoutOPEN is FALSE: no Cease while DelayOpen runs.
                emit(RELEASE_RESOURCES);
                running.clear();
                emit(DROP_TCP);
                connectRetryCounter = 0;
                emit(stop(CONNECT_RETRY));
                down(new DownReason(DownReason.Kind.ADMIN_STOP, null, "stopped while listening", false));
                state = FsmState.IDLE;
            }
            case ConnectRetryTimerExpires e -> {
                startTimer(CONNECT_RETRY, settings.connectRetryTime());
                if (!settings.passiveOnly()) {
                    emit(CONNECT_TCP);
                    state = FsmState.CONNECT;
                }
            }
            case DelayOpenTimerExpires e -> {
                emit(stop(CONNECT_RETRY));
                running.remove(CONNECT_RETRY);
                emit(SEND_OPEN);
                startTimer(HOLD, settings.openHoldTime());
                state = FsmState.OPEN_SENT;
            }
            case TcpConnectionValid e -> { }
            case TcpCrInvalid e -> { }
            case TcpCrAcked e -> connectionUp();
            case TcpConnectionConfirmed e -> connectionUp();
            case TcpConnectionFails e -> {
                // RFC 4271 restarts the ConnectRetryTimer here, but Idle ignores its expiry and
                // releasing resources cancels it: it is left stopped.
                stopTimer(DELAY_OPEN);
                emit(RELEASE_RESOURCES);
                running.clear();
                connectRetryCounter++;
                down(new DownReason(DownReason.Kind.TCP_RESET, null, e.detail(), false));
                toIdleRestart();
            }
            case BgpOpenWithDelayOpenTimerRunning e -> openWhileDelayed(e.negotiated());
            // SendNOTIFICATIONwithoutOPEN is FALSE: the error is recorded, not sent.
            case BgpHeaderErr e -> preOpenError(notSent(e.error()), true);
            case BgpOpenMsgErr e -> preOpenError(notSent(e.error()), true);
            case NotifMsgVerErr e -> notifVerErrBeforeOpen(e);
            default -> preOpenError(otherEventReason(event), !(event instanceof AutomaticStop));
        }
    }

    // ------------------------------------------------------------ RFC 4271 8.2.2 OpenSent state

    private void openSent(FsmEvent event) {
        switch (event) {
            case ManualStart e -> { }
            case AutomaticStart e -> { }
            case ManualStartPassive e -> { }
            case AutomaticStartPassive e -> { }
            case ManualStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case AutomaticStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case HoldTimerExpires e -> sendAndClose(NotificationMessage.of(NotificationMessage.HOLD_TIMER_EXPIRED, 0),
                    DownReason.Kind.HOLD_TIMER_EXPIRED, e);
            // Events 14, 16, 17: a second connection is tracked by collision detection (RFC 4271 6.8).
            case TcpConnectionValid e -> { }
            case TcpCrAcked e -> { }
            case TcpConnectionConfirmed e -> { }
            case TcpCrInvalid e -> { }
            case TcpConnectionFails e -> {
                emit(DROP_TCP);
                running.remove(HOLD);
                emit(stop(HOLD));
                startTimer(CONNECT_RETRY, settings.connectRetryTime());
                down(new DownReason(DownReason.Kind.TCP_RESET, null, e.detail(), false));
                state = FsmState.ACTIVE;
            }
            case BgpOpen e -> {
                stopTimer(DELAY_OPEN);
                emit(stop(CONNECT_RETRY));
                running.remove(CONNECT_RETRY);
                emit(SEND_KEEPALIVE);
                negotiated = e.negotiated();
                startNegotiatedTimers();
                state = FsmState.OPEN_CONFIRM;
            }
            case BgpHeaderErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            case BgpOpenMsgErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            case OpenCollisionDump e -> sendAndClose(collisionCease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case NotifMsgVerErr e -> closeOnReceived(e.received(), false);
            // Event 25 falls under "any other event" in RFC 4271, but answering a NOTIFICATION
            // with an FSM Error helps no one: the peer has already closed.
            case NotifMsg e -> closeOnReceived(e.received(), true);
            // Events 9, 11, 12, 13, 20, 26-28: FSM Error, RFC 6608 subcode 1.
            default -> fsmError(1, event);
        }
    }

    // --------------------------------------------------------- RFC 4271 8.2.2 OpenConfirm state

    private void openConfirm(FsmEvent event) {
        switch (event) {
            case ManualStart e -> { }
            case AutomaticStart e -> { }
            case ManualStartPassive e -> { }
            case AutomaticStartPassive e -> { }
            case ManualStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case AutomaticStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case HoldTimerExpires e -> sendAndClose(NotificationMessage.of(NotificationMessage.HOLD_TIMER_EXPIRED, 0),
                    DownReason.Kind.HOLD_TIMER_EXPIRED, e);
            case KeepaliveTimerExpires e -> {
                emit(SEND_KEEPALIVE);
                startTimer(KEEPALIVE, negotiated.keepaliveTime());
            }
            case TcpConnectionValid e -> { }
            case TcpCrAcked e -> { }
            case TcpConnectionConfirmed e -> { }
            case TcpCrInvalid e -> { }
            case TcpConnectionFails e -> closeOnFailure(new DownReason(DownReason.Kind.TCP_RESET, null, e.detail(), false), true);
            case NotifMsg e -> closeOnReceived(e.received(), true);
            case NotifMsgVerErr e -> closeOnReceived(e.received(), false);
            // A second OPEN on this same connection: collision between connections is decided by
            // BgpSession, which raises OpenCollisionDump on the loser; here it is an FSM error.
            case BgpHeaderErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            case BgpOpenMsgErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            case OpenCollisionDump e -> sendAndClose(collisionCease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case KeepAliveMsg e -> {
                restartHoldTimer();
                state = FsmState.ESTABLISHED;
                emit(new SessionEstablished(negotiated));
            }
            // Events 9, 12, 13, 19, 20, 27, 28: FSM Error, RFC 6608 subcode 2.
            default -> fsmError(2, event);
        }
    }

    // --------------------------------------------------------- RFC 4271 8.2.2 Established state

    private void established(FsmEvent event) {
        switch (event) {
            case ManualStart e -> { }
            case AutomaticStart e -> { }
            case ManualStartPassive e -> { }
            case AutomaticStartPassive e -> { }
            case ManualStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case AutomaticStop e -> sendAndClose(e.cease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case HoldTimerExpires e -> sendAndClose(NotificationMessage.of(NotificationMessage.HOLD_TIMER_EXPIRED, 0),
                    DownReason.Kind.HOLD_TIMER_EXPIRED, e);
            case KeepaliveTimerExpires e -> {
                emit(SEND_KEEPALIVE);
                startTimer(KEEPALIVE, negotiated.keepaliveTime());
            }
            case TcpConnectionValid e -> { }
            case TcpCrAcked e -> { }
            case TcpConnectionConfirmed e -> { }
            case TcpCrInvalid e -> { }
            case OpenCollisionDump e -> sendAndClose(collisionCease(), DownReason.Kind.NOTIFICATION_SENT, e);
            case TcpConnectionFails e -> closeOnFailure(new DownReason(DownReason.Kind.TCP_RESET, null, e.detail(), true), true);
            case NotifMsgVerErr e -> closeOnReceived(e.received(), true);
            case NotifMsg e -> closeOnReceived(e.received(), true);
            case KeepAliveMsg e -> restartHoldTimer();
            // Events 27 and RFC 2918's ROUTE-REFRESH: the session passes the message on while the
            // FSM stays Established; here only the HoldTimer restarts.
            case UpdateMsg e -> restartHoldTimer();
            case RouteRefreshMsg e -> restartHoldTimer();
            case UpdateMsgErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            // RFC 4271 6.1/6.2 ask for these errors' own NOTIFICATION in every state.
            case BgpHeaderErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            case BgpOpenMsgErr e -> sendAndClose(e.error(), DownReason.Kind.NOTIFICATION_SENT, e);
            // Events 9, 12, 13, 19, 20: FSM Error, RFC 6608 subcode 3.
            default -> fsmError(3, event);
        }
    }

    /**
     * Called by the driver each time it sends a KEEPALIVE or UPDATE in Established: RFC 4271 8.2.2
     * restarts the KeepaliveTimer then, unless the negotiated hold time is zero.
     */
    public List<FsmAction> messageSent() {
        if (state != FsmState.ESTABLISHED || negotiated == null || negotiated.holdTime() == 0) return List.of();
        running.add(KEEPALIVE);
        return List.of(start(KEEPALIVE, negotiated.keepaliveTime()));
    }

    // ----------------------------------------------------------------------------- helpers

    private void emit(FsmAction a) { out.add(a); }

    private void startTimer(TimerKind t, int seconds) {
        running.add(t);
        emit(start(t, seconds));
    }

    /** "stops ... and resets ... to zero": only emitted when the timer runs. */
    private void stopTimer(TimerKind t) {
        if (running.remove(t)) emit(stop(t));
    }

    /** RFC 4271 8.2.2 OpenSent on BGPOpen: hold time 0 means neither Hold nor Keepalive timer. */
    private void startNegotiatedTimers() {
        if (negotiated.holdTime() > 0) {
            startTimer(KEEPALIVE, negotiated.keepaliveTime());
            startTimer(HOLD, negotiated.holdTime());
        } else {
            stopTimer(KEEPALIVE);
            stopTimer(HOLD);
        }
    }

    private void restartHoldTimer() {
        if (negotiated.holdTime() > 0) startTimer(HOLD, negotiated.holdTime());
    }

    private static NotificationMessage collisionCease() {
        return NotificationMessage.of(NotificationMessage.CEASE, NotificationMessage.CONNECTION_COLLISION_RESOLUTION);
    }

    /**
     * OpenSent/OpenConfirm/Established: send a NOTIFICATION and go to Idle. ManualStop resets the
     * ConnectRetryCounter and AutomaticStop increments it; neither restarts automatically.
     */
    private void sendAndClose(NotificationMessage n, DownReason.Kind kind, FsmEvent cause) {
        boolean wasEstablished = state == FsmState.ESTABLISHED;
        boolean manual = cause instanceof ManualStop;
        emit(new SendNotification(n));
        emit(stop(CONNECT_RETRY));
        emit(RELEASE_RESOURCES);
        running.clear();
        emit(DROP_TCP);
        if (manual) connectRetryCounter = 0; else connectRetryCounter++;
        down(new DownReason(kind, n, "", wasEstablished));
        if (manual || cause instanceof AutomaticStop) {
            negotiated = null;
            state = FsmState.IDLE;
        } else {
            toIdleRestart();
        }
    }

    /** The peer's NOTIFICATION ended the connection (events 24, 25). */
    private void closeOnReceived(NotificationMessage n, boolean increment) {
        closeOnFailure(new DownReason(DownReason.Kind.NOTIFICATION_RECEIVED, n, "", state == FsmState.ESTABLISHED), increment);
    }

    private void closeOnFailure(DownReason reason, boolean increment) {
        emit(stop(CONNECT_RETRY));
        emit(RELEASE_RESOURCES);
        running.clear();
        emit(DROP_TCP);
        if (increment) connectRetryCounter++;
        down(reason);
        toIdleRestart();
    }

    private void fsmError(int subcode, FsmEvent event) {
        NotificationMessage n = NotificationMessage.of(NotificationMessage.FSM_ERROR, subcode);
        sendAndClose(n, DownReason.Kind.NOTIFICATION_SENT, event);
    }

    private DownReason otherEventReason(FsmEvent event) {
        DownReason.Kind kind = switch (event) {
            case NotifMsg e -> DownReason.Kind.NOTIFICATION_RECEIVED;
            case AutomaticStop e -> DownReason.Kind.ADMIN_STOP;
            default -> DownReason.Kind.CONNECT_FAILED;
        };
        NotificationMessage n = event instanceof NotifMsg m ? m.received() : null;
        String detail = n == null ? "unexpected event " + event.number() + " in " + state : "";
        return new DownReason(kind, n, detail, false);
    }

    private void down(DownReason reason) { emit(new SessionDown(reason)); }

    /** To Idle, and schedule the automatic restart (our IdleHoldTimer) when configured. */
    private void toIdleRestart() {
        negotiated = null;
        state = FsmState.IDLE;
        if (settings.idleHoldTime() > 0) startTimer(IDLE_HOLD, settings.idleHoldTime());
    }
}
