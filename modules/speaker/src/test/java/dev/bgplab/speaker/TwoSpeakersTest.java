package dev.bgplab.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real speakers on 127.0.0.1 and 127.0.0.2 over TCP: Established, prefixes both ways, API and metrics. */
class TwoSpeakersTest {
    private BgpSpeaker r1, r2;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        if (r1 != null) r1.close();
        if (r2 != null) r2.close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String config(String id, long asn, String me, String peer, long peerAsn, int port, String nets, String extra) {
        return """
                router-id: %s
                asn: %d
                listen: {address: %s, port: %d}
                api: {port: 0}
                ebgp-requires-policy: false
                networks: [%s]
                peers:
                  - name: peer
                    address: %s
                    port: %d
                    asn: %d
                    hold-time: 9
                    connect-retry: 1
                %s
                """.formatted(id, asn, me, port, nets, peer, port, peerAsn, extra);
    }

    JsonNode get(BgpSpeaker s, String path) throws Exception {
        var a = s.apiAddress();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    String metrics(BgpSpeaker s) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.apiAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void twoSpeakersExchangeIpv4AndIpv6PrefixesVisibleInApiAndMetrics() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 4200000002L, port, "10.1.0.0/16, '2001:db8:1::/48'", "")));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 4200000002L, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16, '2001:db8:2::/48'", "")));

        await().atMost(Duration.ofSeconds(20)).until(() -> r1.state("peer") == FsmState.ESTABLISHED && r2.state("peer") == FsmState.ESTABLISHED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode v4 = get(r1, "/api/rib?prefix=10.2.0.0/16");
            assertThat(v4).hasSize(1);
            assertThat(v4.get(0).at("/paths/0/asPath").asText()).isEqualTo("4200000002");
            assertThat(v4.get(0).at("/paths/0/nextHop").asText()).isEqualTo("127.0.0.2");
            JsonNode v6 = get(r1, "/api/rib?prefix=2001:db8:2::/48");
            assertThat(v6).hasSize(1);
            assertThat(v6.get(0).at("/paths/0/asPath").asText()).isEqualTo("4200000002");
            JsonNode back = get(r2, "/api/rib?family=ipv4-unicast");
            assertThat(back.findValuesAsText("prefix")).contains("10.1.0.0/16", "10.2.0.0/16");
            JsonNode back6 = get(r2, "/api/rib?prefix=2001:db8:1::/48");
            assertThat(back6.get(0).at("/paths/0/asPath").asText()).isEqualTo("65001");
        });

        JsonNode peers = get(r1, "/api/peers");
        assertThat(peers.get(0).get("state").asText()).isEqualTo("Established");
        assertThat(peers.get(0).get("capabilities").toString()).contains("4-octet-as", "ipv6-unicast", "route-refresh");
        assertThat(peers.get(0).at("/prefixes/accepted").asLong()).isEqualTo(2);
        // A route never goes back to the peer it came from: only r1's own two prefixes are advertised.
        assertThat(peers.get(0).at("/prefixes/advertised").asLong()).isEqualTo(2);
        assertThat(get(r2, "/api/rib?table=in-pre&peer=peer").findValuesAsText("prefix")).containsExactlyInAnyOrder("10.1.0.0/16", "2001:db8:1::/48");

        String m = metrics(r1);
        assertThat(m).contains("bgp_sessions{state=\"Established\"} 1.0");
        assertThat(m).containsPattern("bgp_prefixes_accepted\\{peer=\"peer\"\\} 2\\.0");
        assertThat(m).containsPattern("bgp_updates_received_total\\{peer=\"peer\"\\} [1-9]");
    }

    @Test
    void stoppingOneSpeakerSendsCeaseAndThePeerWithdrawsItsRoutes() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "")));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);
        r2.close();
        r2 = null;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(get(r1, "/api/rib?prefix=10.2.0.0/16")).isEmpty();
            JsonNode p = get(r1, "/api/peers").get(0);
            assertThat(p.at("/lastError/kind").asText()).isEqualTo("NOTIFICATION_RECEIVED");
            assertThat(p.at("/lastError/notification").asText()).contains("Cease / Administrative Shutdown");
        });
        // Cease / Administrative Shutdown is code 6 subcode 2, counted by kind.
        assertThat(metrics(r1)).containsPattern("bgp_session_down_total\\{peer=\"peer\",reason=\"notification_received_6_2\"\\} 1\\.0");
    }

    @Test
    void eventStreamStampsEachLocRibChangeAndSessionDownWithTheWallClockAsItHappens() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "")));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);
        long before = dev.bgplab.speaker.api.RouteEventLog.micros(java.time.Instant.now());
        r2.close();
        r2 = null;
        long after = dev.bgplab.speaker.api.RouteEventLog.micros(java.time.Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").isEmpty());
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r1.apiAddress().getPort() + "/api/events?since=0")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : body.split("\n")) events.add(json.readTree(line));
        JsonNode learnt = events.stream().filter(e -> "10.2.0.0/16".equals(e.path("prefix").asText()) && e.path("nextHops").size() == 1)
                .findFirst().orElseThrow();
        assertThat(learnt.at("/nextHops/0").asText()).isEqualTo("127.0.0.2");
        JsonNode down = events.stream().filter(e -> e.path("kind").asText().equals("session") && !e.path("state").asText().equals("Established"))
                .findFirst().orElseThrow();
        assertThat(down.path("reason").asText()).contains("Cease");
        JsonNode gone = events.stream().filter(e -> "10.2.0.0/16".equals(e.path("prefix").asText()) && e.path("nextHops").isEmpty())
                .findFirst().orElseThrow();
        // stamped when it happened: between the close call and its return, the session first
        assertThat(down.path("timeMicros").asLong()).isBetween(before, after);
        assertThat(gone.path("timeMicros").asLong()).isBetween(down.path("timeMicros").asLong(), after);
        assertThat(gone.path("seq").asLong()).isGreaterThan(down.path("seq").asLong());
        assertThat(get(r1, "/api/peers").get(0).at("/lastError/current").asBoolean()).isTrue();
    }

    @Test
    void lastErrorIsHistoryOnceTheSessionIsEstablishedAgain() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "")));
        String r2Config = config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16", "");
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml", r2Config));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);
        r2.close();
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml", r2Config));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode p = get(r1, "/api/peers").get(0);
            assertThat(p.path("state").asText()).isEqualTo("Established");
            assertThat(p.at("/lastError/at").asText()).isNotEmpty();
            assertThat(p.at("/lastError/current").asBoolean()).isFalse();
        });
    }

    @Test
    void reloadWithANewInboundRouteMapAppliesItToTheRefreshedRoutesWithoutASessionDrop() throws Exception {
        int port = freePort();
        String r1Config = config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "");
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml", r1Config));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);

        // the peer's options change (route-map-in), its session settings do not: a soft reset, no new session
        String withRouteMap = r1Config.replace("    connect-retry: 1\n", "    connect-retry: 1\n    route-map-in: LP\n")
                + "policy: |\n  route-map LP permit 10\n   set local-preference 222\n";
        assertThat(withRouteMap).contains("route-map-in: LP");
        JsonNode done = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r1.apiAddress().getPort() + "/api/config"))
                .POST(HttpRequest.BodyPublishers.ofString(withRouteMap)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(done.toString()).contains("options changed, soft reset");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(r1, "/api/rib?prefix=10.2.0.0/16").get(0).at("/paths/0/localPref").asLong()).isEqualTo(222));
        JsonNode peer = get(r1, "/api/peers").get(0);
        assertThat(peer.at("/counters/established").asLong()).isEqualTo(1);
        assertThat(peer.at("/counters/flaps").asLong()).isZero();
    }

    @Test
    void aRestartingModeGracefulRestartPeerThatDiesKeepsItsRoutesStaleAndThePeerStatusCountsThem() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "")));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16, 10.3.0.0/16", "    graceful-restart: restart")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);

        // r2 dies without a NOTIFICATION: its event loop stops and its sockets just close (RFC 4724 4.2)
        r2.eventLoop().parent().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(r1.state("peer")).isNotEqualTo(FsmState.ESTABLISHED);
            assertThat(get(r1, "/api/rib?prefix=10.2.0.0/16").get(0).at("/paths/0/stale").asBoolean()).isTrue();
        });
        JsonNode peer = get(r1, "/api/peers").get(0);
        assertThat(peer.at("/lastError/kind").asText()).isEqualTo("TCP_RESET");
        assertThat(peer.at("/prefixes/stale").asLong()).as("stale prefixes in /api/peers").isEqualTo(2);
    }

    @Test
    void aHelperOnlyPeerThatDiesLosesItsRoutesAtOnceRfc4724Section4_2() throws Exception {
        int port = freePort();
        r1 = BgpSpeaker.start(ConfigLoader.parse("r1.yml",
                config("10.0.0.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port, "10.1.0.0/16", "")));
        r2 = BgpSpeaker.start(ConfigLoader.parse("r2.yml",
                config("10.0.0.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port, "10.2.0.0/16", "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(r1, "/api/rib?prefix=10.2.0.0/16").size() == 1);
        // the default is helper only, like FRR: the capability goes without families, so r1 keeps nothing stale
        assertThat(get(r1, "/api/peers").get(0).path("capabilities").toString()).contains("graceful-restart");
        r2.eventLoop().parent().shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(r1, "/api/rib?prefix=10.2.0.0/16")).isEmpty());
    }
}
