package dev.bgplab.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
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
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.MultiExitDisc;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.OriginatorId;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.attribute.UnknownAttribute;
import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.message.RouteRefreshMessage;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of generated messages, and the fuzz guarantee: bad bytes end only in BgpProtocolException. */
class CodecPropertiesTest {

    // ---- round trips

    @Property
    void openSurvivesEncodeThenDecode(@ForAll("opens") OpenMessage open) throws Exception {
        assertThat(BgpCodec.decode(BgpCodec.encode(open, CodecContext.DEFAULT), CodecContext.DEFAULT)).isEqualTo(open);
    }

    @Property
    void updateSurvivesEncodeThenDecodeWithTwoOrFourOctetAsnsAndAddPathOnOrOff(
            @ForAll("updatesInContext") net.jqwik.api.Tuple.Tuple2<CodecContext, UpdateMessage> t) throws Exception {
        assertRoundTrip(t.get2(), t.get1());
    }

    @Provide
    Arbitrary<net.jqwik.api.Tuple.Tuple2<CodecContext, UpdateMessage>> updatesInContext() {
        return contexts().flatMap(ctx -> updates(ctx).map(u -> net.jqwik.api.Tuple.of(ctx, u)));
    }

    @Property(tries = 500)
    void updateSurvivesEncodeThenDecodeOnATwoOctetSession(@ForAll("twoOctetUpdates") UpdateMessage u) throws Exception {
        assertRoundTrip(u, CodecContext.DEFAULT);
    }

    private static void assertRoundTrip(UpdateMessage u, CodecContext ctx) throws Exception {
        byte[] wire = BgpCodec.encode(u, ctx);
        UpdateMessage back = (UpdateMessage) BgpCodec.decode(wire, ctx.mirrored());
        assertThat(back.errors()).isEmpty();
        assertThat(back).isEqualTo(u);
    }

    @Property
    void notificationSurvivesEncodeThenDecode(@ForAll("notifications") NotificationMessage n) throws Exception {
        assertThat(BgpCodec.decode(BgpCodec.encode(n, CodecContext.DEFAULT), CodecContext.DEFAULT)).isEqualTo(n);
    }

    @Property(tries = 200)
    void routeRefreshAndKeepaliveSurviveEncodeThenDecode(@ForAll("routeRefreshes") RouteRefreshMessage r) throws Exception {
        assertThat(BgpCodec.decode(BgpCodec.encode(r, CodecContext.DEFAULT), CodecContext.DEFAULT)).isEqualTo(r);
        assertThat(BgpCodec.decode(BgpCodec.encode(KeepaliveMessage.INSTANCE, CodecContext.DEFAULT), CodecContext.DEFAULT))
                .isEqualTo(KeepaliveMessage.INSTANCE);
    }

    // ---- fuzz guarantee

    @Property(tries = 3000)
    void mutatedValidMessagesDecodeOrEndInBgpProtocolExceptionOnly(@ForAll("validWire") byte[] wire,
                                                                  @ForAll("mutations") List<int[]> mutations,
                                                                  @ForAll("contexts") CodecContext ctx) {
        byte[] m = mutate(wire, mutations);
        decodeOnlyThrowsProtocolErrors(m, ctx);
    }

    @Property(tries = 2000)
    void randomBytesAfterAValidHeaderDecodeOrEndInBgpProtocolExceptionOnly(@ForAll("randomFrames") byte[] m,
                                                                          @ForAll("contexts") CodecContext ctx) {
        decodeOnlyThrowsProtocolErrors(m, ctx);
    }

    private static void decodeOnlyThrowsProtocolErrors(byte[] m, CodecContext ctx) {
        BgpMessage decoded;
        try {
            decoded = BgpCodec.decode(m, ctx);
        } catch (BgpProtocolException e) {
            assertThat(e.notification().code()).isBetween(1, 7);
            return;
        }
        // whatever decoded must encode again (the session may pass attributes on)
        BgpCodec.encode(decoded, ctx);
    }

