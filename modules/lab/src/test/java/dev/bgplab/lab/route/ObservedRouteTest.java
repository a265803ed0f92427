package dev.bgplab.lab.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedRouteTest {

    @Test
    void aReportLineMarksBestMultipathAndOtherPaths() {
        ObservedRoute best = ObservedRoute.builder("10.1.0.0/24").nextHop("10.0.0.1").asPath("65002 65001")
                .communities(List.of("65001:1", "no-export")).peer("10.0.0.1").best(true).build();
        ObservedRoute multipath = ObservedRoute.builder("10.1.0.0/24").nextHop("10.0.0.2").asPath("65003 65001")
                .peer("10.0.0.2").selected(true).build();
        ObservedRoute other = ObservedRoute.builder("10.1.0.0/24").nextHop("10.0.0.3").peer("local").build();
        ObservedRoute kernel = ObservedRoute.builder("10.9.0.0/16").nextHops(List.of("10.0.0.1", "10.0.0.2"))
                .peer("bgp").best(true).build();

        assertThat(best.line()).isEqualTo("*> via 10.0.0.1 as-path 65002 65001 communities 65001:1 no-export from 10.0.0.1");
        assertThat(multipath.line()).isEqualTo("*= via 10.0.0.2 as-path 65003 65001 from 10.0.0.2");
        assertThat(other.line()).isEqualTo("   via 10.0.0.3 from local");
        assertThat(kernel.line()).isEqualTo("*> via 10.0.0.1,10.0.0.2 from bgp");
    }

    @Test
    void selectedFollowsBestUnlessSetAndEmptyFieldsStayEmpty() {
        ObservedRoute r = ObservedRoute.builder("2001:db8::/32").best(true).build();

        assertThat(r.selected()).isTrue();
        assertThat(r.valid()).isTrue();
        assertThat(r.nextHop()).isEmpty();
        assertThat(r.asPath()).isEmpty();
        assertThat(r.asPathAsns()).isEmpty();
        assertThat(r.med()).isEmpty();
        assertThat(r.selectionReason()).isEmpty();
        assertThat(r.raw()).isEmpty();
        assertThat(ObservedRoute.builder("2001:db8::/32").best(true).selected(false).build().selected()).isFalse();
    }

    @Test
    void flattensSetsAndConfederationSegmentsOfTheAsPathText() {
        ObservedRoute r = ObservedRoute.builder("10.0.0.0/8").asPath("(64512 64513) 65001 {65003,65004} [64514]").build();

        assertThat(r.asPathAsns()).containsExactly(64512L, 64513L, 65001L, 65003L, 65004L, 64514L);
    }

    @Test
    void dropsALinkLocalNextHopOnlyBesideAnother() {
        ObservedRoute both = ObservedRoute.builder("2001:db8:2::/48").nextHops(List.of("2001:db8::12", "fe80::12")).build();
        ObservedRoute linkLocalOnly = ObservedRoute.builder("2001:db8:2::/48").nextHop("fe80::12").build();

        assertThat(both.nextHopsWithoutLinkLocal()).containsExactly("2001:db8::12");
        assertThat(both.withNextHops(both.nextHopsWithoutLinkLocal()).line()).isEqualTo("   via 2001:db8::12");
        assertThat(linkLocalOnly.nextHopsWithoutLinkLocal()).containsExactly("fe80::12");
    }
}
