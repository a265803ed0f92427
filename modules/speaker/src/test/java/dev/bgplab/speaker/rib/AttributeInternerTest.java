package dev.bgplab.speaker.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import org.junit.jupiter.api.Test;

class AttributeInternerTest {

    private final AttributeInterner interner = new AttributeInterner();

    private static PathAttributes attrs(String path, long lp) {
        return PathAttributes.of(Origin.IGP, AsPath.parse(path), NextHop.of("10.0.0.1"), new LocalPref(lp));
    }

    @Test
    void equalAttributeSetsBecomeOneObject() {
        PathAttributes first = interner.intern(attrs("65001 65002", 100));
        PathAttributes second = interner.intern(attrs("65001 65002", 100));
        assertThat(second).isSameAs(first);
        assertThat(interner.intern(attrs("65001 65002", 200))).isNotSameAs(first);
        assertThat(interner.attributeSetCount()).isEqualTo(2);
    }

    @Test
    void setsThatDifferElsewhereShareTheirAsPath() {
        PathAttributes x = interner.intern(attrs("65001 65002", 100));
        PathAttributes y = interner.intern(attrs("65001 65002", 200));
        assertThat(y.asPath()).isSameAs(x.asPath());
        assertThat(interner.intern(AsPath.parse("65001 65002"))).isSameAs(x.asPath());
        assertThat(interner.asPathCount()).isEqualTo(1);
    }
}
