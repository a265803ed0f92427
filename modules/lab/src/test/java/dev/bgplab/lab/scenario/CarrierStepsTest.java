package dev.bgplab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.route.ObservedRoute;
import dev.bgplab.lab.runtime.RouteEntry;
import dev.bgplab.lab.topology.Topology;
import dev.bgplab.lab.topology.TopologyException;
import dev.bgplab.lab.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A traffic measure's via: list, ${carrier} in its steps, next-hops-without, and the hang fault, as the loader reads them. */
class CarrierStepsTest {

    private static final Topology TOPO = TopologyLoader.parse(Path.of("/l/t.clab.yml"), """
            name: t
            topology:
              nodes:
                rs: {kind: linux, image: bgplab/frr:8.4, exec: ["ip addr add 10.1.2.1/30 dev eth1", "ip addr add 10.1.3.1/30 dev eth2"]}
                nva1: {kind: linux, image: bgplab/frr:8.4, exec: ["ip addr add 10.1.2.2/30 dev eth1"]}
                nva2: {kind: linux, image: bgplab/frr:8.4, exec: ["ip addr add 10.1.3.2/30 dev eth1"]}
                vm: {kind: linux, image: debian, labels: {bgplab.role: vm}}
              links:
                - endpoints: ["rs:eth1", "nva1:eth1"]
                - endpoints: ["rs:eth2", "nva2:eth1"]
            """);

    private static Scenario parse(String yaml) {
        return ScenarioLoader.parse(Path.of("/l/t.scenario.yml"), yaml, TOPO);
    }

    @Test
    void aTrafficMeasureWithViaLetsItsStepsNameTheCarrierAndHangIsAFault() {
        Scenario s = parse("""
                steps:
                  - measure: {traffic: {from: vm, to: 10.200.0.1, via: [nva1, nva2]}}
                    during:
                      - fault: {hang: "${carrier}"}
                      - fault: {link-down: "${carrier}:eth1"}
                      - measure: {convergence: {node: rs, table: kernel, prefix: 10.200.0.0/16, next-hops-without: "${carrier}"}}
                  - fault: {unhang: "${carrier}"}
                """);
        Step.Traffic t = (Step.Traffic) s.steps().get(0);
        assertThat(t.via()).containsExactly("nva1", "nva2");
        assertThat(((Step.Fault) t.during().get(0)).action()).isEqualTo("hang");
        assertThat(((Step.MeasureConvergence) t.during().get(2)).until().notVia()).hasValue(ScenarioLoader.CARRIER);
    }

    @Test
    void carrierWithoutViaNamesTheFieldToAdd() {
        assertThatThrownBy(() -> parse("""
                steps:
                  - measure: {traffic: {from: vm, to: 10.200.0.1}}
                    during:
                      - fault: {stop: "${carrier}"}
                """)).isInstanceOf(TopologyException.class).hasMessageContaining("needs via:");
        assertThatThrownBy(() -> parse("""
                steps:
                  - measure: {traffic: {from: vm, to: 10.200.0.1, via: [nva9]}}
                """)).isInstanceOf(TopologyException.class).hasMessageContaining("via[0]").hasMessageContaining("nva9");
    }

    @Test
    void nextHopsWithoutANodeHoldsOnlyWhenTheRouteIsPresentAndNoneOfItsNextHopsIsThatNodes() {
        Expectation x = ((Step.Expect) parse("""
                steps:
                  - expect: {node: rs, table: kernel, prefix: 10.200.0.0/16, next-hops-without: nva1}
                """).steps().get(0)).expectation();
        assertThat(x.notNextHops()).isEqualTo(Set.of("10.1.2.2"));
        ObservedRoute viaNva1 = ObservedRoute.builder("10.200.0.0/16").nextHop("10.1.2.2").best(true).build();
        ObservedRoute viaNva2 = ObservedRoute.builder("10.200.0.0/16").nextHop("10.1.3.2").selected(true).build();
        assertThat(x.check(List.of(new RouteEntry("10.200.0.0/16", List.of(viaNva1, viaNva2)))))
                .hasValueSatisfying(r -> assertThat(r).contains("still include nva1"));
        assertThat(x.check(List.of(new RouteEntry("10.200.0.0/16", List.of(viaNva2))))).isEmpty();
        assertThat(x.check(List.of())).isPresent();
        // ${carrier} is resolved when the step runs
        Expectation c = ((Step.Expect) parse("""
                steps:
                  - expect: {node: rs, table: kernel, prefix: 10.200.0.0/16, next-hops-without: "${carrier}"}
                """).steps().get(0)).expectation().resolved("nva2", Set.of("10.1.3.2"));
        assertThat(c.check(List.of(new RouteEntry("10.200.0.0/16", List.of(viaNva1))))).isEmpty();
        assertThat(c.check(List.of(new RouteEntry("10.200.0.0/16", List.of(viaNva2))))).isPresent();
    }
}
