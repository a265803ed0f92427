package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.LargeCommunity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommunityListTest {

    private static Community c(String s) { return Community.parse(s); }

    private static CommunityList<Community> standard(List<CommunityList.CommunityRule<Community>> es) {
        return new CommunityList<>("CL", CommunityList.Style.STANDARD, es);
    }

    @Test
    void standardEntryNeedsEveryListedCommunity() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(c("65000:1"), c("65000:2")))));
        assertThat(l.permits(List.of(c("65000:1"), c("65000:2"), c("65000:3")), false)).isTrue();
        assertThat(l.permits(List.of(c("65000:1")), false)).isFalse();
    }

    @Test
    void communitiesSplitAcrossEntriesDoNotAddUp() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(c("65000:1"))),
                CommunityList.CommunityRule.standard(10, Action.PERMIT, List.of(c("65000:2")))));
        // each entry is an OR; a route with either matches
        assertThat(l.permits(List.of(c("65000:2")), false)).isTrue();
        var both = standard(List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(c("65000:1"), c("65000:2")))));
        assertThat(both.permits(List.of(c("65000:2")), false)).isFalse();
    }

    @Test
    void exactMatchNeedsTheSameSet() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(c("65000:1")))));
        assertThat(l.permits(List.of(c("65000:1")), true)).isTrue();
        assertThat(l.permits(List.of(c("65000:1"), c("65000:2")), true)).isFalse();
    }

    @Test
    void denyEntryDecidesBeforeALaterPermit() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.DENY, List.of(c("no-export"))),
                CommunityList.CommunityRule.standard(10, Action.PERMIT, List.of(c("65000:1")))));
        assertThat(l.permits(List.of(c("65000:1"), Community.NO_EXPORT), false)).isFalse();
        assertThat(l.permits(List.of(c("65000:1")), false)).isTrue();
    }

    @Test
    void expandedEntrySearchesTheCommunityString() {
        var l = new CommunityList<Community>("X", CommunityList.Style.EXPANDED,
                List.of(CommunityList.CommunityRule.expanded(5, Action.PERMIT, "^65000:1[0-9]$")));
        assertThat(l.permits(List.of(c("65000:15")), false)).isTrue();
        assertThat(l.permits(List.of(c("65000:150")), false)).isFalse();
        var wellKnown = new CommunityList<Community>("W", CommunityList.Style.EXPANDED,
                List.of(CommunityList.CommunityRule.expanded(5, Action.PERMIT, "no-export")));
        assertThat(wellKnown.permits(List.of(Community.NO_EXPORT), false)).isTrue();
    }

    @Test
    void expandedCaretDollarMatchesARouteWithoutCommunities() {
        var l = new CommunityList<Community>("E", CommunityList.Style.EXPANDED, List.of(CommunityList.CommunityRule.expanded(5, Action.PERMIT, "^$")));
        assertThat(l.permits(List.of(), false)).isTrue();
        assertThat(l.permits(List.of(c("1:1")), false)).isFalse();
    }

    @Test
    void noMatchDenies() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(c("65000:1")))));
        assertThat(l.permits(List.of(), false)).isFalse();
    }

    @Test
    void deleteRemovesCommunitiesCoveredByAPermitEntry() {
        var l = standard(List.of(CommunityList.CommunityRule.standard(5, Action.DENY, List.of(c("65000:2"))),
                CommunityList.CommunityRule.standard(10, Action.PERMIT, List.of(c("65000:1"), c("65000:2")))));
        assertThat(l.delete(List.of(c("65000:1"), c("65000:2"), c("65000:3")))).containsExactly(c("65000:2"), c("65000:3"));
    }

    @Test
    void largeCommunityListsWorkTheSameWay() {
        var l = new CommunityList<LargeCommunity>("L", CommunityList.Style.STANDARD,
                List.of(CommunityList.CommunityRule.standard(5, Action.PERMIT, List.of(LargeCommunity.parse("65000:1:1")))));
        assertThat(l.permits(List.of(LargeCommunity.parse("65000:1:1"), LargeCommunity.parse("65000:1:2")), false)).isTrue();
        assertThat(l.permits(List.of(LargeCommunity.parse("65000:1:2")), false)).isFalse();
    }
}