    /** Each mutation is {kind, position, value}: overwrite a byte, or cut/extend, then fix the length field or not. */
    private static byte[] mutate(byte[] wire, List<int[]> mutations) {
        byte[] m = wire.clone();
        boolean fixLength = true;
        for (int[] mu : mutations) {
            int pos = 16 + Math.floorMod(mu[1], Math.max(1, m.length - 16));
            switch (mu[0]) {
                case 0, 1, 2 -> { if (pos < m.length) m[pos] = (byte) mu[2]; }
                case 3 -> m = java.util.Arrays.copyOf(m, Math.max(19, pos));
                case 4 -> m = java.util.Arrays.copyOf(m, Math.min(4096, m.length + (mu[2] & 15)));
                default -> fixLength = false;
            }
        }
        if (fixLength && m.length >= 19) {
            m[16] = (byte) (m.length >>> 8);
            m[17] = (byte) m.length;
        }
        return m;
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers(),
                Arbitraries.integers().between(0, 255)).as((k, p, v) -> new int[] {k, p, v});
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> validWire() {
        Arbitrary<byte[]> updates = contexts().flatMap(ctx -> updates(ctx).map(u -> BgpCodec.encode(u, ctx)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, updates),
                net.jqwik.api.Tuple.of(2, opens().map(o -> BgpCodec.encode(o, CodecContext.DEFAULT))),
                net.jqwik.api.Tuple.of(1, notifications().map(n -> BgpCodec.encode(n, CodecContext.DEFAULT))),
                net.jqwik.api.Tuple.of(1, routeRefreshes().map(r -> BgpCodec.encode(r, CodecContext.DEFAULT))));
    }

