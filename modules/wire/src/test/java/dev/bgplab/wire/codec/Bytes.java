package dev.bgplab.wire.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hand-made wire bytes for tests: messages with a correct header around a chosen body. */
final class Bytes {

    private Bytes() {}

    static byte[] hex(String s) { return HexFormat.of().parseHex(s.replaceAll("\\s+", "")); }

    static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    /** A message of the given type around {@code body}, length field computed. */
    static byte[] message(int type, byte[] body) {
        int len = 19 + body.length;
        byte[] out = new byte[len];
        for (int i = 0; i < 16; i++) out[i] = (byte) 0xFF;
        out[16] = (byte) (len >>> 8);
        out[17] = (byte) len;
        out[18] = (byte) type;
        System.arraycopy(body, 0, out, 19, body.length);
        return out;
    }

    /** UPDATE with the given withdrawn routes, path attributes and NLRI fields. */
    static byte[] update(byte[] withdrawn, byte[] attrs, byte[] nlri) {
        return message(2, cat(b(withdrawn.length >>> 8, withdrawn.length), withdrawn,
                b(attrs.length >>> 8, attrs.length), attrs, nlri));
    }

    static byte[] update(byte[] attrs, byte[] nlri) { return update(new byte[0], attrs, nlri); }

    /** One path attribute with a 1-octet length (or 2 when flags has 0x10). */
    static byte[] attr(int flags, int type, byte[] value) {
        if ((flags & 0x10) != 0) return cat(b(flags, type, value.length >>> 8, value.length), value);
        return cat(b(flags, type, value.length), value);
    }

    static final byte[] ORIGIN_IGP = attr(0x40, 1, b(0));
    static final byte[] AS_PATH_2OCT_65001 = attr(0x40, 2, b(2, 1, 0xFD, 0xE9));
    static final byte[] AS_PATH_4OCT_65001 = attr(0x40, 2, b(2, 1, 0, 0, 0xFD, 0xE9));
    static final byte[] NEXT_HOP_192_0_2_1 = attr(0x40, 3, b(192, 0, 2, 1));
    static final byte[] NLRI_10_0_0_0_8 = b(8, 10);
}
