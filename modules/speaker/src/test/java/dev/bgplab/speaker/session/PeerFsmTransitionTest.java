package dev.bgplab.speaker.session;

import static dev.bgplab.speaker.session.FsmAction.CONNECT_TCP;
import static dev.bgplab.speaker.session.FsmAction.DROP_TCP;
import static dev.bgplab.speaker.session.FsmAction.RELEASE_RESOURCES;
import static dev.bgplab.speaker.session.FsmAction.SEND_KEEPALIVE;
import static dev.bgplab.speaker.session.FsmAction.SEND_OPEN;
import static dev.bgplab.speaker.session.FsmAction.start;
import static dev.bgplab.speaker.session.FsmAction.stop;
import static dev.bgplab.speaker.session.FsmState.*;
import static dev.bgplab.speaker.session.TimerKind.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.speaker.session.DownReason.Kind;
import dev.bgplab.speaker.session.FsmAction.SendNotification;
import dev.bgplab.speaker.session.FsmAction.SessionDown;
import dev.bgplab.speaker.session.FsmAction.SessionEstablished;
import dev.bgplab.speaker.session.FsmEvent.*;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition of RFC 4271 8.2.2, state by state: the table lists, for each state and each
 * event of 8.1, the next state and the exact actions. Events 6 and 7 are not modelled.
 */
class PeerFsmTransitionTest {

    static final PeerFsm.Settings PLAIN = new PeerFsm.Settings(120, 0, 5, false);
    static final PeerFsm.Settings DELAY_OPEN_5 = new PeerFsm.Settings(120, 5, 5, false);
    static final PeerFsm.Settings PASSIVE_ONLY = new PeerFsm.Settings(120, 0, 5, true);

    static final NotificationMessage ADMIN_SHUTDOWN = NotificationMessage.of(6, 2);
    static final NotificationMessage MAX_PREFIX = NotificationMessage.of(6, 1);
    static final NotificationMessage HEADER_ERR = NotificationMessage.of(1, 1);
    static final NotificationMessage OPEN_ERR = NotificationMessage.of(2, 2);
    static final NotificationMessage VERSION_ERR = NotificationMessage.of(2, 1);
    static final NotificationMessage PEER_CEASE = NotificationMessage.of(6, 4);
    static final NotificationMessage UPDATE_ERR = NotificationMessage.of(3, 1);
    static final NotificationMessage HOLD_EXPIRED = NotificationMessage.of(4, 0);
    static final NotificationMessage COLLISION = NotificationMessage.of(6, 7);

    static final NegotiatedSession NEGOTIATED = negotiated(90, 30);
    static final OpenMessage OPEN = new OpenMessage(4, 65002, 90, ip("10.0.0.2"), List.of());

    // The events of RFC 4271 8.1 (6 and 7 omitted) plus RFC 2918 ROUTE-REFRESH, by name.
    static final Map<String, FsmEvent> EVENTS = events();

    static Map<String, FsmEvent> events() {
        var m = new java.util.LinkedHashMap<String, FsmEvent>();
        m.put("1 ManualStart", new ManualStart());
        m.put("2 ManualStop", new ManualStop(ADMIN_SHUTDOWN));
        m.put("3 AutomaticStart", new AutomaticStart());
        m.put("4 ManualStart_with_PassiveTcpEstablishment", new ManualStartPassive());
        m.put("5 AutomaticStart_with_PassiveTcpEstablishment", new AutomaticStartPassive());
        m.put("8 AutomaticStop", new AutomaticStop(MAX_PREFIX));
        m.put("9 ConnectRetryTimer_Expires", new ConnectRetryTimerExpires());
        m.put("10 HoldTimer_Expires", new HoldTimerExpires());
        m.put("11 KeepaliveTimer_Expires", new KeepaliveTimerExpires());
        m.put("12 DelayOpenTimer_Expires", new DelayOpenTimerExpires());
        m.put("13 IdleHoldTimer_Expires", new IdleHoldTimerExpires());
        m.put("14 TcpConnection_Valid", new TcpConnectionValid());
        m.put("15 Tcp_CR_Invalid", new TcpCrInvalid());
        m.put("16 Tcp_CR_Acked", new TcpCrAcked());
        m.put("17 TcpConnectionConfirmed", new TcpConnectionConfirmed());
        m.put("18 TcpConnectionFails", new TcpConnectionFails("reset"));
        m.put("19 BGPOpen", new BgpOpen(OPEN, NEGOTIATED));
        m.put("20 BGPOpen with DelayOpenTimer running", new BgpOpenWithDelayOpenTimerRunning(OPEN, NEGOTIATED));
        m.put("21 BGPHeaderErr", new BgpHeaderErr(HEADER_ERR));
        m.put("22 BGPOpenMsgErr", new BgpOpenMsgErr(OPEN_ERR));
        m.put("23 OpenCollisionDump", new OpenCollisionDump());
        m.put("24 NotifMsgVerErr", new NotifMsgVerErr(VERSION_ERR));
        m.put("25 NotifMsg", new NotifMsg(PEER_CEASE));
        m.put("26 KeepAliveMsg", new KeepAliveMsg());
        m.put("27 UpdateMsg", new UpdateMsg());
        m.put("28 UpdateMsgErr", new UpdateMsgErr(UPDATE_ERR));
        m.put("RFC 2918 ROUTE-REFRESH", new RouteRefreshMsg());
        return m;
    }

