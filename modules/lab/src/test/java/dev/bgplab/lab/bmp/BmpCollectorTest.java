package dev.bgplab.lab.bmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bgplab.lab.runtime.RouteEvent;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.NlriEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BMP messages as a router writes them (RFC 7854 4), read into the lab's event stream. */
class BmpCollectorTest {

    private static final Instant T = Instant.parse("2026-12-03T14:00:01.250000Z");

    /** A whole BMP message: common header, per-peer header (IPv4 peer, flags), then the body. */
    private static byte[] message(int type, int peerType, int flags, String peer, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(3);
        out.writeInt(6 + 42 + body.length);
        out.writeByte(type);
        out.writeByte(peerType);
        out.writeByte(flags);
        out.write(new byte[8]);
        out.write(new byte[12]);
        out.write(InetAddress.getByName(peer).getAddress());
        out.writeInt(65001);
        out.write(InetAddress.getByName(peer).getAddress());
        out.writeInt((int) T.getEpochSecond());
        out.writeInt(T.getNano() / 1000);
        out.write(body);
        return b.toByteArray();
    }

    private static BmpMessage read(byte[] bytes) throws IOException {
        return BmpMessage.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    private static byte[] announce(String prefix, String nextHop) {
        PathAttributes a = PathAttributes.of(Origin.IGP, AsPath.of(65001), NextHop.of(nextHop));
        return BgpCodec.encode(new UpdateMessage(List.of(), a, List.of(NlriEntry.of(prefix))), CodecContext.FOUR_OCTET);
    }

    private static byte[] withdraw(String prefix) {
        return BgpCodec.encode(new UpdateMessage(List.of(NlriEntry.of(prefix)), PathAttributes.EMPTY, List.of()), CodecContext.FOUR_OCTET);
    }

    @Test
    void routeMonitoringBecomesARouteEventStampedOnArrivalRfc7854Section4_6() throws Exception {
        BmpCollector c = collector();
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 0, 0x40, "10.0.12.1", announce("10.8.0.0/16", "10.0.12.1"))), T);
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 0, 0x40, "10.0.13.1", announce("10.8.0.0/16", "10.0.13.1"))), T);
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 0, 0x40, "10.0.12.1", withdraw("10.8.0.0/16"))), T);
        List<RouteEvent> e = c.events("r2");
        assertThat(e).hasSize(3);
        assertThat(e.get(0).at()).isEqualTo(T);
        assertThat(e.get(0).source()).isEqualTo("bmp adj-rib-in post-policy");
        assertThat(e.get(0).asPath()).isEqualTo("65001");
        assertThat(e.get(1).nextHops()).containsExactly("10.0.12.1", "10.0.13.1");
        assertThat(e.get(2).nextHops()).containsExactly("10.0.13.1");
        assertThat(e.get(2).detail()).contains("withdrawn by 10.0.12.1");
    }

    @Test
    void locRibMonitoringIsItsOwnTableRfc9069() throws Exception {
        BmpCollector c = collector();
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 3, 0, "0.0.0.0", announce("10.7.0.0/16", "10.0.12.1"))), T);
        assertThat(c.events("r2")).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("bmp loc-rib");
            assertThat(e.nextHops()).containsExactly("10.0.12.1");
        });
    }

    @Test
    void peerDownIsASessionEventAndTakesThePeersRoutesAwayRfc7854Section4_9() throws Exception {
        BmpCollector c = collector();
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 0, 0x40, "10.0.12.1", announce("10.8.0.0/16", "10.0.12.1"))), T);
        c.accept("r2", read(message(BmpMessage.PEER_DOWN, 0, 0, "10.0.12.1", new byte[] {4})), T);
        List<RouteEvent> e = c.events("r2");
        assertThat(e.get(1).isSession()).isTrue();
        assertThat(e.get(1).peer()).isEqualTo("10.0.12.1");
        assertThat(e.get(1).detail()).contains("remote system closed the session without a NOTIFICATION");
        assertThat(e.get(2).prefix()).isEqualTo("10.8.0.0/16");
        assertThat(e.get(2).nextHops()).isEmpty();
    }

    @Test
    void theRoutersOwnStampIsNotTakenForTheTimeOfTheChange() throws Exception {
        BmpCollector c = collector();
        Instant arrived = T.plusSeconds(30);
        c.accept("r2", read(message(BmpMessage.ROUTE_MONITORING, 0, 0x40, "10.0.12.1", withdraw("10.8.0.0/16"))), arrived);
        assertThat(c.events("r2")).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(arrived));
    }

    @Test
    void aMessageOfAnotherVersionIsRefused() {
        assertThatThrownBy(() -> read(new byte[] {1, 0, 0, 0, 6, 4})).hasMessageContaining("BMP version 1, expected 3");
    }

    private static BmpCollector collector() throws IOException {
        BmpCollector c = BmpCollector.start(InetAddress.getLoopbackAddress(), a -> null);
        c.close();
        return c;
    }
}
