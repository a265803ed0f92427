package dev.bgplab.speaker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link NeighborPolicy#overlaidWith}: a peer's YAML options laid over the policy block's
 * `neighbor X ...` lines. Each option is departed from its default on its own, so a component left
 * out of the overlay (or one added to the record without a case here) fails a test.
 */
class NeighborPolicyOverlayTest {

    private record Departure(String what, UnaryOperator<NeighborPolicy.Builder> set) {
        NeighborPolicy yaml() { return set.apply(NeighborPolicy.builder()).build(); }
    }

    /** One YAML-side departure from the defaults per option (per part, where one command sets several). */
    private static final List<Departure> DEPARTURES = List.of(
            new Departure("route-map in", b -> b.routeMapIn("YAML-IN")),
            new Departure("route-map out", b -> b.routeMapOut("YAML-OUT")),
            new Departure("prefix-list in", b -> b.prefixListIn("YAML-PL-IN")),
            new Departure("prefix-list out", b -> b.prefixListOut("YAML-PL-OUT")),
            new Departure("filter-list in", b -> b.filterListIn("YAML-FL-IN")),
            new Departure("filter-list out", b -> b.filterListOut("YAML-FL-OUT")),
            new Departure("remove-private-AS", b -> b.removePrivateAs(RemovePrivateAs.ALL_REPLACE_AS)),
            new Departure("as-override", b -> b.asOverride(true)),
            new Departure("allowas-in N", b -> b.allowasIn(2)),
            new Departure("allowas-in origin", NeighborPolicy.Builder::allowasInOrigin),
            new Departure("local-as", b -> b.localAs(65100, false, false)),
            new Departure("local-as no-prepend", b -> b.localAs(65100, true, false)),
            new Departure("local-as no-prepend replace-as", b -> b.localAs(65100, true, true)),
            new Departure("no enforce-first-as", b -> b.enforceFirstAs(false)),
            new Departure("route-server-client", b -> b.routeServerClient(true)),
            new Departure("next-hop-self", b -> b.nextHopSelf(true)),
            new Departure("attribute-unchanged next-hop", b -> b.nextHopUnchanged(true)),
            new Departure("attribute-unchanged as-path", b -> b.asPathUnchanged(true)),
            new Departure("attribute-unchanged med", b -> b.medUnchanged(true)),
            new Departure("solo", b -> b.solo(true)),
            new Departure("sender-as-path-loop-detection", b -> b.senderAsPathLoopDetection(true)),
            new Departure("no send-community standard", b -> b.sendCommunity(false, true, true)),
            new Departure("no send-community extended", b -> b.sendCommunity(true, false, true)),
            new Departure("no send-community large", b -> b.sendCommunity(true, true, false)),
            new Departure("default-originate", b -> b.defaultOriginate(true)),
            new Departure("maximum-prefix", b -> b.maximumPrefix(new MaximumPrefix(1000, 75, 5, false))),
            new Departure("weight", b -> b.weight(200)));

    /** Policy lines that set every option, each to a value unlike the YAML departures above where the type allows. */
    private static final NeighborPolicy LINES = NeighborPolicy.builder()
            .routeMapIn("LINES-IN").routeMapOut("LINES-OUT").prefixListIn("LINES-PL-IN").prefixListOut("LINES-PL-OUT")
            .filterListIn("LINES-FL-IN").filterListOut("LINES-FL-OUT").removePrivateAs(RemovePrivateAs.PLAIN)
            .asOverride(true).allowasIn(5).localAs(64999, true, true).enforceFirstAs(false).routeServerClient(true)
            .nextHopSelf(true).nextHopUnchanged(true).asPathUnchanged(true).medUnchanged(true).solo(true)
            .senderAsPathLoopDetection(true).sendCommunity(false, false, false).defaultOriginate(true)
            .maximumPrefix(MaximumPrefix.of(10)).weight(7).build();

    @Test
    void everyComponentHasADepartureHere() {
        Set<String> all = new TreeSet<>(), departed = new TreeSet<>();
        for (RecordComponent rc : NeighborPolicy.class.getRecordComponents()) all.add(rc.getName());
        for (Departure d : DEPARTURES) departed.addAll(differing(d.yaml(), NeighborPolicy.DEFAULTS));
        assertThat(departed).as("components some departure sets; add a case for a new one").isEqualTo(all);
        // allowas-in takes a count or origin, not both: the lines hold a count, which origin must replace
        all.remove("allowasInOrigin");
        assertThat(differing(LINES, NeighborPolicy.DEFAULTS)).as("components the policy lines set").isEqualTo(all);
    }