    /** One row: in {@code from} (reached with {@code settings}), event → {@code to} with {@code actions}. */
    record Row(FsmState from, PeerFsm.Settings settings, boolean delayOpenRunning, String event, FsmState to,
               List<FsmAction> actions, int counter) {
        @Override public String toString() {
            return from + (delayOpenRunning ? " (DelayOpenTimer running)" : settings == PASSIVE_ONLY ? " (passive only)" : "")
                    + " + " + event + " -> " + to;
        }
    }

    static final List<Row> ROWS = new ArrayList<>();

    static void row(FsmState from, String event, FsmState to, int counter, FsmAction... actions) {
        ROWS.add(new Row(from, PLAIN, false, event, to, List.of(actions), counter));
    }

    static void rowDelayed(FsmState from, String event, FsmState to, int counter, FsmAction... actions) {
        ROWS.add(new Row(from, DELAY_OPEN_5, true, event, to, List.of(actions), counter));
    }

    static SendNotification send(NotificationMessage n) { return new SendNotification(n); }
    static SessionDown down(Kind k, NotificationMessage n) { return new SessionDown(new DownReason(k, n, "", false)); }
    static SessionDown downEst(Kind k, NotificationMessage n) { return new SessionDown(new DownReason(k, n, "", true)); }
    static final FsmAction RESTART = start(IDLE_HOLD, 5);
    static final FsmAction CR_START = start(CONNECT_RETRY, 120);
    static final FsmAction CR_STOP = stop(CONNECT_RETRY);
    static final FsmAction LARGE_HOLD = start(HOLD, 240);

    /** Names of every event except those given: the "any other event" rows. */
    static List<String> allBut(String... handled) {
        List<String> names = new ArrayList<>(EVENTS.keySet());
        for (String h : handled) names.removeIf(n -> n.startsWith(h + " ") || n.equals(h));
        return names;
    }

