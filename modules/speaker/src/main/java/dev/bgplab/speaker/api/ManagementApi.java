package dev.bgplab.speaker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP API: JSON views of peers, RIBs and explanations, and Prometheus metrics,
 * bound to loopback by default. With {@link ApiSecurity} it serves HTTPS (TLS 1.3 only) and checks
 * a bearer token: on every request when bound beyond loopback or served over TLS, and on the
 * changing ones ({@code POST /api/config}, {@code POST /api/soft-reset}) always. A refused request is answered 401 and logged. Runs on its own small thread pool; every read goes through
 * {@link SpeakerView}, which hands the work to the speaker's event loop, so no speaker state is
 * touched from here.
 */
public final class ManagementApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);

    private final HttpServer server;
    private final ApiAuth auth;
    private final boolean loopback;
    /** Every request needs the token: beyond loopback, or whenever TLS is on (it is meant for remote use). */
    private final boolean guardAll;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public ManagementApi(InetSocketAddress bind, SpeakerView view, PrometheusMeterRegistry metrics) throws IOException {
        this(bind, view, metrics, dev.bgplab.speaker.config.ApiSecurity.NONE);
    }

    public ManagementApi(InetSocketAddress bind, SpeakerView view, PrometheusMeterRegistry metrics,
                         dev.bgplab.speaker.config.ApiSecurity security) throws IOException {
        this.auth = new ApiAuth(security);
        this.loopback = bind.getAddress() != null && bind.getAddress().isLoopbackAddress();
        if (!loopback && !(security.tls() && security.hasToken()))
            throw new IllegalArgumentException("management API on " + bind.getAddress().getHostAddress()
                    + " needs api.tls (cert, key) and api.token: only loopback may go without them");
        this.guardAll = !loopback || security.tls() && security.hasToken();
        if (security.tls()) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(bind, 16);
            javax.net.ssl.SSLContext ctx = ApiAuth.serverContext(security.tlsCert(), security.tlsKey());
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx) {
                @Override public void configure(com.sun.net.httpserver.HttpsParameters p) {
                    javax.net.ssl.SSLParameters sp = ctx.getDefaultSSLParameters();
                    sp.setProtocols(new String[] {"TLSv1.3"});
                    p.setSSLParameters(sp);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(bind, 16);
        }
        // a thread per request: a followed /api/events stream holds its thread for as long as it is read
        server.setExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bgplab-api-", 0).factory()));
        context(false, "/api/peers", ex -> handle(ex, q -> view.peers()));
        context(false, "/api/rib", ex -> handle(ex, q -> view.rib(RibRequest.from(q))));
        context(false, "/api/explain", ex -> handle(ex, q -> {
            String p = q.get("prefix");
            if (p == null) throw new ApiError(400, "missing query parameter 'prefix' (e.g. /api/explain?prefix=10.0.0.0/8)");
            return view.explain(p);
        }));
        context(false, "/api/events", ex -> events(ex, view.events()));
        context(false, "/api/speaker", ex -> handle(ex, q -> view.summary()));
        context(false, "/api/effective-routes", ex -> handle(ex, q -> view.effectiveRoutes()));
        context(true, "/api/soft-reset", ex -> handle(ex, q -> {
            if (!ex.getRequestMethod().equals("POST")) throw new ApiError(405, "use POST");
            return view.softReset(q.get("peer"), q.getOrDefault("direction", "both"));
        }));
        context(true, "/api/config", ex -> handle(ex, q -> {
            if (!ex.getRequestMethod().equals("POST")) throw new ApiError(405, "use POST with the new YAML config as the body");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            return view.reload(body);
        }));
        context(true, "/api/reload", ex -> handle(ex, q -> {
            if (!ex.getRequestMethod().equals("POST")) throw new ApiError(405, "use POST: re-reads the speaker's config file");
            return view.reloadFile();
        }));
        context(false, "/metrics", ex -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(ex, 200, body);
        });
        context(false, "/", ex -> handle(ex, q -> {
            if (!ex.getRequestURI().getPath().equals("/")) throw new ApiError(404, "no such endpoint; try /api/speaker, /api/peers, /api/rib, /api/explain?prefix=P, /metrics");
            return Map.of("endpoints", new String[] {"/api/speaker", "/api/peers", "/api/rib?prefix=P&longer=true&peer=NAME&family=ipv4-unicast",
                    "/api/explain?prefix=P", "/api/events?since=SEQ&follow=true", "/api/effective-routes", "POST /api/soft-reset?peer=NAME&direction=in|out|both", "POST /api/config", "POST /api/reload", "/metrics"});
        }));
    }

    /** Registers a handler behind the token check; {@code changes} marks the requests that alter the speaker. */
    private void context(boolean changes, String path, com.sun.net.httpserver.HttpHandler h) {
        server.createContext(path, ex -> {
            if ((changes || guardAll) && !auth.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                log.warn("management API: refused {} {} from {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRemoteAddress(), auth.hasToken() ? "missing or wrong bearer token" : "no token configured");
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"bgplab\"");
                send(ex, 401, json.writeValueAsBytes(Map.of("error", "401 Unauthorized: send 'Authorization: Bearer <token>' (api.token)")));
                return;
            }
            h.handle(ex);
        });
    }

    /** Requests refused with 401 since start. */
    public long refusedRequests() { return refused.get(); }

    public boolean tls() { return server instanceof com.sun.net.httpserver.HttpsServer; }


    /**
     * {@code GET /api/events?since=SEQ&wait=MS&follow=true}: Loc-RIB changes and session
     * transitions after sequence number SEQ, one JSON object per line with {@code timeMicros}
     * (wall clock, microseconds since the epoch). {@code wait} holds the answer until an event
     * arrives; {@code follow} keeps the response open and writes each event as it happens.
     */
    private void events(HttpExchange ex, RouteEventLog log) throws IOException {
        Map<String, String> q = query(ex);
        long since;
        long wait;
        try {
            since = Long.parseLong(q.getOrDefault("since", "0"));
            wait = Long.parseLong(q.getOrDefault("wait", "0"));
        } catch (NumberFormatException e) {
            send(ex, 400, json.writeValueAsBytes(Map.of("error", "since and wait are whole numbers (a sequence number, milliseconds)")));
            return;
        }
        boolean follow = Boolean.parseBoolean(q.getOrDefault("follow", "false"));
        com.fasterxml.jackson.databind.ObjectWriter line = new ObjectMapper().writer();
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        try {
            if (!follow) {
                StringBuilder sb = new StringBuilder();
                for (RouteEventLog.Event e : wait > 0 ? log.await(since, Math.min(wait, 30_000)) : log.after(since)) {
                    sb.append(line.writeValueAsString(e)).append('\n');
                }
                send(ex, 200, sb.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                while (true) {
                    for (RouteEventLog.Event e : log.await(since, 10_000)) {
                        os.write((line.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8));
                        since = e.seq();
                    }
                    os.flush(); // also how a closed client is noticed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closed) {
            // the reader went away
        }
    }

    public void start() {
        server.start();
        log.info("management API on {}://{}:{}/{}", tls() ? "https" : "http", server.getAddress().getHostString(),
                server.getAddress().getPort(), auth.hasToken() ? " (bearer token required for " + (guardAll ? "every request)" : "changes)") : "");
    }

    public InetSocketAddress address() { return server.getAddress(); }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** An answer other than 200, with a message for the user. */
    public static final class ApiError extends RuntimeException {
        final int status;
        public ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private interface Handler {
        Object apply(Map<String, String> query) throws Exception;
    }

    private void handle(HttpExchange ex, Handler h) throws IOException {
        try {
            Object result = h.apply(query(ex));
            send(ex, 200, json.writeValueAsBytes(result));
        } catch (ApiError e) {
            send(ex, e.status, json.writeValueAsBytes(Map.of("error", e.getMessage())));
        } catch (IllegalArgumentException | dev.bgplab.speaker.config.ConfigException e) {
            send(ex, 400, json.writeValueAsBytes(Map.of("error", String.valueOf(e.getMessage()))));
        } catch (Exception e) {
            log.warn("API {} failed", ex.getRequestURI(), e);
            send(ex, 500, json.writeValueAsBytes(Map.of("error", String.valueOf(e))));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (!ex.getResponseHeaders().containsKey("Content-Type")) ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) return out;
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "true" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
