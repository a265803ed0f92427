package dev.bgplab.bench.micro;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AtomicAggregate;
import dev.bgplab.wire.attribute.ClusterList;
import dev.bgplab.wire.attribute.Communities;
import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.ExtendedCommunities;
import dev.bgplab.wire.attribute.ExtendedCommunity;
import dev.bgplab.wire.attribute.LargeCommunities;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.attribute.LocalPref;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
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
 * UPDATE decode and encode with every attribute type the codec knows (ORIGIN, AS_PATH, NEXT_HOP,
 * MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST,
 * MP_REACH_NLRI with 10 IPv6 prefixes, EXTENDED_COMMUNITIES, LARGE_COMMUNITY): the per-attribute
 * cost that {@link UpdateCodecBenchmark}'s three-attribute UPDATE hardly shows. {@code asSize}
 * "4" is a 4-octet peer; "2" a 2-octet one, where a 4-octet ASN adds AS4_PATH and AS4_AGGREGATOR.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AttributeCodecBenchmark {
    @Param({"4", "2"})
    int asSize;

    private CodecContext ctx;
    private byte[] bytes;
    private BgpMessage message;

    @Setup
    public void setup() throws Exception {
        ctx = asSize == 4 ? CodecContext.FOUR_OCTET : CodecContext.DEFAULT;
        Inet4Address a = (Inet4Address) InetAddress.getByName("192.0.2.1");
        List<NlriEntry> v6 = new ArrayList<>();
        for (int i = 0; i < 10; i++) v6.add(NlriEntry.of("2001:db8:" + Integer.toHexString(i) + "::/48"));
        PathAttributes attrs = PathAttributes.of(
                Origin.IGP, AsPath.of(65001, 4200000001L, 65003, 65004, 65005), NextHop.of("198.18.0.1"),
                new MultiExitDisc(10), new LocalPref(200), AtomicAggregate.INSTANCE, new Aggregator(4200000001L, a),
                new Communities(List.of(Community.of(65001, 1), Community.of(65001, 2), Community.of(65001, 3), Community.of(65001, 4))),
                new OriginatorId(a), new ClusterList(List.of(a, a)),
                new MpReachNlri(AddressFamily.IPV6_UNICAST.afi(), AddressFamily.IPV6_UNICAST.safi(), NextHop.of("2001:db8::1"), v6),
                new ExtendedCommunities(List.of(ExtendedCommunity.routeTarget(65001, 1), ExtendedCommunity.routeTarget(65001, 2))),
                new LargeCommunities(List.of(new LargeCommunity(65001, 1, 1), new LargeCommunity(65001, 2, 2))));
        List<NlriEntry> v4 = new ArrayList<>();
        for (int i = 0; i < 10; i++) v4.add(NlriEntry.of("11.0." + i + ".0/24"));
        bytes = BgpCodec.encode(new UpdateMessage(List.of(), attrs, v4), ctx);
        message = BgpCodec.decode(bytes, ctx);
    }

    @Benchmark
    public BgpMessage decode() throws BgpProtocolException {
        return BgpCodec.decode(bytes, ctx);
    }

    @Benchmark
    public byte[] encode() {
        return BgpCodec.encode(message, ctx);
    }

    @Benchmark
    public int exactLength() {
        return BgpCodec.attributesLength(((UpdateMessage) message).attributes(), ctx);
    }
}