    @Provide
    Arbitrary<byte[]> randomFrames() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.bytes().array(byte[].class).ofMaxSize(120))
                .as((type, body) -> Bytes.message(type, body));
    }

    // ---- generators

    @Provide
    Arbitrary<CodecContext> contexts() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false)).as((four, addPath) -> {
            Set<AddressFamily> fams = addPath ? EnumSet.allOf(AddressFamily.class) : Set.of();
            return new CodecContext(four, fams, fams, false);
        });
    }

    static Inet4Address v4(int bits) { return OpenCodec.ipv4(bits); }

    static Arbitrary<Inet4Address> v4s() { return Arbitraries.integers().map(CodecPropertiesTest::v4); }

    static Arbitrary<Inet4Address> unicastV4() {
        return Combinators.combine(Arbitraries.integers().between(1, 223), Arbitraries.integers().between(0, 0xFFFFFF))
                .as((a, rest) -> v4((a << 24) | rest));
    }

    static Arbitrary<Inet6Address> v6s() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            try {
                return Inet6Address.getByAddress(null, b, -1);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Arbitrary<Long> u32() { return Arbitraries.longs().between(0, 0xFFFF_FFFFL); }

    static Arbitrary<Long> asns() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 65535)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(65536, 0xFFFF_FFFFL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(AsPath.AS_TRANS)));
    }

    static Arbitrary<NlriEntry> entries(AddressFamily f, boolean addPath) {
        Arbitrary<Prefix> p = f == AddressFamily.IPV4_UNICAST
                ? Combinators.combine(Arbitraries.integers().between(0, 32), Arbitraries.longs())
                        .as((len, bits) -> new Prefix(f, 0, bits & 0xFFFF_FFFFL, len))
                : Combinators.combine(Arbitraries.integers().between(0, 128), Arbitraries.longs(), Arbitraries.longs())
                        .as((len, hi, lo) -> new Prefix(f, hi, lo, len));
        return addPath ? Combinators.combine(p, u32()).as(NlriEntry::new) : p.map(NlriEntry::of);
    }

    static Arbitrary<AsPath> asPaths(boolean fourOctet) {
        Arbitrary<AsPathSegment.Type> types = fourOctet ? Arbitraries.of(AsPathSegment.Type.class)
                : Arbitraries.of(AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET);
        Arbitrary<AsPathSegment> seg = Combinators.combine(types, asns().list().ofMinSize(1).ofMaxSize(8)).as(AsPathSegment::new);
        return seg.list().ofMaxSize(4).map(AsPath::new);
    }

    static Arbitrary<PathAttribute> optionalAttributes() {
        return Arbitraries.oneOf(
                u32().map(MultiExitDisc::new),
                u32().map(LocalPref::new),
                Arbitraries.just(AtomicAggregate.INSTANCE),
                Combinators.combine(u32(), v4s()).as(Aggregator::new),
                Arbitraries.integers().map(Community::new).list().ofMinSize(1).ofMaxSize(6).map(Communities::new),
                v4s().map(OriginatorId::new),
                v4s().list().ofMinSize(1).ofMaxSize(4).map(ClusterList::new),
                Arbitraries.longs().map(ExtendedCommunity::new).list().ofMinSize(1).ofMaxSize(4).map(ExtendedCommunities::new),
                Combinators.combine(u32(), u32(), u32()).as(LargeCommunity::new).list().ofMinSize(1).ofMaxSize(4).map(LargeCommunities::new),
                Combinators.combine(Arbitraries.integers().between(40, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                        .as((t, v) -> new UnknownAttribute(0xE0, t, v)));
    }

    static Arbitrary<MpReachNlri> mpReachV6(boolean addPath) {
        Arbitrary<NextHop> nh = Combinators.combine(v6s(), v6s().injectNull(0.5)).as(NextHop::new);
        return Combinators.combine(nh, entries(AddressFamily.IPV6_UNICAST, addPath).list().ofMinSize(1).ofMaxSize(5))
                .as((n, l) -> new MpReachNlri(2, 1, n, l));
    }

    static Arbitrary<MpUnreachNlri> mpUnreachV6(boolean addPath) {
        return entries(AddressFamily.IPV6_UNICAST, addPath).list().ofMaxSize(5).map(l -> new MpUnreachNlri(2, 1, l));
    }

    static Arbitrary<UpdateMessage> updates(CodecContext ctx) {
        boolean addPath = ctx.sendsPathId(AddressFamily.IPV4_UNICAST);
        boolean four = ctx.fourOctetAs();
        Arbitrary<List<NlriEntry>> v4 = entries(AddressFamily.IPV4_UNICAST, addPath).list().ofMaxSize(8);
        return Combinators.combine(v4, v4, Arbitraries.of(Origin.class), asPaths(four), unicastV4().map(NextHop::of).injectNull(0.3),
                optionalAttributes().list().ofMaxSize(6), mpReachV6(addPath).injectNull(0.6), mpUnreachV6(addPath).injectNull(0.7))
                .as((withdrawn, nlri, origin, path, nextHop, optional, reach, unreach) -> {
                    List<PathAttribute> attrs = new ArrayList<>(optional);
                    attrs.add(origin);
                    attrs.add(path);
                    if (nextHop != null || !nlri.isEmpty()) attrs.add(nextHop != null ? nextHop : NextHop.of(v4(0x0A000001)));
                    if (reach != null) attrs.add(reach);
                    if (unreach != null) attrs.add(unreach);
                    PathAttributes a = PathAttributes.of(attrs);
                    if (!four) a = losslessOnTwoOctetSession(a);
                    return new UpdateMessage(withdrawn, a, nlri);
                });
    }

    /** RFC 6793 4.2.3: an AGGREGATOR other than AS_TRANS beside a 4-octet path hides AS4_PATH, so avoid it. */
    private static PathAttributes losslessOnTwoOctetSession(PathAttributes a) {
        Aggregator g = (Aggregator) a.get(PathAttribute.AGGREGATOR);
        boolean big = a.asPath().asns().stream().anyMatch(x -> x > 0xFFFF);
        if (g != null && big && g.asn() <= 0xFFFF) return a.with(new Aggregator(AsPath.AS_TRANS, g.address()));
        return a;
    }

    @Provide
    Arbitrary<UpdateMessage> twoOctetUpdates() { return updates(CodecContext.DEFAULT); }

    @Provide
    Arbitrary<OpenMessage> opens() {
        Arbitrary<Capability> cap = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255)).as(MultiprotocolCapability::new),
                Arbitraries.just(new RouteRefreshCapability()),
                Arbitraries.just(new EnhancedRouteRefreshCapability()),
                Arbitraries.just(new ExtendedMessageCapability()),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL).map(FourOctetAsCapability::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 4095),
                        Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255), Arbitraries.of(true, false))
                                .as(GracefulRestartCapability.FamilyForwarding::new).list().ofMaxSize(4))
                        .as(GracefulRestartCapability::new),
                Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255), Arbitraries.of(AddPathCapability.Mode.class))
                        .as(AddPathCapability.Family::new).list().ofMinSize(1).ofMaxSize(4).map(AddPathCapability::new),
                Combinators.combine(Arbitraries.integers().between(71, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                        .as(UnknownCapability::new));
        Arbitrary<Integer> hold = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(3, 65535));
        Arbitrary<Inet4Address> id = Arbitraries.integers().filter(i -> i != 0).map(CodecPropertiesTest::v4);
        return Combinators.combine(Arbitraries.integers().between(1, 65535), hold, id, cap.list().ofMaxSize(30))
                .as((as, h, i, caps) -> new OpenMessage(4, as, h, i, caps));
    }

    @Provide
    Arbitrary<NotificationMessage> notifications() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(NotificationMessage::new);
    }

    @Provide
    Arbitrary<RouteRefreshMessage> routeRefreshes() {
        return Combinators.combine(Arbitraries.integers().between(0, 65535), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255)).as(RouteRefreshMessage::new);
    }
}