    static {
        // ------------------------------------------------------------------ Idle
        for (String e : List.of("1", "3")) row(IDLE, e, CONNECT, 0, CR_START, CONNECT_TCP);
        for (String e : List.of("4", "5")) row(IDLE, e, ACTIVE, 0, CR_START);
        row(IDLE, "13", CONNECT, 0, CR_START, CONNECT_TCP);
        for (String e : allBut("1", "3", "4", "5", "13")) row(IDLE, e, IDLE, 0);

        // ------------------------------------------------------------------ Connect
        for (String e : List.of("1", "3", "4", "5", "14", "15")) row(CONNECT, e, CONNECT, 0);
        row(CONNECT, "2", IDLE, 0, DROP_TCP, RELEASE_RESOURCES, CR_STOP, down(Kind.ADMIN_STOP, null));
        row(CONNECT, "9", CONNECT, 0, DROP_TCP, CR_START, CONNECT_TCP);
        row(CONNECT, "12", OPEN_SENT, 0, SEND_OPEN, LARGE_HOLD);
        for (String e : List.of("16", "17")) row(CONNECT, e, OPEN_SENT, 0, CR_STOP, SEND_OPEN, LARGE_HOLD);
        row(CONNECT, "18", IDLE, 0, CR_STOP, DROP_TCP, RELEASE_RESOURCES, down(Kind.CONNECT_FAILED, null), RESTART);
        row(CONNECT, "20", OPEN_CONFIRM, 0, CR_STOP, SEND_OPEN, SEND_KEEPALIVE, start(KEEPALIVE, 30), start(HOLD, 90));
        row(CONNECT, "21", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, HEADER_ERR), RESTART);
        row(CONNECT, "22", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, OPEN_ERR), RESTART);
        row(CONNECT, "24", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        row(CONNECT, "8", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.ADMIN_STOP, null));
        row(CONNECT, "25", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, PEER_CEASE), RESTART);
        for (String e : allBut("1", "2", "3", "4", "5", "8", "9", "12", "14", "15", "16", "17", "18", "20", "21", "22", "24", "25"))
            row(CONNECT, e, IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, null), RESTART);
        // Connect with DelayOpen (RFC 4271 8.2.2: the DelayOpen branches).
        rowDelayed(CONNECT, "2", IDLE, 0, DROP_TCP, RELEASE_RESOURCES, CR_STOP, down(Kind.ADMIN_STOP, null));
        rowDelayed(CONNECT, "9", CONNECT, 0, DROP_TCP, CR_START, stop(DELAY_OPEN), CONNECT_TCP);
        rowDelayed(CONNECT, "12", OPEN_SENT, 0, SEND_OPEN, LARGE_HOLD);
        rowDelayed(CONNECT, "18", ACTIVE, 0, CR_START, stop(DELAY_OPEN), down(Kind.TCP_RESET, null));
        rowDelayed(CONNECT, "20", OPEN_CONFIRM, 0, CR_STOP, stop(DELAY_OPEN), SEND_OPEN, SEND_KEEPALIVE, start(KEEPALIVE, 30), start(HOLD, 90));
        rowDelayed(CONNECT, "24", IDLE, 0, CR_STOP, stop(DELAY_OPEN), RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        rowDelayed(CONNECT, "21", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, HEADER_ERR), RESTART);
        rowDelayed(CONNECT, "26", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, null), RESTART);

        // ------------------------------------------------------------------ Active
        for (String e : List.of("1", "3", "4", "5", "14", "15")) row(ACTIVE, e, ACTIVE, 0);
        row(ACTIVE, "2", IDLE, 0, RELEASE_RESOURCES, DROP_TCP, CR_STOP, down(Kind.ADMIN_STOP, null));
        row(ACTIVE, "9", CONNECT, 0, CR_START, CONNECT_TCP);
        row(ACTIVE, "12", OPEN_SENT, 0, CR_STOP, SEND_OPEN, LARGE_HOLD);
        for (String e : List.of("16", "17")) row(ACTIVE, e, OPEN_SENT, 0, CR_STOP, SEND_OPEN, LARGE_HOLD);
        row(ACTIVE, "18", IDLE, 1, RELEASE_RESOURCES, down(Kind.TCP_RESET, null), RESTART);
        row(ACTIVE, "20", OPEN_CONFIRM, 0, CR_STOP, SEND_OPEN, SEND_KEEPALIVE, start(KEEPALIVE, 30), start(HOLD, 90));
        row(ACTIVE, "21", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, HEADER_ERR), RESTART);
        row(ACTIVE, "22", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, OPEN_ERR), RESTART);
        row(ACTIVE, "24", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        row(ACTIVE, "8", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.ADMIN_STOP, null));
        row(ACTIVE, "25", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, PEER_CEASE), RESTART);
        for (String e : allBut("1", "2", "3", "4", "5", "8", "9", "12", "14", "15", "16", "17", "18", "20", "21", "22", "24", "25"))
            row(ACTIVE, e, IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.CONNECT_FAILED, null), RESTART);
        rowDelayed(ACTIVE, "12", OPEN_SENT, 0, CR_STOP, SEND_OPEN, LARGE_HOLD);
        rowDelayed(ACTIVE, "18", IDLE, 1, stop(DELAY_OPEN), RELEASE_RESOURCES, down(Kind.TCP_RESET, null), RESTART);
        rowDelayed(ACTIVE, "20", OPEN_CONFIRM, 0, CR_STOP, stop(DELAY_OPEN), SEND_OPEN, SEND_KEEPALIVE, start(KEEPALIVE, 30), start(HOLD, 90));
        rowDelayed(ACTIVE, "24", IDLE, 0, CR_STOP, stop(DELAY_OPEN), RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        rowDelayed(ACTIVE, "2", IDLE, 0, RELEASE_RESOURCES, DROP_TCP, CR_STOP, down(Kind.ADMIN_STOP, null));
        ROWS.add(new Row(ACTIVE, PASSIVE_ONLY, false, "9", ACTIVE, List.of(CR_START), 0));

        // ------------------------------------------------------------------ OpenSent
        for (String e : List.of("1", "3", "4", "5", "14", "15", "16", "17")) row(OPEN_SENT, e, OPEN_SENT, 0);
        row(OPEN_SENT, "2", IDLE, 0, send(ADMIN_SHUTDOWN), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, ADMIN_SHUTDOWN));
        row(OPEN_SENT, "8", IDLE, 1, send(MAX_PREFIX), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, MAX_PREFIX));
        row(OPEN_SENT, "10", IDLE, 1, send(HOLD_EXPIRED), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.HOLD_TIMER_EXPIRED, HOLD_EXPIRED), RESTART);
        row(OPEN_SENT, "18", ACTIVE, 0, DROP_TCP, stop(HOLD), CR_START, down(Kind.TCP_RESET, null));
        row(OPEN_SENT, "19", OPEN_CONFIRM, 0, CR_STOP, SEND_KEEPALIVE, start(KEEPALIVE, 30), start(HOLD, 90));
        row(OPEN_SENT, "21", IDLE, 1, send(HEADER_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, HEADER_ERR), RESTART);
        row(OPEN_SENT, "22", IDLE, 1, send(OPEN_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, OPEN_ERR), RESTART);
        row(OPEN_SENT, "23", IDLE, 1, send(COLLISION), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, COLLISION), RESTART);
        row(OPEN_SENT, "24", IDLE, 0, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        row(OPEN_SENT, "25", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, PEER_CEASE), RESTART);
        NotificationMessage fsm1 = NotificationMessage.of(5, 1);
        for (String e : allBut("1", "2", "3", "4", "5", "8", "10", "14", "15", "16", "17", "18", "19", "21", "22", "23", "24", "25"))
            row(OPEN_SENT, e, IDLE, 1, send(fsm1), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, fsm1), RESTART);

        // ------------------------------------------------------------------ OpenConfirm
        for (String e : List.of("1", "3", "4", "5", "14", "15", "16", "17")) row(OPEN_CONFIRM, e, OPEN_CONFIRM, 0);
        row(OPEN_CONFIRM, "2", IDLE, 0, send(ADMIN_SHUTDOWN), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, ADMIN_SHUTDOWN));
        row(OPEN_CONFIRM, "8", IDLE, 1, send(MAX_PREFIX), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, MAX_PREFIX));
        row(OPEN_CONFIRM, "10", IDLE, 1, send(HOLD_EXPIRED), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.HOLD_TIMER_EXPIRED, HOLD_EXPIRED), RESTART);
        row(OPEN_CONFIRM, "11", OPEN_CONFIRM, 0, SEND_KEEPALIVE, start(KEEPALIVE, 30));
        row(OPEN_CONFIRM, "18", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.TCP_RESET, null), RESTART);
        row(OPEN_CONFIRM, "25", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, PEER_CEASE), RESTART);
        row(OPEN_CONFIRM, "24", IDLE, 0, CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        row(OPEN_CONFIRM, "21", IDLE, 1, send(HEADER_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, HEADER_ERR), RESTART);
        row(OPEN_CONFIRM, "22", IDLE, 1, send(OPEN_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, OPEN_ERR), RESTART);
        row(OPEN_CONFIRM, "23", IDLE, 1, send(COLLISION), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, COLLISION), RESTART);
        row(OPEN_CONFIRM, "26", ESTABLISHED, 0, start(HOLD, 90), new SessionEstablished(NEGOTIATED));
        NotificationMessage fsm2 = NotificationMessage.of(5, 2);
        for (String e : allBut("1", "2", "3", "4", "5", "8", "10", "11", "14", "15", "16", "17", "18", "21", "22", "23", "24", "25", "26"))
            row(OPEN_CONFIRM, e, IDLE, 1, send(fsm2), CR_STOP, RELEASE_RESOURCES, DROP_TCP, down(Kind.NOTIFICATION_SENT, fsm2), RESTART);

        // ------------------------------------------------------------------ Established
        for (String e : List.of("1", "3", "4", "5", "14", "15", "16", "17")) row(ESTABLISHED, e, ESTABLISHED, 0);
        row(ESTABLISHED, "2", IDLE, 0, send(ADMIN_SHUTDOWN), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, ADMIN_SHUTDOWN));
        row(ESTABLISHED, "8", IDLE, 1, send(MAX_PREFIX), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, MAX_PREFIX));
        row(ESTABLISHED, "10", IDLE, 1, send(HOLD_EXPIRED), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.HOLD_TIMER_EXPIRED, HOLD_EXPIRED), RESTART);
        row(ESTABLISHED, "11", ESTABLISHED, 0, SEND_KEEPALIVE, start(KEEPALIVE, 30));
        row(ESTABLISHED, "18", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.TCP_RESET, null), RESTART);
        row(ESTABLISHED, "21", IDLE, 1, send(HEADER_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, HEADER_ERR), RESTART);
        row(ESTABLISHED, "22", IDLE, 1, send(OPEN_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, OPEN_ERR), RESTART);
        row(ESTABLISHED, "23", IDLE, 1, send(COLLISION), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, COLLISION), RESTART);
        row(ESTABLISHED, "24", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_RECEIVED, VERSION_ERR), RESTART);
        row(ESTABLISHED, "25", IDLE, 1, CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_RECEIVED, PEER_CEASE), RESTART);
        row(ESTABLISHED, "26", ESTABLISHED, 0, start(HOLD, 90));
        // The message itself goes from BgpSession to the peer; the FSM only stays Established.
        row(ESTABLISHED, "27", ESTABLISHED, 0, start(HOLD, 90));
        row(ESTABLISHED, "RFC 2918 ROUTE-REFRESH", ESTABLISHED, 0, start(HOLD, 90));
        row(ESTABLISHED, "28", IDLE, 1, send(UPDATE_ERR), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, UPDATE_ERR), RESTART);
        NotificationMessage fsm3 = NotificationMessage.of(5, 3);
        for (String e : allBut("1", "2", "3", "4", "5", "8", "10", "11", "14", "15", "16", "17", "18", "21", "22", "23", "24", "25", "26", "27", "28", "RFC 2918 ROUTE-REFRESH"))
            row(ESTABLISHED, e, IDLE, 1, send(fsm3), CR_STOP, RELEASE_RESOURCES, DROP_TCP, downEst(Kind.NOTIFICATION_SENT, fsm3), RESTART);
    }

    static Stream<Arguments> transitions() {
        return ROWS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(Row row) {
        PeerFsm fsm = reach(row.from(), row.settings(), row.delayOpenRunning());
        FsmEvent event = EVENTS.entrySet().stream()
                .filter(e -> e.getKey().startsWith(row.event() + " ") || e.getKey().equals(row.event()))
                .findFirst().orElseThrow().getValue();

        List<FsmAction> actions = fsm.handle(event);

        assertThat(fsm.state()).as("next state").isEqualTo(row.to());
        assertThat(withoutDetail(actions)).as("actions").containsExactlyElementsOf(row.actions());
        assertThat(fsm.connectRetryCounter()).as("ConnectRetryCounter").isEqualTo(row.counter());
    }

    @org.junit.jupiter.api.Test
    void everyStateHasARowForEveryEvent() {
        for (FsmState s : FsmState.values()) {
            Set<String> covered = new java.util.HashSet<>();
            ROWS.stream().filter(r -> r.from() == s && r.settings() == PLAIN).forEach(r -> covered.add(number(r.event())));
            for (String name : EVENTS.keySet()) {
                assertThat(covered).as(s + " covers " + name).contains(number(name));
            }
        }
    }

    static String number(String event) {
        return event.startsWith("RFC") || event.indexOf(' ') < 0 ? event : event.substring(0, event.indexOf(' '));
    }

    /** Drives a fresh FSM into {@code state} the way a real session gets there. */
    static PeerFsm reach(FsmState state, PeerFsm.Settings settings, boolean delayOpenRunning) {
        PeerFsm fsm = new PeerFsm(settings);
        switch (state) {
            case IDLE -> { }
            case CONNECT -> fsm.handle(new ManualStart());
            case ACTIVE -> fsm.handle(new ManualStartPassive());
            case OPEN_SENT -> { fsm.handle(new ManualStart()); fsm.handle(new TcpCrAcked()); }
            case OPEN_CONFIRM -> { fsm.handle(new ManualStart()); fsm.handle(new TcpCrAcked()); fsm.handle(new BgpOpen(OPEN, NEGOTIATED)); }
            case ESTABLISHED -> {
                fsm.handle(new ManualStart()); fsm.handle(new TcpCrAcked());
                fsm.handle(new BgpOpen(OPEN, NEGOTIATED)); fsm.handle(new KeepAliveMsg());
            }
        }
        if (delayOpenRunning) {
            fsm.handle(new TcpCrAcked());
            assertThat(fsm.isRunning(DELAY_OPEN)).isTrue();
        }
        assertThat(fsm.state()).isEqualTo(state);
        return fsm;
    }

    /** SessionDown details are prose for logs; the table compares kind, NOTIFICATION and flag. */
    static List<FsmAction> withoutDetail(List<FsmAction> actions) {
        return actions.stream().map(a -> a instanceof SessionDown d
                ? (FsmAction) new SessionDown(new DownReason(d.reason().kind(), d.reason().notification(), "", d.reason().wasEstablished()))
                : a).toList();
    }

    static NegotiatedSession negotiated(int hold, int keepalive) {
        return new NegotiatedSession(65002, ip("10.0.0.2"), true, Set.of(AddressFamily.IPV4_UNICAST), true, false, null,
                Set.of(), Set.of(), false, hold, keepalive, List.of());
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
