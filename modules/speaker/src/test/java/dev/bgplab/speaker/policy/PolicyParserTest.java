package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.nlri.AddressFamily;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTest {

    private static final String SDWAN = """
            ! SD-WAN NVA in a Virtual WAN hub
            ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24
            ip prefix-list PL seq 10 deny 0.0.0.0/0 le 32
            ipv6 prefix-list PL6 permit 2001:db8::/32 ge 48 le 64
            bgp as-path access-list AZ seq 5 permit _65515_
            bgp as-path access-list AZ seq 10 permit _65520_
            bgp community-list standard KEEP permit 65000:1 65000:2
            bgp community-list expanded LOCAL permit ^65000:
            bgp large-community-list standard LC permit 65000:1:1
            bgp extcommunity-list standard RT permit rt 65000:100
            !
            route-map SDWAN-IN permit 10
             match as-path AZ
             match ip address prefix-list PL
             set as-path exclude 65520 65515
             set local-preference 200
             on-match next
            route-map SDWAN-IN permit 20
             match community KEEP exact-match
             set community 65000:9 additive
             call HELPER
            route-map HELPER permit 10
            !
            router bgp 65001
             no bgp ebgp-requires-policy
             neighbor 10.0.0.4 remote-as 65515
             neighbor 10.0.0.4 ebgp-multihop 2
             address-family ipv4 unicast
              neighbor 10.0.0.4 route-map SDWAN-IN in
              neighbor 10.0.0.4 allowas-in 2
              neighbor 10.0.0.4 maximum-prefix 1000 80 restart 5
              no neighbor 10.0.0.4 send-community large
             exit-address-family
            """;

    @Test
    void readsListsRouteMapsAndNeighborOptions() {
        PolicyConfig c = PolicyParser.parse(SDWAN);
        assertThat(c.prefixList(AddressFamily.IPV4_UNICAST, "PL").entries()).hasSize(2);
        assertThat(c.prefixList(AddressFamily.IPV4_UNICAST, "PL").entries().get(0).le()).isEqualTo(24);
        assertThat(c.prefixList(AddressFamily.IPV6_UNICAST, "PL6").entries().get(0).ge()).isEqualTo(48);
        assertThat(c.asPathLists().get("AZ").entries()).extracting(AsPathAccessList.AsPathRule::regex).containsExactly("_65515_", "_65520_");
        assertThat(c.communityLists().get("KEEP").entries().get(0).members()).containsExactly(Community.parse("65000:1"), Community.parse("65000:2"));
        assertThat(c.communityLists().get("LOCAL").style()).isEqualTo(CommunityList.Style.EXPANDED);
        assertThat(c.largeCommunityLists()).containsKey("LC");
        assertThat(c.extCommunityLists()).containsKey("RT");
        RouteMap rm = c.routeMaps().get("SDWAN-IN");
        assertThat(rm.entries()).hasSize(2);
        assertThat(rm.entries().get(0).matches()).extracting(Match::text).containsExactly("match as-path AZ", "match ip address prefix-list PL");
        assertThat(rm.entries().get(0).sets()).extracting(SetAction::text).containsExactly("set as-path exclude 65520 65515", "set local-preference 200");
        assertThat(rm.entries().get(0).exit()).isEqualTo(ExitPolicy.NEXT);
        assertThat(rm.entries().get(1).call()).isEqualTo("HELPER");
        assertThat(c.ebgpRequiresPolicy()).isFalse();
        NeighborPolicy n = c.neighbors().get("10.0.0.4");
        assertThat(n.routeMapIn()).isEqualTo("SDWAN-IN");
        assertThat(n.allowasIn()).isEqualTo(2);
        assertThat(n.maximumPrefix()).isEqualTo(new MaximumPrefix(1000, 80, 5, false));
        assertThat(n.sendCommunity()).isTrue();
        assertThat(n.sendLargeCommunity()).isFalse();
    }

    @Test
    void everySetAndMatchFormRoundTripsToItsText() {
        List<String> sets = List.of("set local-preference +10", "set weight 100", "set metric -5", "set origin egp", "set ip next-hop 10.0.0.1",
                "set ip next-hop peer-address", "set ip next-hop unchanged", "set community 65000:1 no-export additive", "set community none",
                "set comm-list C delete", "set large-community 1:2:3", "set large-community none", "set large-comm-list L delete",
                "set extcommunity rt 65000:1", "set as-path prepend 65001 65001", "set as-path prepend last-as 3",
                "set as-path exclude 65520 65515", "set as-path exclude all", "set as-path exclude as-path-access-list AZ",
                "set as-path replace any", "set as-path replace 65515 65010", "set as-path replace as-path-access-list AZ 4200000001");
        List<String> matches = List.of("match ip address prefix-list P", "match ipv6 address prefix-list P6", "match as-path A",
                "match community C exact-match", "match extcommunity E", "match large-community L", "match ip next-hop prefix-list N",
                "match ip next-hop address 10.0.0.1", "match peer 10.0.0.2", "match origin incomplete", "match local-preference 200", "match metric 0");
        String text = "route-map R permit 10\n " + String.join("\n ", sets) + "\n " + String.join("\n ", matches) + "\n";
        RouteMapEntry e = PolicyParser.parse(text).routeMaps().get("R").entries().get(0);
        assertThat(e.sets()).extracting(SetAction::text).containsExactlyElementsOf(sets);
        assertThat(e.matches()).extracting(Match::text).containsExactlyElementsOf(matches);
    }

    @Test
    void entriesWithoutSeqAreNumberedInStepsOfFive() {
        PolicyConfig c = PolicyParser.parse("ip prefix-list P permit 10.0.0.0/8\nip prefix-list P permit 11.0.0.0/8\nbgp as-path access-list A permit .*\n");
        assertThat(c.prefixList(AddressFamily.IPV4_UNICAST, "P").entries()).extracting(PrefixList.PrefixRule::seq).containsExactly(5, 10);
        assertThat(c.asPathLists().get("A").entries().get(0).seq()).isEqualTo(5);
    }

    @Test
    void errorsNameTheLineAndWhatWouldBeValid() {
        assertThatThrownBy(() -> PolicyParser.parse("route-map R permit 10\n set as-path delete 1\n"))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("set as-path prepend|exclude|replace");
        assertThatThrownBy(() -> PolicyParser.parse("\n\nip prefix-list P seq 5 permit 10.0.0.0/8 ge 8\n"))
                .hasMessageContaining("line 3").hasMessageContaining("len < ge <= le");
        assertThatThrownBy(() -> PolicyParser.parse("match as-path A\n")).hasMessageContaining("line 1").hasMessageContaining("route-map NAME permit|deny SEQ");
        assertThatThrownBy(() -> PolicyParser.parse("route-map R permit 10\n set as-path prepend last-as 11\n")).hasMessageContaining("1..10");
        assertThatThrownBy(() -> PolicyParser.parse("neighbor 10.0.0.1 frobnicate\n")).hasMessageContaining("valid: route-map");
        assertThatThrownBy(() -> PolicyParser.parse("bgp as-path access-list A permit (65001\n")).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> PolicyParser.parse("route-map R permit 10\n on-match goto 5\n")).hasMessageContaining("jump forward");
        assertThatThrownBy(() -> PolicyParser.parse("wibble\n")).hasMessageContaining("expected one of");
    }

    @Test
    void namedSourceAppearsInErrors() {
        assertThatThrownBy(() -> PolicyParser.parse("lab-configs/hub/policy.frr", "route-map X allow 10\n", PolicyConfig.EMPTY))
                .hasMessageStartingWith("lab-configs/hub/policy.frr line 1:");
    }

    @Test
    void parsingOnTopOfABaseReplacesTheNamedListsOnly() {
        PolicyConfig base = PolicyParser.parse("bgp as-path access-list A permit .*\nbgp as-path access-list B permit ^$\n");
        PolicyConfig next = PolicyParser.parse("update", "bgp as-path access-list A deny .*\n", base);
        assertThat(next.asPathLists().get("A").entries().get(0).action()).isEqualTo(Action.DENY);
        assertThat(next.asPathLists()).containsKey("B");
        assertThat(base.asPathLists().get("A").entries().get(0).action()).isEqualTo(Action.PERMIT);
    }

    @Test
    void neighborOptionsParse() {
        PolicyConfig c = PolicyParser.parse("""
                neighbor 10.0.0.1 local-as 64999 no-prepend replace-as
                neighbor 10.0.0.1 remove-private-AS all replace-AS
                neighbor 10.0.0.1 as-override
                neighbor 10.0.0.1 allowas-in origin
                neighbor 10.0.0.1 route-server-client
                neighbor 10.0.0.1 next-hop-self
                neighbor 10.0.0.1 weight 50
                neighbor 10.0.0.1 default-originate
                neighbor 10.0.0.1 maximum-prefix 100 warning-only
                neighbor 10.0.0.1 prefix-list P out
                neighbor 10.0.0.1 filter-list F in
                no neighbor 10.0.0.1 enforce-first-as
                """);
        NeighborPolicy n = c.neighbors().get("10.0.0.1");
        assertThat(n.localAs()).isEqualTo(64999L);
        assertThat(n.localAsNoPrepend()).isTrue();
        assertThat(n.localAsReplaceAs()).isTrue();
        assertThat(n.removePrivateAs()).isEqualTo(RemovePrivateAs.ALL_REPLACE_AS);
        assertThat(n.asOverride()).isTrue();
        assertThat(n.allowasInOrigin()).isTrue();
        assertThat(n.routeServerClient()).isTrue();
        assertThat(n.nextHopSelf()).isTrue();
        assertThat(n.weight()).isEqualTo(50);
        assertThat(n.defaultOriginate()).isTrue();
        assertThat(n.maximumPrefix().warningOnly()).isTrue();
        assertThat(n.prefixListOut()).isEqualTo("P");
        assertThat(n.filterListIn()).isEqualTo("F");
        assertThat(n.enforceFirstAs()).isFalse();
    }

    @Test
    void undefinedReferencesAreReportedAsWarnings() {
        PolicyConfig c = PolicyParser.parse("""
                route-map RM permit 10
                 match as-path NOPE
                 set comm-list GONE delete
                 call MISSING
                neighbor 10.0.0.1 route-map ABSENT in
                neighbor 10.0.0.1 prefix-list PL out
                """);
        assertThat(c.undefinedReferences()).hasSize(5)
                .anyMatch(w -> w.contains("match as-path NOPE") && w.contains("never matches"))
                .anyMatch(w -> w.contains("route-map ABSENT in") && w.contains("denied"));
    }

    @Test
    void namingAnEntryAgainContinuesIt() {
        PolicyConfig c = PolicyParser.parse("route-map R permit 10\n set weight 1\n!\nroute-map R permit 10\n set metric 2\n");
        assertThat(c.routeMaps().get("R").entries().get(0).sets()).extracting(SetAction::text).containsExactly("set weight 1", "set metric 2");
    }

    @Test
    void numberedCommunityListsTakeTheirStyleFromTheNumber() {
        PolicyConfig c = PolicyParser.parse("bgp community-list 10 permit 65000:1\nbgp community-list 100 permit ^65000:\n");
        assertThat(c.communityLists().get("10").style()).isEqualTo(CommunityList.Style.STANDARD);
        assertThat(c.communityLists().get("100").style()).isEqualTo(CommunityList.Style.EXPANDED);
    }

    @Test
    void theSameTextGivesEqualConfigsSoTheIntegratorCanSkipNeedlessSoftResets() {
        assertThat(PolicyParser.parse(SDWAN)).isEqualTo(PolicyParser.parse(SDWAN));
        assertThat(PolicyParser.parse(SDWAN)).isNotEqualTo(PolicyParser.parse(SDWAN.replace("65520 65515", "65520")));
    }
}
