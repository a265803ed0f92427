package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;

/**
 * The events of RFC 4271 8.1, numbered as there. Events 6 and 7 (AutomaticStart with
 * DampPeerOscillations) are not modelled: this speaker does not damp peer oscillations; event 13
 * (IdleHoldTimer_Expires) is kept as the automatic restart after an error. {@link RouteRefreshMsg}
 * is not in RFC 4271; it is RFC 2918's ROUTE-REFRESH, which the FSM treats like an UPDATE.
 */
public sealed interface FsmEvent {

    /** The event number of RFC 4271 8.1 (0 for the RFC 2918 extension). */
    int number();

    // --- Administrative events (RFC 4271 8.1.2)
    /** Event 2 carries the Cease sent in OpenSent, OpenConfirm and Established. */
    record ManualStart() implements FsmEvent { public int number() { return 1; } }
    record ManualStop(NotificationMessage cease) implements FsmEvent { public int number() { return 2; } }
    record AutomaticStart() implements FsmEvent { public int number() { return 3; } }
    record ManualStartPassive() implements FsmEvent { public int number() { return 4; } }
    record AutomaticStartPassive() implements FsmEvent { public int number() { return 5; } }
    record AutomaticStop(NotificationMessage cease) implements FsmEvent { public int number() { return 8; } }

    // --- Timer events (RFC 4271 8.1.3)
    record ConnectRetryTimerExpires() implements FsmEvent { public int number() { return 9; } }
    record HoldTimerExpires() implements FsmEvent { public int number() { return 10; } }
    record KeepaliveTimerExpires() implements FsmEvent { public int number() { return 11; } }
    record DelayOpenTimerExpires() implements FsmEvent { public int number() { return 12; } }
    record IdleHoldTimerExpires() implements FsmEvent { public int number() { return 13; } }

    // --- TCP connection events (RFC 4271 8.1.4)
    record TcpConnectionValid() implements FsmEvent { public int number() { return 14; } }
    record TcpCrInvalid() implements FsmEvent { public int number() { return 15; } }
    /** Our outgoing connection completed. */
    record TcpCrAcked() implements FsmEvent { public int number() { return 16; } }
    /** An incoming connection from the peer completed. */
    record TcpConnectionConfirmed() implements FsmEvent { public int number() { return 17; } }
    record TcpConnectionFails(String detail) implements FsmEvent { public int number() { return 18; } }

    // --- BGP message events (RFC 4271 8.1.5)
    /** Event 19: an OPEN that passed the checks of RFC 4271 6.2, with what was negotiated. */
    record BgpOpen(OpenMessage open, NegotiatedSession negotiated) implements FsmEvent { public int number() { return 19; } }
    record BgpOpenWithDelayOpenTimerRunning(OpenMessage open, NegotiatedSession negotiated) implements FsmEvent {
        public int number() { return 20; }
    }
    /** Event 21, carrying the Message Header Error to send (RFC 4271 6.1). */
    record BgpHeaderErr(NotificationMessage error) implements FsmEvent { public int number() { return 21; } }
    /** Event 22, carrying the OPEN Message Error to send (RFC 4271 6.2). */
    record BgpOpenMsgErr(NotificationMessage error) implements FsmEvent { public int number() { return 22; } }
    /** Event 23: collision detection (RFC 4271 6.8) chose to close this connection. */
    record OpenCollisionDump() implements FsmEvent { public int number() { return 23; } }
    /** Event 24: a NOTIFICATION with OPEN Message Error / Unsupported Version Number. */
    record NotifMsgVerErr(NotificationMessage received) implements FsmEvent { public int number() { return 24; } }
    record NotifMsg(NotificationMessage received) implements FsmEvent { public int number() { return 25; } }
    record KeepAliveMsg() implements FsmEvent { public int number() { return 26; } }
    /** Event 27. The UPDATE itself goes from the session to the peer, not through the FSM. */
    record UpdateMsg() implements FsmEvent { public int number() { return 27; } }
    /** Event 28, carrying the UPDATE Message Error to send (RFC 4271 6.3). */
    record UpdateMsgErr(NotificationMessage error) implements FsmEvent { public int number() { return 28; } }
    /** RFC 2918 ROUTE-REFRESH; like an UPDATE, the message itself does not pass through the FSM. */
    record RouteRefreshMsg() implements FsmEvent { public int number() { return 0; } }

    /** Classifies a received NOTIFICATION into event 24 or 25 (RFC 4271 8.1.5). */
    static FsmEvent notification(NotificationMessage n) {
        return n.code() == NotificationMessage.OPEN_MESSAGE_ERROR && n.subcode() == NotificationMessage.UNSUPPORTED_VERSION_NUMBER
                ? new NotifMsgVerErr(n) : new NotifMsg(n);
    }
}
