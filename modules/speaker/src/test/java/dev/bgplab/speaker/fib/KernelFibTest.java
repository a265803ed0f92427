package dev.bgplab.speaker.fib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.rib.LocRibChange;
import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.speaker.rib.Route;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelFibTest {
    private final List<String> written = new ArrayList<>();
    private final KernelFib fib = KernelFib.start(lines -> {
        synchronized (written) {
            written.addAll(lines);
        }
        return "";
    });

    static Route route(String prefix, String peer, String nextHop) throws Exception {
        PeerInfo from = peer.equals("local") ? PeerInfo.local(65515, (Inet4Address) InetAddress.getByName("10.0.0.1"))
                : new PeerInfo(peer, InetAddress.getByName(nextHop), 65001, (Inet4Address) InetAddress.getByName(nextHop), 65515, false);
        return new Route(Prefix.parse(prefix), 0, PathAttributes.of(List.of(Origin.IGP, AsPath.parse("65001"),
                NextHop.of(InetAddress.getByName(nextHop)))), from, 0, false);
    }

    List<String> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    @Test
    void ecmpPathsBecomeOneMultipathRouteAndAWithdrawalDeletesIt() throws Exception {
        Route a = route("10.100.0.0/16", "nva1", "10.0.1.2"), b = route("10.100.0.0/16", "nva2", "10.0.2.2");
        fib.onChange(new LocRibChange(a.prefix(), null, List.of(), a, List.of(a, b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !written().isEmpty());
        assertThat(written()).containsExactly("route replace 10.100.0.0/16 proto 186 metric 20 nexthop via 10.0.1.2 nexthop via 10.0.2.2");
        fib.onChange(new LocRibChange(a.prefix(), a, List.of(a, b), a, List.of(a)));
        fib.onChange(new LocRibChange(a.prefix(), a, List.of(a), null, List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> written().size() >= 2);
        assertThat(written().get(written().size() - 1)).isEqualTo("route del 10.100.0.0/16 proto 186 metric 20");
        assertThat(fib.installed()).isEmpty();
        fib.close();
    }

    @Test
    void onlyTheNewestStateOfABurstIsWrittenAndShutdownRemovesEverythingInstalled() throws Exception {
        Route a = route("10.1.0.0/16", "nva1", "10.0.1.2"), b = route("10.2.0.0/16", "nva2", "10.0.2.2");
        fib.onChange(new LocRibChange(a.prefix(), null, List.of(), a, List.of(a)));
        fib.onChange(new LocRibChange(b.prefix(), null, List.of(), b, List.of(b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fib.installed().size() == 2);
        assertThat(written()).contains("route replace 10.1.0.0/16 proto 186 metric 20 via 10.0.1.2");
        fib.close();
        assertThat(written()).contains("route del 10.1.0.0/16 proto 186 metric 20", "route del 10.2.0.0/16 proto 186 metric 20");
    }

    @Test
    void locallyOriginatedPrefixesAreNotInstalled() throws Exception {
        Route local = route("10.9.0.0/16", "local", "0.0.0.0");
        fib.onChange(new LocRibChange(local.prefix(), null, List.of(), local, List.of(local)));
        Route a = route("10.1.0.0/16", "nva1", "10.0.1.2");
        fib.onChange(new LocRibChange(a.prefix(), null, List.of(), a, List.of(a)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fib.installed().size() == 1);
        assertThat(written()).noneMatch(l -> l.contains("10.9.0.0"));
        fib.close();
    }

    @Test
    void aNextHopOnNoConnectedSubnetIsInstalledViaTheGatewayOfTheKernelsRouteToIt() throws Exception {
        // a multihop peer's next hops (two Route Server instances) resolve to the NVA subnet's gateway
        KernelFib recursive = KernelFib.start(lines -> {
            synchronized (written) {
                written.addAll(lines);
            }
            return "";
        }, p -> true, nh -> nh.getHostAddress().startsWith("10.1.0.") ? ip("10.11.1.1") : nh);
        Route a = route("10.12.0.0/16", "rs0", "10.1.0.4"), b = route("10.12.0.0/16", "rs1", "10.1.0.5");
        recursive.onChange(new LocRibChange(a.prefix(), null, List.of(), a, List.of(a, b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !written().isEmpty());
        assertThat(written()).containsExactly("route replace 10.12.0.0/16 proto 186 metric 20 via 10.11.1.1");
        recursive.close();
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
