package dev.bgplab.wire.codec;

import static dev.bgplab.wire.codec.Bytes.NEXT_HOP_192_0_2_1;
import static dev.bgplab.wire.codec.Bytes.NLRI_10_0_0_0_8;
import static dev.bgplab.wire.codec.Bytes.ORIGIN_IGP;
import static dev.bgplab.wire.codec.Bytes.attr;
import static dev.bgplab.wire.codec.Bytes.b;
import static dev.bgplab.wire.codec.Bytes.cat;
import static dev.bgplab.wire.codec.Bytes.hex;
import static dev.bgplab.wire.codec.Decoding.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.Origin;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.AttributeError.ErrorAction;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.NlriEntry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6793: 4-octet ASNs towards and from a speaker that only knows 2-octet ones. */
class As4Test {

    private static final CodecContext OLD = CodecContext.DEFAULT;

    private static Inet4Address addr(String s) throws Exception { return (Inet4Address) InetAddress.getByName(s); }

    private static UpdateMessage route(AsPath path, Aggregator agg) {
        PathAttributes a = PathAttributes.of(Origin.IGP, path, NextHop.of("192.0.2.1"));
        if (agg != null) a = a.with(agg);
        return new UpdateMessage(List.of(), a, List.of(NlriEntry.of("10.0.0.0/8")));
    }

    @Test
    void encodingToATwoOctetPeerWritesAsTransAndAddsAs4Path() {
        byte[] m = BgpCodec.encode(route(AsPath.of(65001, 4200000001L), null), OLD);
        String h = hex(m);
        assertThat(h).contains("40020602" + "02fde95ba0");       // AS_PATH 65001 23456
        assertThat(h).contains("c0110a" + "0202" + "0000fde9fa56ea01"); // AS4_PATH 65001 4200000001
    }

    @Test
    void noAs4PathWhenEveryAsnFitsTwoOctets() {
        String h = hex(BgpCodec.encode(route(AsPath.of(65001, 65002), null), OLD));
        assertThat(h).contains("40020602" + "02fde9fdea").doesNotContain("c011");
    }

    @Test
    void aggregatorWithAFourOctetAsnBecomesAsTransPlusAs4Aggregator() throws Exception {
        String h = hex(BgpCodec.encode(route(AsPath.of(65001), new Aggregator(4200000001L, addr("192.0.2.9"))), OLD));
        assertThat(h).contains("c00706" + "5ba0c0000209");
        assertThat(h).contains("c01208" + "fa56ea01c0000209");
    }

    @Test
    void decodingFromATwoOctetPeerRebuildsThePathFromAs4Path() {
        byte[] asPath = attr(0x40, 2, b(2, 4, 0, 100, 0, 200, 0x5b, 0xa0, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(2, 2, 0, 1, 0x11, 0x70, 0, 1, 0x38, 0x80)); // 70000 80000
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(100, 200, 70000, 80000));
        assertThat(u.attributes().has(17)).isFalse();
        assertThat(u.errors()).isEmpty();
    }

    @Test
    void rfc7607As4PathHoldingAsZeroIsDiscardedAndAsPathAloneUsed() {
        byte[] asPath = attr(0x40, 2, b(2, 2, 0, 100, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(2, 1, 0, 0, 0, 0)); // AS 0
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(100, AsPath.AS_TRANS));
        assertThat(u.errors()).singleElement().satisfies(e -> {
            assertThat(e.typeCode()).isEqualTo(17);
            assertThat(e.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
        });
    }

    @Test
    void encodeThenDecodeWithATwoOctetPeerGivesBackTheFourOctetPath() throws Exception {
        UpdateMessage orig = route(AsPath.parse("65001 4200000001 {64512 4200000002} 65003"), new Aggregator(4200000009L, addr("192.0.2.9")));
        assertThat(update(BgpCodec.encode(orig, OLD), OLD)).isEqualTo(orig);
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(2, 2, 0, 1, 0x11, 0x70, 0, 1, 0x38, 0x80));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(23456));
    }

    @Test
    void aggregatorOtherThanAsTransMakesAs4PathAndAs4AggregatorIgnored() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0x5b, 0xa0));
        byte[] agg = attr(0xC0, 7, b(0, 100, 192, 0, 2, 9));
        byte[] as4Path = attr(0xC0, 17, b(2, 1, 0, 1, 0x11, 0x70));
        byte[] as4Agg = attr(0xC0, 18, b(0, 1, 0x11, 0x70, 192, 0, 2, 9));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, agg, as4Path, as4Agg), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(23456));
        assertThat(((Aggregator) u.attributes().get(7)).asn()).isEqualTo(100);
    }

    @Test
    void aggregatorAsTransTakesTheAsnFromAs4Aggregator() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0x5b, 0xa0));
        byte[] agg = attr(0xC0, 7, b(0x5b, 0xa0, 192, 0, 2, 9));
        byte[] as4Agg = attr(0xC0, 18, b(0, 1, 0x11, 0x70, 192, 0, 2, 9));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, agg, as4Agg), NLRI_10_0_0_0_8), OLD);
        assertThat(((Aggregator) u.attributes().get(7)).asn()).isEqualTo(70000);
    }

    @Test
    void aFourOctetSessionDiscardsReceivedAs4Attributes() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0, 0, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(2, 1, 0, 1, 0x11, 0x70));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8));
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(23456));
        assertThat(u.attributes().has(17)).isFalse();
        assertThat(u.errors()).isEmpty();
    }

    @Test
    void malformedAs4PathIsDiscardedAndAsPathKept() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(2, 2, 0, 1, 0x11, 0x70));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(23456));
        assertThat(u.errors()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(ErrorAction.ATTRIBUTE_DISCARD));
    }

    @Test
    void confederationSegmentsInAs4PathAreDropped() {
        byte[] asPath = attr(0x40, 2, b(2, 1, 0x5b, 0xa0));
        byte[] as4Path = attr(0xC0, 17, b(3, 1, 0, 0, 0, 9, 2, 1, 0, 1, 0x11, 0x70));
        UpdateMessage u = update(Bytes.update(cat(ORIGIN_IGP, asPath, NEXT_HOP_192_0_2_1, as4Path), NLRI_10_0_0_0_8), OLD);
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.of(70000));
    }

    @Test
    void leadingConfederationSegmentsOfAsPathAreKeptInTheMerge() {
        AsPath merged = UpdateDecoder.mergeAsPath(AsPath.parse("(65010) 23456 100"), AsPath.of(70000, 100));
        assertThat(merged).isEqualTo(AsPath.parse("(65010) 70000 100"));
    }
}
