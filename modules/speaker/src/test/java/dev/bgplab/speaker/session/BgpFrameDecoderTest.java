package dev.bgplab.speaker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.KeepaliveMessage;
import dev.bgplab.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 4271 6.1 header checks, and framing across TCP segment boundaries. */
class BgpFrameDecoderTest {

    static byte[] header(int length, int type) {
        byte[] b = new byte[Math.max(length, 19)];
        for (int i = 0; i < 16; i++) b[i] = (byte) 0xFF;
        b[16] = (byte) (length >> 8);
        b[17] = (byte) length;
        b[18] = (byte) type;
        return b;
    }

    static EmbeddedChannel channel(CodecContext ctx) { return new EmbeddedChannel(new BgpFrameDecoder(() -> ctx)); }

    @Test
    void reassemblesMessagesSplitAcrossSegments() {
        EmbeddedChannel ch = channel(CodecContext.DEFAULT);
        byte[] two = new byte[38];
        System.arraycopy(dev.bgplab.speaker.BgpBytes.bytes(KeepaliveMessage.INSTANCE), 0, two, 0, 19);
        System.arraycopy(dev.bgplab.speaker.BgpBytes.bytes(KeepaliveMessage.INSTANCE), 0, two, 19, 19);
        ch.writeInbound(Unpooled.wrappedBuffer(two, 0, 10));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(two, 10, 28));
        ByteBuf first = ch.readInbound();
        ByteBuf second = ch.readInbound();
        assertThat(first.readableBytes()).isEqualTo(19);
        assertThat(second.readableBytes()).isEqualTo(19);
        first.release();
        second.release();
    }

    @Test
    void badMarkerIsConnectionNotSynchronized() {
        byte[] m = dev.bgplab.speaker.BgpBytes.bytes(KeepaliveMessage.INSTANCE);
        m[0] = 0;
        assertThat(error(CodecContext.DEFAULT, m)).isEqualTo(NotificationMessage.of(1, 1));
    }

    @Test
    void lengthAboveMaximumIsBadMessageLengthWithTheLengthAsData() {
        assertThat(error(CodecContext.DEFAULT, header(4097, 2)))
                .isEqualTo(new NotificationMessage(1, 2, new byte[] {0x10, 0x01}));
    }

    @Test
    void extendedMessagesRaiseTheMaximumForUpdatesButNotForOpen() {
        CodecContext ext = new CodecContext(true, Set.of(), Set.of(), true);
        EmbeddedChannel ch = channel(ext);
        ch.writeInbound(Unpooled.wrappedBuffer(header(5000, 2)));
        ByteBuf f = ch.readInbound();
        assertThat(f.readableBytes()).isEqualTo(5000);
        f.release();
        assertThat(error(ext, header(5000, 1))).isEqualTo(new NotificationMessage(1, 2, new byte[] {0x13, (byte) 0x88}));
    }

    @Test
    void typeSpecificMinimumLengthsAreChecked() {
        assertThat(error(CodecContext.DEFAULT, header(20, 4))).isEqualTo(new NotificationMessage(1, 2, new byte[] {0, 20}));
        assertThat(error(CodecContext.DEFAULT, header(28, 1))).isEqualTo(new NotificationMessage(1, 2, new byte[] {0, 28}));
        assertThat(error(CodecContext.DEFAULT, header(22, 2))).isEqualTo(new NotificationMessage(1, 2, new byte[] {0, 22}));
        assertThat(error(CodecContext.DEFAULT, header(18, 4))).isEqualTo(new NotificationMessage(1, 2, new byte[] {0, 18}));
    }

    @Test
    void unknownTypeIsBadMessageTypeWithTheType() {
        assertThat(error(CodecContext.DEFAULT, header(19, 9))).isEqualTo(new NotificationMessage(1, 3, new byte[] {9}));
    }

    @Test
    void everythingAfterAHeaderErrorIsDiscarded() {
        EmbeddedChannel ch = channel(CodecContext.DEFAULT);
        byte[] bad = header(19, 9);
        ch.writeInbound(Unpooled.wrappedBuffer(bad));
        assertThat((Object) ch.readInbound()).isInstanceOf(HeaderError.class);
        ch.writeInbound(Unpooled.wrappedBuffer(dev.bgplab.speaker.BgpBytes.bytes(KeepaliveMessage.INSTANCE)));
        assertThat((Object) ch.readInbound()).isNull();
    }

    static NotificationMessage error(CodecContext ctx, byte[] bytes) {
        EmbeddedChannel ch = channel(ctx);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        Object o = ch.readInbound();
        assertThat(o).isInstanceOf(HeaderError.class);
        return ((HeaderError) o).notification();
    }
}
