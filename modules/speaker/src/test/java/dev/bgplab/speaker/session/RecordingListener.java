package dev.bgplab.speaker.session;

import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every callback so tests can wait for them from the test thread. */
final class RecordingListener implements SessionListener {
    final List<NegotiatedSession> established = new CopyOnWriteArrayList<>();
    final List<UpdateMessage> updates = new CopyOnWriteArrayList<>();
    final List<RouteRefreshMessage> refreshes = new CopyOnWriteArrayList<>();
    final List<DownReason> downs = new CopyOnWriteArrayList<>();

    @Override public void onEstablished(NegotiatedSession session) { established.add(session); }
    @Override public void onUpdate(UpdateMessage update) { updates.add(update); }
    @Override public void onRouteRefresh(RouteRefreshMessage refresh) { refreshes.add(refresh); }
    @Override public void onDown(DownReason reason) { downs.add(reason); }

    List<DownReason> downs(DownReason.Kind kind) { return downs.stream().filter(d -> d.kind() == kind).toList(); }
}
