package dev.bgplab.lab.runtime;

import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.speaker.BgpSpeaker;
import java.util.List;

/** A bgplab speaker of an {@link EmbeddedLab}, in this JVM; read through its API like a container node. */
final class EmbeddedNode implements LabNode {

    private final EmbeddedLab lab;
    private final NodeSpec spec;
    private String yaml;
    private BgpSpeaker speaker;
    private SpeakerApiClient api;
    private final ApiEventReader apiEvents;

    EmbeddedNode(EmbeddedLab lab, NodeSpec spec) {
        this.lab = lab;
        this.spec = spec;
        this.yaml = EmbeddedLab.readConfig(spec);
        this.apiEvents = new ApiEventReader(spec.name());
    }

    @Override
    public synchronized List<RouteEvent> events() {
        return apiEvents.events(api);
    }

    /** The API's base URL while the node runs. */
    public String apiUrl() {
        return api == null ? "" : api.base().toString();
    }

    @Override
    public NodeSpec spec() {
        return spec;
    }

    private SpeakerApiClient api() {
        if (speaker == null) {
            throw new IllegalStateException(spec.name() + " is stopped");
        }
        return api;
    }

    @Override
    public List<Session> sessions() {
        return api().sessions();
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode sessionDetail(Session s) {
        try {
            return api().peer(s.peer());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> explain(String prefix) {
        return api().explain(prefix);
    }

    @Override
    public List<RouteEntry> routes(String table) {
        if ("kernel".equals(table)) {
            throw unsupported("a kernel table");
        }
        return "received".equals(table) ? api().received() : api().locRib();
    }

    @Override
    public String exec(String... argv) {
        throw unsupported("running commands");
    }

    @Override
    public synchronized FaultTime stop() {
        java.time.Instant before = java.time.Instant.now();
        if (speaker != null) {
            events(); // what it said before it goes
            speaker.close();
            speaker = null;
            api = null;
        }
        return FaultTime.between(before, java.time.Instant.now(), "speaker closed (Cease sent to every peer)");
    }

    @Override
    public synchronized void start() {
        if (speaker == null) {
            speaker = lab.startSpeaker(spec, yaml);
            api = new SpeakerApiClient(spec.name(), "127.0.0.1:" + speaker.apiAddress().getPort(), lab.unmap(spec));
            apiEvents.restarted();
        }
    }

    /** In-process there is no SIGKILL: the speaker is closed (its peers get a Cease, unlike a real kill). */
    @Override
    public FaultTime kill() {
        return stop();
    }

    @Override
    public void pause() {
        throw unsupported("pause");
    }

    @Override
    public void unpause() {
        throw unsupported("unpause");
    }

    @Override
    public void configure(List<String> lines) {
        String next = String.join("\n", lines);
        api().reload(lab.rewrite(spec, next));
        yaml = next;
    }

    @Override
    public void clear(String peer, boolean soft) {
        if (!soft) {
            throw unsupported("a hard session reset");
        }
        api().softReset(lab.map(peer));
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(spec.name() + ": " + what + " needs the docker runtime (this lab runs embedded)");
    }
}
