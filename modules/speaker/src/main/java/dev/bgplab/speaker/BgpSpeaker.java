package dev.bgplab.speaker;

import dev.bgplab.speaker.api.ManagementApi;
import dev.bgplab.speaker.api.SpeakerApiView;
import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.config.NetworkConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.fib.KernelFib;
import dev.bgplab.speaker.metrics.SpeakerMetrics;
import dev.bgplab.speaker.peer.ChangedPrefixes;
import dev.bgplab.speaker.peer.ConfigReconciler;
import dev.bgplab.speaker.peer.Peer;
import dev.bgplab.speaker.peer.PeerEnvironment;
import dev.bgplab.speaker.peer.SessionStates;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.rib.NextHopResolver;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Rib;
import dev.bgplab.speaker.session.BgpListener;
import dev.bgplab.speaker.session.BgpTransport;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BGP speaker, wired and nothing more: a {@link ConfigReconciler} that owns the {@link Peer}s
 * (each with its session, inbound pipeline and exporter), the {@link Rib}, a {@link ChangedPrefixes}
 * that hands Loc-RIB changes to every peer's exporter, the listener, the management API and the
 * metrics. Data flows one way: bytes, session, peer (normalisation, import policy), RIB, Loc-RIB
 * changes, exporter (export policy, Adj-RIB-Out, MRAI, packing), session, bytes; nothing calls back
 * into this class.
 *
 * <p>Threading: ONE Netty event loop thread owns everything here (every session, the RIB, the
 * policy contexts), like BIRD's single-threaded control plane, so there are no locks. Public
 * methods hop onto that loop; the management API does the same through {@link SpeakerApiView};
 * metrics read a snapshot the loop publishes ({@link SessionStates}).
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean ownsGroup;
    private final Rib rib;
    private final SpeakerMetrics metrics;
    private final PeerEnvironment env;
    private final SessionStates sessionStates;
    private ConfigReconciler reconciler;
    private BgpListener listener;
    private ManagementApi api;
    /** Programs best paths into the kernel when the config says kernel-routes; else null. */
    private KernelFib fib;

    private BgpSpeaker(SpeakerConfig config, PolicyConfig policy, EventLoopGroup group, boolean ownsGroup) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.loop = group.next();
        this.rib = new Rib(SpeakerPolicy.decisionOptions(config), NextHopResolver.ALL_REACHABLE);
        this.sessionStates = new SessionStates(loop);
        this.metrics = new SpeakerMetrics(sessionStates);
        this.env = new PeerEnvironment(loop, rib, metrics, config, policy);
        rib.addListener(env.events());
        // a role's preference between sources at equal AS-path length (read at each decision: follows reloads)
        rib.setSourceRank(p -> env.roleSteps() == null || p.isLocal() ? 0 : env.roleSteps().sourceRank(p.name()));
        if (config.kernelRoutes()) {
            // The data plane (dev.bgplab.speaker.fib): best paths into this machine's kernel.
            fib = KernelFib.start(KernelFib.ipCommand(), p -> env.roleSteps() == null || env.roleSteps().programmable(p),
                    KernelFib.kernelResolver());
            rib.addListener(fib::onChange);
            env.fib(fib);
            fib.setStaticRoutes(PeerEnvironment.staticRoutes(config));
        }
    }

    /** The kernel data plane, or null when kernel-routes is off. */
    public KernelFib kernelFib() { return fib; }

    // ------------------------------------------------------------------ life cycle

    /** Loads a YAML config file and starts a speaker with it. */
    public static BgpSpeaker start(java.nio.file.Path configFile) throws Exception {
        return start(ConfigLoader.load(configFile));
    }

    /** Starts a speaker on its own event loop thread. */
    public static BgpSpeaker start(SpeakerConfig config) throws Exception {
        return start(config, BgpTransport.newEventLoopGroup(1, "bgplab-" + config.routerId().getHostAddress()), true);
    }

    /** Starts a speaker on an event loop of the given group (several in-process speakers may share one). */
    public static BgpSpeaker start(SpeakerConfig config, EventLoopGroup group, boolean ownsGroup) throws Exception {
        PolicyConfig policy = SpeakerPolicy.of(config);
        BgpSpeaker s = new BgpSpeaker(config, policy, group, ownsGroup);
        try {
            s.call(() -> { s.prepareOnLoop(); return null; });
            s.bindListener(); // binding waits for the loop, so it runs on this thread
            s.call(() -> { s.startOnLoop(); return null; });
            s.startApi();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void prepareOnLoop() throws Exception {
        SpeakerConfig config = env.config();
        InetAddress bind = config.listenAddress() != null ? config.listenAddress() : InetAddress.getByName("0.0.0.0");
        listener = new BgpListener(loop, new InetSocketAddress(bind, config.listenPort()));
        metrics.connectionsRefused(listener::refusedConnections);
        reconciler = new ConfigReconciler(env, listener);
        reconciler.prepare();
        sessionStates.watch(reconciler.peers());
        rib.addListener(new ChangedPrefixes(loop, rib, metrics, reconciler.peers(), env.groups()));
    }

    private void bindListener() {
        InetSocketAddress at = listener.localAddress();
        try {
            listener.bind();
        } catch (Exception e) {
            throw new ConfigException(env.config().source() + ": field 'listen' cannot listen on " + at.getAddress().getHostAddress() + ":"
                    + at.getPort() + ": " + e.getMessage()
                    + (at.getPort() < 1024 && at.getPort() > 0 ? " (ports below 1024 need root)" : ""));
        }
    }

    private void startOnLoop() {
        SpeakerConfig config = env.config();
        reconciler.start();
        log.info("speaker AS{} router-id {} started with {} neighbor(s), {} network(s)", config.asn(),
                config.routerId().getHostAddress(), reconciler.peers().size(), config.networks().size());
    }

    private void startApi() throws Exception {
        SpeakerConfig config = env.config();
        if (config.apiPort() < 0) return;
        api = new ManagementApi(new InetSocketAddress(config.apiAddress(), config.apiPort()), new SpeakerApiView(this),
                metrics.registry(), config.apiSecurity());
        api.start();
    }

    /** Sends Cease / Administrative Shutdown to every peer and stops. */
    @Override
    public void close() {
        if (api != null) api.close();
        try {
            List<io.netty.util.concurrent.Future<?>> stops = new ArrayList<>();
            if (!loop.isShuttingDown()) {
                call(() -> {
                    if (reconciler != null) for (Peer n : reconciler.peers()) stops.add(n.session().stop());
                    return null;
                });
                for (io.netty.util.concurrent.Future<?> f : stops) f.await(2, TimeUnit.SECONDS);
                call(() -> {
                    if (listener != null) listener.close();
                    return null;
                });
            }
        } catch (Exception e) {
            log.warn("speaker stop: {}", e.toString());
        }
        if (ownsGroup) group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (fib != null) fib.close(); // every route it installed is removed
    }

    /** Runs a task on the speaker's event loop and waits for its result (10 s at most). */
    public <T> T call(Callable<T> task) throws Exception {
        if (loop.inEventLoop()) return task.call();
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the speaker's event loop did not answer within 10 s", e);
        }
    }

    public EventLoop eventLoop() { return loop; }
    public SpeakerConfig config() { return env.config(); }
    public SpeakerMetrics metrics() { return metrics; }
    public InetSocketAddress listenAddress() { return listener == null ? null : listener.localAddress(); }
    /** Loc-RIB changes and session transitions with their times (GET /api/events). */
    public dev.bgplab.speaker.api.RouteEventLog events() { return env.events(); }

    public InetSocketAddress apiAddress() { return api == null ? null : api.address(); }
    /** The management API, or null when none is configured. */
    public ManagementApi api() { return api; }

    /** The RIB; touch it only from {@link #eventLoop()} (e.g. inside {@link #call}). */
    public Rib rib() { return rib; }

    /** The pseudo-peer of locally originated routes. */
    public PeerInfo local() { return env.local(); }

    /** The configured peers; touch them only from {@link #eventLoop()}. */
    public Collection<Peer> peers() { return reconciler.peers(); }

    /** A peer by name or address, or null; only from {@link #eventLoop()}. */
    public Peer find(String nameOrAddress) { return reconciler.find(nameOrAddress); }

    /** The state of a neighbor's session, by name or address; readable from any thread. */
    public FsmState state(String neighbor) {
        try {
            return call(() -> {
                Peer n = reconciler.find(neighbor);
                return n == null ? null : n.session().state();
            });
        } catch (Exception e) {
            return null;
        }
    }

    /** Tests only: maximum-prefix restart counted in this unit instead of minutes. */
    public void maximumPrefixRestartUnit(TimeUnit unit) { env.maximumPrefixRestartUnit(unit); }

    // ------------------------------------------------------------------ origination

    /**
     * Originates networks at run time (as if added to `networks:`), e.g. a benchmark's million
     * prefixes or a scenario step; safe from any thread.
     */
    public void originate(List<NetworkConfig> networks) throws Exception {
        call(() -> {
            for (NetworkConfig n : networks) reconciler.originate(n);
            return null;
        });
    }

    /** Stops originating the prefixes; safe from any thread. */
    public void withdrawOriginated(List<Prefix> prefixes) throws Exception {
        call(() -> {
            for (Prefix p : prefixes) reconciler.withdrawOriginated(p);
            return null;
        });
    }

    // ------------------------------------------------------------------ run-time changes

    /**
     * Soft reset (no session drop) of one peer by name or address, or of all with null; on the loop.
     * See {@link Peer} for what in and out do.
     */
    public List<String> softReset(String peer, boolean in, boolean out) {
        return reconciler.softReset(peer, in, out);
    }

    /** {@link #reload} from any thread, e.g. on SIGHUP; a config it refuses changes nothing. */
    public List<String> applyConfig(SpeakerConfig next) throws Exception { return call(() -> reload(next)); }

    /** Applies a changed config without a restart (see {@link ConfigReconciler#reload}); on the loop. */
    public List<String> reload(SpeakerConfig next) {
        return reconciler.reload(next);
    }
}
