package dev.bgplab.lab.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void clearsHostBitsAndCountsHostsFromTheNetworkAddress() {
        Cidr c = Cidr.parse("172.30.7.99/24");
        assertThat(c.toString()).isEqualTo("172.30.7.0/24");
        assertThat(c.host(1).getHostAddress()).isEqualTo("172.30.7.1");
        assertThat(Cidr.format(Cidr.parse("fd00:b9b:0:7::/64").host(0x11))).isEqualTo("fd00:b9b:0:7::11");
    }

    @Test
    void formatsIpv6TheWayFrrPrintsIt() {
        assertThat(Cidr.parse("fd00:b9b:0:100:0:0:0:0/64").toString()).isEqualTo("fd00:b9b:0:100::/64");
        assertThat(Cidr.format(Cidr.parse("::/0").host(1))).isEqualTo("::1");
        assertThat(Cidr.format(Cidr.parse("2001:db8:0:0:1:0:0:1/128").network())).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Cidr.format(Cidr.parse("2001:db8:0:1:1:1:1:1/128").network())).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Cidr.format(Cidr.parse("fe80::/10").network())).isEqualTo("fe80::");
    }

    @Test
    void overlapsWhenOneContainsTheOther() {
        assertThat(Cidr.parse("172.30.0.0/16").overlaps(Cidr.parse("172.30.9.0/24"))).isTrue();
        assertThat(Cidr.parse("172.30.9.0/24").overlaps(Cidr.parse("172.30.10.0/24"))).isFalse();
        assertThat(Cidr.parse("172.30.9.0/24").overlaps(Cidr.parse("fd00:b9b::/48"))).isFalse();
    }

    @Test
    void refusesHostsOutsideThePrefix() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/30").host(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("address/length");
    }
}
