package dev.bgplab.bench.micro;

import dev.bgplab.bench.routeserver.Workload;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * UPDATE decode and encode through the wire codec (4-octet ASNs): the route-server benchmark's
 * UPDATE shape (ORIGIN, AS_PATH of 3, NEXT_HOP) with 10 /24s (one AS path per 10 prefixes, as in
 * the full-table runs) and 1000 /24s (a fully packed 4096-byte UPDATE). Time per UPDATE; divide
 * by {@code prefixes} for the time per prefix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UpdateCodecBenchmark {
    @Param({"10", "1000"})
    int prefixes;

    private byte[] bytes;
    private BgpMessage message;

    @Setup
    public void setup() throws BgpProtocolException {
        bytes = Workload.update(1, 7, 0, prefixes);
        message = BgpCodec.decode(bytes, CodecContext.FOUR_OCTET);
    }

    @Benchmark
    public BgpMessage decode() throws BgpProtocolException {
        return BgpCodec.decode(bytes, CodecContext.FOUR_OCTET);
    }

    @Benchmark
    public byte[] encode() {
        return BgpCodec.encode(message, CodecContext.FOUR_OCTET);
    }
}