    @Test
    void eachYamlDepartureSurvivesOverDefaultLines() {
        for (Departure d : DEPARTURES) {
            assertThat(NeighborPolicy.DEFAULTS.overlaidWith(d.yaml())).as(d.what()).isEqualTo(d.yaml());
        }
    }

    @Test
    void eachYamlDepartureWinsOverTheLinesAndLeavesTheirOtherOptions() throws Exception {
        for (Departure d : DEPARTURES) {
            NeighborPolicy yaml = d.yaml(), out = LINES.overlaidWith(yaml);
            Set<String> set = differing(yaml, NeighborPolicy.DEFAULTS);
            for (RecordComponent rc : NeighborPolicy.class.getRecordComponents()) {
                Object want = set.contains(rc.getName()) || together(d, rc.getName()) ? rc.getAccessor().invoke(yaml)
                        : rc.getAccessor().invoke(LINES);
                assertThat(rc.getAccessor().invoke(out)).as(d.what() + ": " + rc.getName()).isEqualTo(want);
            }
        }
    }

    @Test
    void yamlAtItsDefaultsLeavesEveryPolicyLineInForce() {
        assertThat(LINES.overlaidWith(NeighborPolicy.DEFAULTS)).isEqualTo(LINES);
        assertThat(NeighborPolicy.DEFAULTS.overlaidWith(NeighborPolicy.DEFAULTS)).isEqualTo(NeighborPolicy.DEFAULTS);
    }

    @Test
    void yamlSettingOtherOptionsKeepsNoEnforceFirstAsAndTheRouteMapOfTheLines() {
        NeighborPolicy lines = NeighborPolicy.builder().enforceFirstAs(false).routeMapIn("FROM-LINES").build();
        NeighborPolicy yaml = NeighborPolicy.builder().nextHopSelf(true).maximumPrefix(MaximumPrefix.of(100)).build();
        NeighborPolicy out = lines.overlaidWith(yaml);
        assertThat(out.enforceFirstAs()).isFalse();
        assertThat(out.routeMapIn()).isEqualTo("FROM-LINES");
        assertThat(out.nextHopSelf()).isTrue();
        assertThat(out.maximumPrefix()).isEqualTo(MaximumPrefix.of(100));
    }

    @Test
    void partsOfOneCommandAreTakenTogether() {
        // local-as 65100 in YAML replaces the lines' local-as 64999 no-prepend replace-as as a whole
        NeighborPolicy out = LINES.overlaidWith(NeighborPolicy.builder().localAs(65100, false, false).build());
        assertThat(out.localAs()).isEqualTo(65100L);
        assertThat(out.localAsNoPrepend()).isFalse();
        assertThat(out.localAsReplaceAs()).isFalse();
        // allowas-in origin in YAML replaces the lines' allowas-in 5
        out = LINES.overlaidWith(NeighborPolicy.builder().allowasInOrigin().build());
        assertThat(out.allowasInOrigin()).isTrue();
        assertThat(out.allowasIn()).isZero();
        // send-community large only in YAML replaces the lines' no send-community
        out = LINES.overlaidWith(NeighborPolicy.builder().sendCommunity(false, false, true).build());
        assertThat(List.of(out.sendCommunity(), out.sendExtendedCommunity(), out.sendLargeCommunity()))
                .containsExactly(false, false, true);
    }

    /** The options one FRR command sets as a group: a departure in one part brings the others. */
    private static boolean together(Departure d, String component) {
        Set<String> set = differing(d.yaml(), NeighborPolicy.DEFAULTS);
        for (Set<String> group : List.of(Set.of("localAs", "localAsNoPrepend", "localAsReplaceAs"),
                Set.of("allowasIn", "allowasInOrigin"),
                Set.of("sendCommunity", "sendExtendedCommunity", "sendLargeCommunity"))) {
            if (group.contains(component) && group.stream().anyMatch(set::contains)) return true;
        }
        return false;
    }

    private static Set<String> differing(NeighborPolicy a, NeighborPolicy b) {
        Set<String> out = new TreeSet<>();
        try {
            for (RecordComponent rc : NeighborPolicy.class.getRecordComponents()) {
                if (!java.util.Objects.equals(rc.getAccessor().invoke(a), rc.getAccessor().invoke(b))) out.add(rc.getName());
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
