package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.NotificationMessage;

/**
 * What the pure {@link PeerFsm} asks its driver to do, in the order RFC 4271 8.2.2 lists the steps.
 * The driver ({@link BgpSession}) performs them on the session's event loop. No action carries a
 * received UPDATE or ROUTE-REFRESH: the FSM only says whether the state admits one (it stays
 * Established), and the session hands the message on itself.
 */
public sealed interface FsmAction {

    /** "initiates a TCP connection to the other BGP peer". */
    record ConnectTcp() implements FsmAction {}
    /** "drops the TCP connection". */
    record DropTcp() implements FsmAction {}
    /** "releases all BGP resources": the driver also cancels every timer of this connection. */
    record ReleaseResources() implements FsmAction {}
    record SendOpen() implements FsmAction {}
    record SendKeepalive() implements FsmAction {}
    record SendNotification(NotificationMessage notification) implements FsmAction {}
    /** Start or restart a timer; the driver applies jitter for the kinds RFC 4271 10 names. */
    record StartTimer(TimerKind timer, int seconds) implements FsmAction {}
    /** Stop a timer and set it to zero. */
    record StopTimer(TimerKind timer) implements FsmAction {}
    record SessionEstablished(NegotiatedSession session) implements FsmAction {}
    record SessionDown(DownReason reason) implements FsmAction {}

    ConnectTcp CONNECT_TCP = new ConnectTcp();
    DropTcp DROP_TCP = new DropTcp();
    ReleaseResources RELEASE_RESOURCES = new ReleaseResources();
    SendOpen SEND_OPEN = new SendOpen();
    SendKeepalive SEND_KEEPALIVE = new SendKeepalive();

    static StartTimer start(TimerKind t, int seconds) { return new StartTimer(t, seconds); }
    static StopTimer stop(TimerKind t) { return new StopTimer(t); }
}
