package dev.bgplab.lab.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.frr.FrrCommandException;
import dev.bgplab.lab.frr.FrrNode;
import dev.bgplab.lab.interop.InteropMatrix;
import dev.bgplab.lab.interop.Loopback;
import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Differential AS-path tests with FRR 8.4 as the oracle. One deployment for all cases:
 * <pre>
 *   injector (bgplab, AS 4200000001, on the gateway) --> FRR DUT (AS 65010)     --+
 *   injector (bgplab, AS 4200000001, on loopback)    --> bgplab DUT (AS 65010)  --+--> one FRR collector per session
 *   FRR injector (AS 65002, allowas-in origin cases) --> both DUTs              --+    (reads both DUTs' paths)
 * </pre>
 * Each case has its own prefix; the DUTs carry the same policy (route-map CASES keyed by
 * prefix-list towards the RM collector, one neighbor option per other collector). Collectors send
 * nothing back and accept their own ASN (allowas-in 10), so what they show is what the DUT sent.
 * Cases FRR 8.4 cannot run compare bgplab with FRR's documented result. Writes
 * target/differential/as-path-table.md and one interop-matrix row per operation family.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsPathDifferentialDockerTest {

    private static final String PREFIX = "bgplab-test-diffaspath-";
    private static final String PEER = "frr-8.4";
    private static final long DUT_ASN = 65010, INJECTOR_ASN = 4200000001L, INJECTOR2_ASN = 65002;
    private static final Path TABLE = Path.of("target/differential/as-path-table.md");

    private final List<AsPathCase> cases = AsPathCase.load("/differential/as-path-cases.txt");
    private final List<AutoCloseable> open = new ArrayList<>();
    private LabNetwork net;
    private String gw, dutF, inj2;
    private final Map<Session, FrrNode> collectors = new EnumMap<>(Session.class);
    /** case id -> {FRR DUT output, bgplab DUT output}; null when the collector does not have the route. */
    private final Map<String, String[]> seen = new LinkedHashMap<>();
    /** RFC 7606 cases: the FRR collector logged a malformed AS_PATH from the FRR DUT. */
    private final Map<String, Boolean> malformed = new LinkedHashMap<>();
    /** Docs cases: the FRR DUT refuses the set command (8.4 lacks it). */
    private final Map<String, Boolean> frrLacks = new LinkedHashMap<>();
    private FrrNode dut;

    @BeforeAll
    void deploy() throws Exception {
        Leftovers.clean(PREFIX);
        try {
            net = LabNetwork.createFree(PREFIX + "net", false, 140);
            open.add(net);
            gw = net.gateway().getHostAddress();
            dutF = net.ipv4(10);
            inj2 = net.ipv4(11);

            BgpSpeaker injF = start("injector-frr.yml", injectorYaml(gw, "frr-dut", dutF, null));
            int injFPort = injF.listenAddress().getPort();
            String injBAddress = Loopback.nextAddress(), dutBLoopback = Loopback.nextAddress();
            int injBPort = Loopback.freePort(injBAddress);
            start("injector-bgplab.yml", injectorYaml(injBAddress, "bgplab-dut", dutBLoopback, injBPort));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<FrrNode>> starting = new ArrayList<>();
                starting.add(pool.submit(() -> frr("dut", dutF, frrDutConf(injFPort))));
                starting.add(pool.submit(() -> frr("injector2", inj2, injector2Conf())));
                List<Session> withCollector = Stream.of(Session.values()).filter(Session::hasCollector).toList();
                for (Session s : withCollector) {
                    starting.add(pool.submit(() -> frr("c-" + s.key, net.ipv4(s.host), collectorConf(s))));
                }
                for (int i = 0; i < starting.size(); i++) {
                    FrrNode node = starting.get(i).get();
                    open.add(node);
                    if (i == 0) dut = node;
                    if (i >= 2) collectors.put(withCollector.get(i - 2), node);
                }
            } finally {
                pool.shutdown();
            }
            start("dut-bgplab.yml", bgplabDutYaml(injBAddress, injBPort, dutBLoopback));
            observe();
        } catch (Exception | Error e) {
            cleanUp();
            throw e;
        }
    }

    @AfterAll
    void cleanUp() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // best effort: Leftovers below removes what a failed close left
            }
        }
        open.clear();
        Leftovers.clean(PREFIX);
    }

    @TestFactory
    Stream<DynamicTest> asPathMatchesFrr() throws Exception {
        writeTable();
        recordMatrix();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.operation() + " on " + c.receivedPath(),
                () -> {
                    assertThat(actual(c)).as("bgplab output for %s (%s)", c.id(), c.source().label).isEqualTo(expected(c));
                    assertThat(matches(c)).as("%s: expectation met, FRR 8.4 lacks the docs command / sends the malformed path", c.id())
                            .isTrue();
                }));
    }

    /** Waits until every route that should arrive did, at both DUTs' collectors, then keeps what the collectors show. */
    private void observe() {
        try {
            Awaitility.await("both DUTs' routes at the collectors").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        read();
                        return cases.stream().allMatch(c -> AsPathCase.ABSENT.equals(c.expected())
                                || seen.get(c.id())[1] != null && (c.source() != AsPathCase.Source.LIVE || seen.get(c.id())[0] != null)
                                && (c.source() != AsPathCase.Source.RFC7606 || malformed.get(c.id())));
                    });
        } catch (ConditionTimeoutException e) {
            // the table and the per-case assertions say which routes are missing
        }
        read();
        for (AsPathCase c : cases) {
            if (c.source() == AsPathCase.Source.DOCS) {
                frrLacks.put(c.id(), c.bgplabSet().stream().allMatch(this::frrRejects));
            }
        }
    }

    private void read() {
        Map<Session, JsonNode> tables = new EnumMap<>(Session.class);
        collectors.forEach((s, node) -> tables.put(s, node.showJson("show bgp ipv4 unicast json").path("routes")));
        for (int i = 0; i < cases.size(); i++) {
            AsPathCase c = cases.get(i);
            String[] out = {null, null};
            for (JsonNode path : tables.get(c.session().collector()).path(prefix(c, i))) {
                String peer = path.path("peerId").asText();
                if (peer.equals(dutF)) out[0] = AsPathText.frr(path.path("path").asText());
                if (peer.equals(gw)) out[1] = AsPathText.frr(path.path("path").asText());
            }
            seen.put(c.id(), out);
            if (c.source() == AsPathCase.Source.RFC7606) {
                malformed.put(c.id(), collectors.get(c.session()).logs().contains("Malformed AS path from " + dutF));
            }
        }
    }

    /** True when FRR's CLI refuses the route-map set line: the command does not exist in this version. */
    private boolean frrRejects(String setLine) {
        try {
            String out = dut.configure("route-map PROBE-LACKS permit 10", setLine);
            return out.contains("% ");
        } catch (FrrCommandException e) {
            return true;
        }
    }

    private String expected(AsPathCase c) {
        if (c.expected() != null && c.source() != AsPathCase.Source.LIVE) return AsPathText.frr(c.expected());
        String frr = seen.get(c.id())[0];
        return frr == null ? AsPathCase.ABSENT : frr;
    }

    private String actual(AsPathCase c) {
        String b = seen.get(c.id())[1];
        return b == null ? AsPathCase.ABSENT : b;
    }

    private boolean matches(AsPathCase c) {
        boolean live = c.source() == AsPathCase.Source.LIVE;
        // a live case that names an expectation must also meet it, so an absent pair is not a vacuous match;
        // a docs case holds only while FRR 8.4 really lacks the command, an RFC 7606 case only while FRR 8.4 really sends malformed paths
        return expected(c).equals(actual(c)) && (!live || c.expected() == null || c.expected().equals(expected(c)))
                && frrLacks.getOrDefault(c.id(), true) && malformed.getOrDefault(c.id(), true);
    }

    private void writeTable() throws IOException {
        StringBuilder md = new StringBuilder("# AS-path operations: FRR 8.4 vs bgplab\n\n")
                .append("Each case's route crosses the FRR DUT and the bgplab DUT (AS ").append(DUT_ASN)
                .append("); the paths are what an FRR collector shows, so the DUT's own ASN (or local-as) leads. ")
                .append("The collector normalises AS_SETs (sorted, no duplicates).\n\n")
                .append("| case | input path | operation | FRR 8.4 output | bgplab output | source | verdict |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (AsPathCase c : cases) {
            String frr = switch (c.source()) {
                case LIVE -> expected(c);
                case DOCS -> (frrLacks.get(c.id()) ? "n/a (8.4 refuses the command)" : "8.4 ACCEPTS the command")
                        + "; docs: " + AsPathText.frr(c.expected());
                case RFC7606 -> (malformed.get(c.id()) ? "malformed (empty segment; collector: treat-as-withdraw)"
                        : "NOT malformed: " + seen.get(c.id())[0]) + "; RFC 7606: " + AsPathText.frr(c.expected());
            };
            md.append("| ").append(c.id()).append(" | ").append(c.receivedPath()).append(" | ").append(c.operation())
                    .append(" | ").append(frr).append(" | ").append(actual(c)).append(" | ").append(c.source().label)
                    .append(" | ").append(matches(c) ? "match" : "MISMATCH").append(" |\n");
        }
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, md.toString());
    }

    private void recordMatrix() {
        Map<String, List<AsPathCase>> families = new LinkedHashMap<>();
        for (AsPathCase c : cases) families.computeIfAbsent(c.family(), f -> new ArrayList<>()).add(c);
        families.forEach((family, list) -> {
            String feature = "as-path " + family + " (differential)";
            if (list.stream().allMatch(c -> c.source() == AsPathCase.Source.DOCS)) {
                String verdict = list.stream().allMatch(this::matches) ? "bgplab matches FRR docs" : "bgplab differs from FRR docs";
                InteropMatrix.peerLacks(PEER, feature, "FRR 9.1+; " + verdict + " (" + list.size() + " case(s))");
                return;
            }
            try {
                InteropMatrix.check(PEER, feature, () -> {
                    for (AsPathCase c : list) {
                        assertThat(actual(c)).as("%s %s", c.id(), c.operation()).isEqualTo(expected(c));
                        assertThat(matches(c)).as("%s meets its expectation", c.id()).isTrue();
                    }
                });
            } catch (Exception | AssertionError e) {
                // recorded as FAIL; the dynamic test of the case fails too
            }
        });
    }

    private static String prefix(AsPathCase c, int index) {
        return (c.session() == Session.ORIGIN ? "10.2." : "10.1.") + (index + 1) + ".0/24";
    }

    private BgpSpeaker start(String name, String yaml) throws Exception {
        BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse(name, yaml));
        open.add(s::close);
        return s;
    }

    private FrrNode frr(String name, String address, String conf) {
        return FrrNode.builder(PREFIX + name).network(net, address).frrConf(conf).start();
    }

    // ---- configuration --------------------------------------------------------------------------

    /** A bgplab injector that originates every non-origin case's prefix with the case's input path. */
    private String injectorYaml(String listen, String peerName, String peerAddress, Integer port) {
        StringBuilder y = new StringBuilder("""
                router-id: 10.255.0.%d
                asn: %d
                listen: {address: %s, port: %d}
                api: {port: 0}
                ebgp-requires-policy: false
                networks:
                """.formatted(port == null ? 2 : 3, INJECTOR_ASN, listen, port == null ? 0 : port));
        for (int i = 0; i < cases.size(); i++) {
            AsPathCase c = cases.get(i);
            if (c.session() == Session.ORIGIN) continue;
            y.append("  - {prefix: ").append(prefix(c, i)).append(", as-path-prepend: '").append(c.input()).append("'}\n");
        }
        y.append("peers:\n  - {name: ").append(peerName).append(", address: ").append(peerAddress)
                .append(", asn: ").append(DUT_ASN).append(", passive: true}\n");
        return y.toString();
    }

    /** The policy both DUTs share: route-map CASES (one entry per RM case), DENYALL, the AS-path lists of the docs cases. */
    private String policy(boolean bgplab) {
        StringBuilder p = new StringBuilder();
        p.append("bgp as-path access-list EXCL65 seq 5 permit ^65\n");
        p.append("bgp as-path access-list REPL42 seq 5 permit ^42\n");
        StringBuilder maps = new StringBuilder();
        int seq = 10;
        for (int i = 0; i < cases.size(); i++) {
            AsPathCase c = cases.get(i);
            List<String> set = bgplab ? c.bgplabSet() : c.frrSet();
            if (c.session() != Session.RM || set.isEmpty()) continue;
            p.append("ip prefix-list C-").append(c.id()).append(" seq 5 permit ").append(prefix(c, i)).append('\n');
            maps.append("route-map CASES permit ").append(seq).append('\n')
                    .append(" match ip address prefix-list C-").append(c.id()).append('\n');
            for (String line : set) maps.append(' ').append(line).append('\n');
            seq += 10;
        }
        for (int i = 0; i < cases.size(); i++) {
            AsPathCase c = cases.get(i);
            p.append("ip prefix-list S-").append(c.session().collector().key).append(" permit ").append(prefix(c, i)).append('\n');
        }
        maps.append("route-map CASES permit 65000\n");
        maps.append("route-map DENYALL deny 10\n");
        return p.append(maps).toString();
    }

    private String frrDutConf(int injectorPort) {
        StringBuilder c = new StringBuilder("""
                router bgp %d
                 bgp router-id 10.255.0.10
                 no bgp ebgp-requires-policy
                 neighbor %s remote-as %d
                 neighbor %2$s port %d
                 neighbor %2$s timers connect 2
                 neighbor %s remote-as %d
                 neighbor %5$s timers connect 2
                """.formatted(DUT_ASN, gw, INJECTOR_ASN, injectorPort, inj2, INJECTOR2_ASN));
        StringBuilder af = new StringBuilder(" address-family ipv4 unicast\n")
                .append("  neighbor ").append(gw).append(" allowas-in 2\n")
                .append("  neighbor ").append(gw).append(" route-map DENYALL out\n")
                .append("  neighbor ").append(inj2).append(" allowas-in origin\n")
                .append("  neighbor ").append(inj2).append(" route-map DENYALL out\n");
        for (Session s : Session.values()) {
            if (!s.hasCollector()) continue;
            String addr = net.ipv4(s.host);
            c.append(" neighbor ").append(addr).append(" remote-as ").append(s.collectorAsn).append('\n');
            c.append(" neighbor ").append(addr).append(" timers connect 2\n");
            if (!s.frrRouterLine().isEmpty()) c.append(" neighbor ").append(addr).append(' ').append(s.frrRouterLine()).append('\n');
            if (!s.frrAfLine.isEmpty()) af.append("  neighbor ").append(addr).append(' ').append(s.frrAfLine).append('\n');
            af.append("  neighbor ").append(addr).append(" prefix-list S-").append(s.key).append(" out\n");
        }
        return c.append(af).append(" exit-address-family\n!\n").append(policy(false)).toString();
    }

    private String bgplabDutYaml(String injectorAddress, int injectorPort, String loopback) {
        StringBuilder y = new StringBuilder("""
                router-id: 10.255.0.1
                asn: %d
                listen: {address: %s, port: 0}
                api: {port: 0}
                ebgp-requires-policy: false
                peers:
                  - {name: injector, address: %s, port: %d, asn: %d, local-address: %s, connect-retry: 1, allowas-in: 2, route-map-out: DENYALL}
                  - {name: injector2, address: %s, asn: %d, local-address: %s, connect-retry: 1, allowas-in: origin, route-map-out: DENYALL}
                """.formatted(DUT_ASN, gw, injectorAddress, injectorPort, INJECTOR_ASN, loopback, inj2, INJECTOR2_ASN, gw));
        for (Session s : Session.values()) {
            if (!s.hasCollector()) continue;
            y.append("  - {name: ").append(s.key).append(", address: ").append(net.ipv4(s.host)).append(", asn: ")
                    .append(s.collectorAsn).append(", local-address: ").append(gw).append(", connect-retry: 1, prefix-list-out: S-").append(s.key).append(", ")
                    .append(s.yaml).append("}\n");
        }
        y.append("policy: |\n");
        policy(true).lines().forEach(l -> y.append("  ").append(l).append('\n'));
        return y.toString();
    }

    /** FRR injector for the allowas-in origin cases: each prefix gets its path from a network route-map. */
    private String injector2Conf() {
        StringBuilder c = new StringBuilder("""
                router bgp %d
                 bgp router-id 10.255.0.11
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor %s remote-as %d
                 neighbor %2$s timers connect 2
                 neighbor %s remote-as %3$d
                 neighbor %4$s passive
                 address-family ipv4 unicast
                """.formatted(INJECTOR2_ASN, dutF, DUT_ASN, gw));
        StringBuilder maps = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            AsPathCase k = cases.get(i);
            if (k.session() != Session.ORIGIN) continue;
            c.append("  network ").append(prefix(k, i)).append(" route-map IN-").append(k.id()).append('\n');
            maps.append("route-map IN-").append(k.id()).append(" permit 10\n set as-path prepend ").append(k.input()).append('\n');
        }
        return c.append(" exit-address-family\n!\n").append(maps).toString();
    }

    /** A collector: takes everything from both DUTs (its own ASN included), sends nothing. */
    private String collectorConf(Session s) {
        return """
                router bgp %d
                 bgp router-id 10.255.0.%d
                 no bgp ebgp-requires-policy
                 neighbor %s remote-as %d
                 neighbor %3$s timers connect 2
                 neighbor %s remote-as %4$d
                 neighbor %5$s passive
                 address-family ipv4 unicast
                  neighbor %3$s allowas-in 10
                  neighbor %3$s route-map DENYALL out
                  neighbor %5$s allowas-in 10
                  neighbor %5$s route-map DENYALL out
                 exit-address-family
                !
                route-map DENYALL deny 10
                """.formatted(s.collectorAsn, s.host, dutF, s.dutAsnSeen, gw);
    }
}
