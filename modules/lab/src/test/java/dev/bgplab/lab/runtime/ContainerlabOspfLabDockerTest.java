package dev.bgplab.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgplab.lab.docker.Leftovers;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * lab-configs/ospf01, written as a containerlab user writes a lab (upstream FRR image and tag, a
 * daemons file with only ospfd on, network-multitool hosts, groups, binds, exec, no bgplab labels),
 * runs unchanged: OSPF converges, every host pings every other, a link down is a carrier down on
 * both ends so OSPF drops the neighbour on both at once, long before its dead interval (20 s here).
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerlabOspfLabDockerTest {

    private static final Duration DEAD_INTERVAL = Duration.ofSeconds(20);
    private static Topology topology;
    private static DockerLab lab;
    private static byte[] router3Source;

    @BeforeAll
    static void deploy() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("lab-configs"))) {
            root = root.getParent();
        }
        topology = TopologyLoader.load(root.resolve("lab-configs/ospf01/ospf01.clab.yml"));
        DockerLab.teardown(topology.name());
        router3Source = Files.readAllBytes(topology.dir().resolve("router3/frr.conf"));
        lab = DockerLab.deploy(topology, line -> System.out.println("lab: " + line));
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
            assertThat(Leftovers.findLab(topology.name()).isEmpty()).isTrue();
            assertThat(topology.labDir()).doesNotExist();
        }
    }

    private static String ospfNeighbors(String router) {
        return lab.node(router).exec("vtysh", "-c", "show ip ospf neighbor");
    }

    @Test
    @Order(1)
    void ospfConvergesAndEveryHostPingsEveryOther() {
        Map<String, List<String>> neighbors = Map.of("router1", List.of("10.10.10.2", "10.10.10.3"),
                "router2", List.of("10.10.10.1", "10.10.10.3"), "router3", List.of("10.10.10.1", "10.10.10.2"));
        neighbors.forEach((router, ids) -> await(router + " Full with " + ids).atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    String out = ospfNeighbors(router);
                    return ids.stream().allMatch(id -> out.lines().anyMatch(l -> l.startsWith(id) && l.contains("Full")));
                }));
        for (int from = 1; from <= 3; from++) {
            for (int to = 1; to <= 3; to++) {
                if (from != to) {
                    String target = "192.168.1" + to + ".2";
                    LabNode pc = lab.node("PC" + from);
                    await("PC" + from + " pings " + target).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                            .ignoreExceptions().until(() -> pc.exec("ping", "-c", "1", "-W", "1", target).contains("1 received"));
                }
            }
        }
    }

    @Test
    @Order(2)
    void theLabsOwnDockerExecLineWorksOnTheContainerlabName() throws Exception {
        Process p = new ProcessBuilder("docker", "exec", "clab-ospf01-router1", "vtysh", "-c", "show ip ospf neighbor")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("10.10.10.2").contains("Full");
    }

    @Test
    @Order(3)
    void linksAreVethPairsWithTheTopologysMtuAndNoHostAddress() throws Exception {
        assertThat(lab.node("router1").exec("cat", "/sys/class/net/eth1/mtu").strip()).isEqualTo("9500");
        assertThat(lab.node("router2").exec("cat", "/sys/class/net/eth2/mtu").strip()).isEqualTo("1500");
        assertThat(lab.node("router3").exec("cat", "/sys/class/net/eth2/address").strip()).isEqualTo("aa:c1:ab:00:23:03");
        assertThat(lab.node("router1").exec("ip", "-d", "link", "show", "eth1")).contains("veth");
        Process p = new ProcessBuilder("ip", "-o", "addr").redirectErrorStream(true).start();
        String host = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(host).doesNotContain("10.0.12.", "10.0.13.", "10.0.23.", "192.168.11.", "192.168.12.", "192.168.13.");
    }

    @Test
    @Order(4)
    void containerlabsFilesAreWrittenAndInspectShowsTheTable() throws Exception {
        JsonNode data = new ObjectMapper().readTree(topology.labDir().resolve("topology-data.json").toFile());
        assertThat(data.path("name").asText()).isEqualTo("ospf01");
        assertThat(data.path("nodes").path("router1").path("longname").asText()).isEqualTo("clab-ospf01-router1");
        assertThat(data.path("nodes").path("PC1").path("mgmt-ipv4-address").asText()).startsWith("172.");
        assertThat(data.path("links")).hasSize(6);
        assertThat(Files.readString(topology.labDir().resolve("ansible-inventory.yml")))
                .contains("routers:").contains("clab-ospf01-router2:").contains("ansible_host: ");
        String table = ClabFiles.table(ClabFiles.inspect("ospf01"));
        System.out.print(table);
        assertThat(table).contains("clab-ospf01-PC3", "running", "quay.io/frrouting/frr:10.5.1 (runs bgplab/frr:8.4)");
    }

    @Test
    @Order(4)
    void mgmtAddressesSysctlsAndEnvironmentAreHonoured() {
        assertThat(lab.node("PC1").exec("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("172.29.101.101/24");
        assertThat(lab.node("router1").exec("cat", "/proc/sys/net/ipv4/icmp_ratelimit").strip()).isEqualTo("0");
        String user = System.getenv("USER");
        assertThat(lab.node("PC2").exec("printenv", "LAB_OWNER").strip()).isEqualTo(user == null || user.isEmpty() ? "labuser" : user);
        assertThat(lab.node("PC2").exec("ip", "route")).as("no default route into a node unless the topology adds one")
                .doesNotContain("default via 172.29.101.1");
    }

    @Test
    @Order(5)
    void aStartupConfigIsCopiedSoWriteMemoryLeavesTheUsersFileAlone() throws Exception {
        lab.node("router3").exec("vtysh", "-c", "configure terminal", "-c", "router ospf", "-c", "timers throttle spf 10 100 1000",
                "-c", "end", "-c", "write memory");
        assertThat(Files.readAllBytes(topology.dir().resolve("router3/frr.conf"))).isEqualTo(router3Source);
        assertThat(lab.node("router3").exec("cat", "/etc/frr/frr.conf")).contains("timers throttle spf 10 100 1000");
    }

    @Test
    @Order(6)
    void aLinkDownIsSeenByOspfOnBothEndsLongBeforeTheDeadInterval() {
        LabNode r1 = lab.node("router1");
        LabNode r2 = lab.node("router2");
        long t0 = System.nanoTime();
        r1.exec("ip", "link", "set", "dev", "eth1", "down");
        long[] gone = new long[2];
        await("router2 drops router1").atMost(DEAD_INTERVAL.dividedBy(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !ospfNeighbors("router2").contains("10.10.10.1"));
        gone[0] = (System.nanoTime() - t0) / 1_000_000;
        await("router1 drops router2").atMost(DEAD_INTERVAL.dividedBy(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !ospfNeighbors("router1").contains("10.10.10.2"));
        gone[1] = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("link router1:eth1 down: router2 dropped router1 after %d ms, router1 dropped router2 after %d ms"
                + " (dead interval %d s)%n", gone[0], gone[1], DEAD_INTERVAL.toSeconds());
        assertThat(r2.exec("ip", "-o", "link", "show", "eth1")).as("the far end loses its carrier").contains("NO-CARRIER");
        // the far end still sees router3, and traffic from PC1 to PC2 takes the way round through router3
        assertThat(ospfNeighbors("router2")).contains("10.10.10.3");
        await("PC1 reaches PC2 through router3").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> lab.node("PC1").exec("ping", "-c", "1", "-W", "1", "192.168.12.2").contains("1 received"));
        r1.exec("ip", "link", "set", "dev", "eth1", "up");
        await("router1 and router2 Full again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ospfNeighbors("router2").lines().anyMatch(l -> l.startsWith("10.10.10.1") && l.contains("Full")));
    }

    @Test
    @Order(7)
    void aNodeStartedAgainGetsItsLinksBackAndOspfReconverges() {
        lab.node("router3").stop();
        await("router1 drops router3").atMost(DEAD_INTERVAL.dividedBy(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> !ospfNeighbors("router1").contains("10.10.10.3"));
        lab.node("router3").start();
        for (String router : List.of("router1", "router2")) {
            await(router + " Full with router3 again").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ospfNeighbors(router).lines().anyMatch(l -> l.startsWith("10.10.10.3") && l.contains("Full")));
        }
        assertThat(lab.node("router2").exec("cat", "/sys/class/net/eth2/mtu").strip()).isEqualTo("1500");
        await("PC3 reaches PC1 again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> lab.node("PC3").exec("ping", "-c", "1", "-W", "1", "192.168.11.2").contains("1 received"));
    }
}
