package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.lab.runtime.RouteEntry;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    private static final Topology TOPO = TopologyLoader.parse(Path.of("/l/t.clab.yml"), """
            name: t
            topology:
              nodes:
                rs: {kind: linux, image: bgplab/frr:8.4}
                nva1: {kind: linux, image: bgplab/frr:8.4}
                vm: {kind: linux, image: debian, labels: {bgplab.role: vm}}
              links:
                - endpoints: ["rs:eth1", "nva1:eth1"]
            """);

    private static Scenario parse(String yaml) {
        return ScenarioLoader.parse(Path.of("/l/t.scenario.yml"), yaml, TOPO);
    }

    @Test
    void readsEveryStepKind() {
        Scenario s = parse("""
                timeout: 10s
                steps:
                  - wait: {established: all}
                  - expect: {node: rs, prefix: 10.1.0.0/16, next-hops: [10.0.0.2, 10.0.0.1], as-path: "65001", timeout: 5s}
                  - fault: {netem: {link: "rs:eth1", delay: 50ms, loss: 1%}}
                  - measure: {convergence: {node: vm, table: kernel, prefix: 10.1.0.0/16, absent: true}}
                  - measure: {loss: {from: vm, to: 10.1.0.1, interval: 10ms, count: 200, max-lost: 5}}
                    during:
                      - fault: {stop: nva1}
                """);
        assertThat(s.steps()).extracting(Step::kind).containsExactly("wait", "expect", "fault", "measure", "measure");
        Step.Expect e = (Step.Expect) s.steps().get(1);
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(((Step.Wait) s.steps().get(0)).timeout()).isEqualTo(Duration.ofSeconds(10));
        Step.Loss loss = (Step.Loss) s.steps().get(4);
        assertThat(loss.during()).hasSize(1);
        assertThat(loss.maxLost()).isEqualTo(5);
    }

    @Test
    void notEstablishedWaitsForASessionToBeDownInsteadOfUp() {
        Step.Wait w = (Step.Wait) parse("""
                steps:
                  - wait: {not-established: [rs]}
                """).steps().get(0);
        assertThat(w.down()).isTrue();
        assertThat(w.nodes()).containsExactly("rs");
        assertThat(((Step.Wait) parse("steps:\n  - wait: {established: all}\n").steps().get(0)).down()).isFalse();
    }

    @Test
    void nextHopsAreCheckedAsASetOfTheSelectedPaths() {
        Expectation x = ((Step.Expect) parse("""
                steps:
                  - expect: {node: rs, prefix: 10.1.0.0/16, next-hops: [10.0.0.2, 10.0.0.1], community: "65001:1"}
                """).steps().get(0)).expectation();
        RouteEntry ecmp = new RouteEntry("10.1.0.0/16", List.of(
                ObservedRoute.builder("10.1.0.0/16").nextHop("10.0.0.1").asPath("65001").communities(List.of("65001:1"))
                        .peer("10.0.0.1").best(true).build(),
                ObservedRoute.builder("10.1.0.0/16").nextHop("10.0.0.2").asPath("65001").peer("10.0.0.2").selected(true).build(),
                ObservedRoute.builder("10.1.0.0/16").nextHop("10.0.0.3").asPath("65002 65001").peer("10.0.0.3").build()));
        assertThat(x.check(List.of(ecmp))).isEmpty();
        RouteEntry one = new RouteEntry("10.1.0.0/16", List.of(ecmp.paths().get(0)));
        assertThat(x.check(List.of(one))).hasValueSatisfying(r -> assertThat(r).contains("next hops are [10.0.0.1]"));
        assertThat(x.check(List.of())).hasValueSatisfying(r -> assertThat(r).contains("is not in rs's routing table"));
    }

    @Test
    void mistakesNameTheFileTheStepAndWhatIsValid() {
        assertThatThrownBy(() -> parse("steps:\n  - expect: {node: r9, prefix: 10.0.0.0/8}\n"))
                .hasMessageContaining("/l/t.scenario.yml").hasMessageContaining("steps[0].expect.node").hasMessageContaining("[rs, nva1, vm]");
        assertThatThrownBy(() -> parse("steps:\n  - fault: {explode: rs}\n"))
                .hasMessageContaining("steps[0].fault").hasMessageContaining("link-down");
        assertThatThrownBy(() -> parse("steps:\n  - expect: {node: rs, prefix: 10.0.0.0/8, nexthops: [1.1.1.1]}\n"))
                .hasMessageContaining("unknown field 'nexthops'").hasMessageContaining("next-hops");
        assertThatThrownBy(() -> parse("steps:\n  - wait: {established: all}\n    timeout: soon\n"))
                .hasMessageContaining("steps[0].timeout").hasMessageContaining("30s");
    }
}
