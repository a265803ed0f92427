package dev.bgplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `bgplab explain PREFIX --api URL` against real speakers on 127.0.6.x. rs is AS 65515 (like Azure
 * Route Server) with ebgp-requires-policy on and five peers, each showing one reason a route is
 * dropped or chosen; sdwan (AS 65010) learns rs's 10.40.0.0/16 as "65515 65520 65520 65002" and
 * cleans it with `set as-path exclude 65520 65515`.
 */
class ExplainCommandTest {
    private static final Map<String, BgpSpeaker> speakers = new ConcurrentHashMap<>();
    private static int port;

    private static String peer(String name, String address, long asn, String options) {
        return "  - {name: " + name + ", address: " + address + ", port: " + port + ", asn: " + asn
                + ", hold-time: 9, connect-retry: 1" + (options.isEmpty() ? "" : ", " + options) + "}\n";
    }

    private static String speaker(String address, long asn, String networks, String top, String... peers) {
        return "router-id: " + address + "\nasn: " + asn + "\nlisten: {address: " + address + ", port: " + port + "}\n"
                + "api: {port: 0}\nnetworks: [" + networks + "]\n" + top + "peers:\n" + String.join("", peers);
    }

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("rs", speaker("127.0.6.1", 65515, "{prefix: 10.40.0.0/16, as-path-prepend: '65520 65520 65002'}", """
                ebgp-requires-policy: true
                policy: |
                  route-map ALL permit 10
                  ip prefix-list PL seq 5 deny 10.90.0.0/16
                  ip prefix-list PL seq 10 permit 0.0.0.0/0 le 32
                  ip prefix-list ONLY-80 seq 5 permit 10.80.0.0/16
                  route-map P2-IN deny 10
                   match ip address prefix-list ONLY-80
                  route-map P2-IN permit 20
                """,
                peer("p1", "127.0.6.2", 65001, "passive: true, route-map-in: ALL"),
                peer("p2", "127.0.6.3", 65002, "passive: true, prefix-list-in: PL, route-map-in: P2-IN"),
                peer("p3", "127.0.6.4", 65003, "passive: true"),
                peer("p4", "127.0.6.5", 65004, "passive: true, route-map-in: ALL, maximum-prefix: '1'"),
                peer("sdwan", "127.0.6.6", 65010, "passive: true, route-map-in: ALL, route-map-out: ALL")));
        startAll(Map.of("rs", all.remove("rs"))); // rs listens before its peers connect
        String open = "ebgp-requires-policy: false\n";
        all.put("p1", speaker("127.0.6.2", 65001, "{prefix: 10.50.0.0/16, as-path-prepend: '65515'}, 10.60.0.0/16", open,
                peer("rs", "127.0.6.1", 65515, "")));
        all.put("p2", speaker("127.0.6.3", 65002, "{prefix: 10.60.0.0/16, as-path-prepend: '65002'}, 10.80.0.0/16, 10.90.0.0/16", open,
                peer("rs", "127.0.6.1", 65515, "")));
        all.put("p3", speaker("127.0.6.4", 65003, "10.70.0.0/16", open, peer("rs", "127.0.6.1", 65515, "")));
        all.put("p4", speaker("127.0.6.5", 65004, "10.95.0.0/16, 10.96.0.0/16", open, peer("rs", "127.0.6.1", 65515, "")));
        all.put("sdwan", speaker("127.0.6.6", 65010, "", open + """
                policy: |
                  route-map FROM-RS permit 10
                   set as-path exclude 65520 65515
                """, peer("rs", "127.0.6.1", 65515, "route-map-in: FROM-RS")));
        startAll(all);
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("p1", "p2", "p3", "sdwan").stream()
                .allMatch(p -> speakers.get("rs").state(p) == FsmState.ESTABLISHED));
    }

    private static void startAll(Map<String, String> all) {
        List<CompletableFuture<Void>> starts = all.entrySet().stream().map(e -> CompletableFuture.runAsync(() -> {
            try {
                speakers.put(e.getKey(), BgpSpeaker.start(ConfigLoader.parse(e.getKey() + ".yml", e.getValue())));
            } catch (Exception ex) {
                throw new IllegalStateException(e.getKey() + ": " + ex.getMessage(), ex);
            }
        })).toList();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stop() {
        speakers.values().parallelStream().forEach(BgpSpeaker::close);
    }

    private static String api(String speaker) {
        return "http://127.0.0.1:" + speakers.get(speaker).apiAddress().getPort();
    }

    /** What `bgplab explain PREFIX --api URL` prints for the speaker, once it contains every expected fragment. */
    private static String explain(String speaker, String prefix, String... expected) {
        String[] out = new String[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Cli r = Cli.run("explain", prefix, "--api", api(speaker));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains(expected);
            out[0] = r.out();
        });
        return out[0];
    }

    @Test
    void explainSaysARouteHoldingAzureRouteServerAsnWasDroppedAsALoop() {
        String out = explain("rs", "10.50.0.0/16",
                "From p1: received with AS path '65001 65515'.",
                "From p1: Dropped: AS path 65001 65515 holds our own AS 65515 (loop prevention, RFC 4271 9.1.2); allowas-in is not set.");
        assertThat(out).startsWith("10.50.0.0/16 is not in the Loc-RIB");
    }

    @Test
    void explainNamesTheComparisonStepThatDecidedBetweenTwoPaths() {
        explain("rs", "10.60.0.0/16",
                "Best path for 10.60.0.0/16: from p1 (AS65001)",
                "path from 127.0.6.2 wins over path from 127.0.6.3 on AS path length: shorter AS path (1 (65001) vs 2 (65002 65002))",
                "From p2: Accepted with AS path '65002 65002'.");
    }

    @Test
    void explainSaysRfc8212DroppedARouteFromAPeerWithoutPolicy() {
        explain("rs", "10.70.0.0/16", "From p3: Dropped: this eBGP session has no inbound policy", "RFC 8212");
    }

    @Test
    void explainNamesTheRouteMapEntryThatDenied() {
        explain("rs", "10.80.0.0/16", "From p2: Dropped: route-map P2-IN entry 10 denied it.");
    }

    @Test
    void explainNamesThePrefixListEntryThatDenied() {
        explain("rs", "10.90.0.0/16", "From p2: Dropped: prefix-list PL seq 5 denied it.");
    }

    @Test
    void explainSaysANeighborIsHeldDownByMaximumPrefix() {
        explain("rs", "10.95.0.0/16", "Neighbor p4 is held down: maximum-prefix 1 exceeded with 2 ipv4-unicast prefixes.");
    }

    @Test
    void explainShowsTheAsPathAsReceivedAndAsEachPolicyStepChangedIt() {
        explain("sdwan", "10.40.0.0/16",
                "From rs: received with AS path '65515 65520 65520 65002'.",
                "changed the AS path from '65515 65520 65520 65002' to '65002'",
                "Best path for 10.40.0.0/16: from rs (AS65515), next hop 127.0.6.1, AS path '65002'");
        // and on the sending side, how rs's own prefix left it
        explain("rs", "10.40.0.0/16", "To sdwan: advertised with next hop 127.0.6.1 and AS path '65515 65520 65520 65002'.");
    }
}
