package dev.bgplab.speaker;

import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.BgpMessage;
import dev.bgplab.wire.nlri.Prefix;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-made message bytes for {@link RawBgpPeer}: headers that lie about their length, attributes
 * with any flags and value, UPDATEs put together from them (RFC 4271 4.1, 4.3). AS numbers are
 * 4-octet, as the peer's OPEN negotiates.
 */
public final class BgpBytes {
    private BgpBytes() {}

    /** A message as the real codec writes it (2-octet context: OPEN, KEEPALIVE, NOTIFICATION need no other). */
    public static byte[] bytes(BgpMessage m) { return BgpCodec.encode(m, CodecContext.DEFAULT); }

    public static byte[] message(int type, byte[] body) { return message(type, body, 19 + body.length); }

    /** A header whose length field says {@code length}, whatever the body really holds. */
    public static byte[] message(int type, byte[] body, int length) {
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    public static byte[] update(byte[] withdrawn, byte[] attrs, byte[] nlri) {
        return message(2, cat(b(withdrawn.length >>> 8, withdrawn.length), withdrawn, b(attrs.length >>> 8, attrs.length), attrs, nlri));
    }

    /** An UPDATE announcing one IPv4 prefix with these attributes. */
    public static byte[] update(List<byte[]> attributes, String prefix) {
        Prefix p = Prefix.parse(prefix);
        byte[] nlri = cat(b(p.length()), Arrays.copyOf(p.address().getAddress(), (p.length() + 7) / 8));
        return update(new byte[0], cat(attributes.toArray(byte[][]::new)), nlri);
    }

    /** One attribute; the extended-length flag (0x10) gives it a 2-octet length. */
    public static byte[] attr(int flags, int type, byte[] value) {
        if ((flags & 0x10) != 0) return cat(b(flags, type, value.length >>> 8, value.length), value);
        return cat(b(flags, type, value.length), value);
    }

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    public static byte[] b(int... v) {
        byte[] o = new byte[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (byte) v[i];
        return o;
    }

    public static byte[] u32(long v) { return b((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v); }

    public static final byte[] ORIGIN_IGP = attr(0x40, 1, b(0));

    /** AS_PATH of one AS_SEQUENCE holding {@code asns}, 4-octet. */
    public static byte[] asPath(long... asns) {
        byte[] seg = b(2, asns.length);
        for (long a : asns) seg = cat(seg, u32(a));
        return attr(0x40, 2, seg);
    }

    public static byte[] nextHop(int a, int b, int c, int d) { return attr(0x40, 3, b(a, b, c, d)); }

    public static byte[] nextHop(String address) throws UnknownHostException {
        return attr(0x40, 3, InetAddress.getByName(address).getAddress());
    }

    public static byte[] med(long v) { return attr(0x80, 4, u32(v)); }

    /** The usual attributes of a route from {@code asn} via 127.0.0.x. */
    public static byte[] attrs(long asn, int hostOctet) { return cat(ORIGIN_IGP, asPath(asn), nextHop(127, 0, 0, hostOctet)); }

    /** A /24 NLRI: 10.a.b.0/24. */
    public static byte[] slash24(int a, int b) { return b(24, 10, a, b); }
}
