package dev.bgplab.speaker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bgplab.speaker.BgpSpeaker;
import dev.bgplab.speaker.config.ConfigLoader;
import dev.bgplab.speaker.session.FsmState;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.NotificationMessage;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The small in-suite version of {@code ./bgplab scale flaps}: four sessions brought up, fed and torn
 * down (FIN, RST, Cease, malformed UPDATE) with Netty's leak detector on paranoid leave no leaked
 * buffer, no open channel (file descriptor) and no extra timer on the speaker's loop.
 */
class SessionFlapLeakTest {

    @Test
    void flapsInFourWaysLeakNoBufferChannelOrTimer() throws Exception {
        ResourceLeakDetector.Level was = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LeakLines leaks = new LeakLines(System.err);
        PrintStream err = System.err;
        System.setErr(new PrintStream(leaks, true, StandardCharsets.UTF_8));
        int port = ScaleBench.freePort();
        StringBuilder nets = new StringBuilder();
        for (int i = 0; i < 100; i++) nets.append(i == 0 ? "" : ", ").append("40.0.").append(i).append(".0/24");
        String yaml = "router-id: 10.0.0.1\nasn: 65001\nlisten: {address: 127.0.0.1, port: " + port + "}\nebgp-requires-policy: false\n"
                + "networks: [" + nets + "]\npeers:\n  - {name: f, address: 127.0.0.2, asn: 65002, passive: true, hold-time: 9, "
                + "connect-retry: 1, families: [ipv4-unicast]}\n";
        try (BgpSpeaker s = BgpSpeaker.start(ConfigLoader.parse("hub.yml", yaml))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            ScaleBench.settle(s);
            long fds0 = ScaleBench.openFds(), timers0 = ScaleBench.scheduledTasks(s.eventLoop());
            for (int way = 0; way < 4; way++) {
                await().atMost(Duration.ofSeconds(10)).until(() -> s.state("f") == FsmState.ACTIVE);
                try (ScaleBench.RawSession r = ScaleBench.RawSession.establish("127.0.0.2", target, 65002)) {
                    for (int k = 0; k < 20; k++) r.out.write(ScaleBench.announce(way * 20 + k, 1));
                    r.out.flush();
                    r.readFor(100);
                    switch (way) {
                        case 0 -> r.socket.close();
                        case 1 -> { r.socket.setSoLinger(true, 0); r.socket.close(); }
                        case 2 -> { r.out.write(BgpCodec.encode(NotificationMessage.of(6, 2), CodecContext.DEFAULT)); r.out.flush(); }
                        default -> { r.out.write(ScaleBench.cat(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
                                ScaleBench.b(0, 23, 2, 0xFF, 0xFF, 0, 0))); r.out.flush(); }
                    }
                    await().atMost(Duration.ofSeconds(10)).until(() -> s.state("f") != FsmState.ESTABLISHED);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> s.state("f") == FsmState.ACTIVE);
            ScaleBench.settle(s);
            assertThat(s.metrics().peer("f").flaps.count()).isEqualTo(4.0);
            assertThat(leaks.count).as("LEAK reports from Netty's paranoid detector").isZero();
            assertThat(ScaleBench.openFds()).as("open file descriptors").isLessThanOrEqualTo(fds0);
            assertThat(ScaleBench.scheduledTasks(s.eventLoop())).as("timers on the speaker's loop").isLessThanOrEqualTo(timers0);
        } finally {
            System.setErr(err);
            ResourceLeakDetector.setLevel(was);
        }
    }

    /** Passes everything through and counts lines holding Netty's "LEAK:" report. */
    static final class LeakLines extends OutputStream {
        final PrintStream target;
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        volatile int count;

        LeakLines(PrintStream target) { this.target = target; }

        @Override public synchronized void write(int b) throws IOException {
            target.write(b);
            if (b == '\n') {
                if (line.toString(StandardCharsets.UTF_8).contains("LEAK:")) count++;
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
