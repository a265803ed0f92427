package dev.bgplab.bench.routeserver;

import java.nio.ByteBuffer;

/** The few BGP messages the bench's own peers send, encoded by hand (RFC 4271 4.1-4.4). */
final class BgpMessages {
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;
    static final int HOLD_TIME = 90;

    private BgpMessages() {
    }

    static void putHeader(ByteBuffer b, int length, int type) {
        for (int i = 0; i < 16; i++) {
            b.put((byte) 0xff);
        }
        b.putShort((short) length).put((byte) type);
    }

    /** OPEN with the multiprotocol IPv4 unicast and 4-octet AS capabilities. */
    static ByteBuffer open(long asn, int routerId) {
        ByteBuffer b = ByteBuffer.allocate(19 + 10 + 16);
        putHeader(b, 19 + 10 + 16, OPEN);
        b.put((byte) 4).putShort((short) (asn > 65535 ? 23456 : asn)).putShort((short) HOLD_TIME).putInt(routerId);
        b.put((byte) 16); // optional parameters length
        b.put((byte) 2).put((byte) 6).put((byte) 1).put((byte) 4).putShort((short) 1).put((byte) 0).put((byte) 1);
        b.put((byte) 2).put((byte) 6).put((byte) 65).put((byte) 4).putInt((int) asn);
        return b.flip();
    }

    static ByteBuffer keepalive() {
        ByteBuffer b = ByteBuffer.allocate(19);
        putHeader(b, 19, KEEPALIVE);
        return b.flip();
    }
}
