package dev.bgplab.bench.routeserver;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the feeders announce: IPv4 /24s numbered 0..total-1 from 11.0.0.0 upwards (127/8 skipped),
 * {@link #PREFIXES_PER_PATH} consecutive prefixes per AS path, so N prefixes carry N/10 distinct
 * AS paths, each UPDATE holding the prefixes of one path. Paths have the same length for every
 * feeder ({@code feederAs 4200000000+g 64999}), so a failover compares equal lengths.
 *
 * <p>Pure functions and pre-encoded bytes only: the feeders write the result as fast as TCP takes it.
 */
public final class Workload {
    public static final int PREFIXES_PER_PATH = 10;
    public static final long FIRST_FEEDER_AS = 65101;
    private static final int FIRST_SLASH24 = 11 << 16;
    private static final int CHUNK = 64 * 1024;

    private Workload() {
    }

    /** The /24 (as its top 24 bits) of prefix index {@code i}; skips 127/8 so no route points at loopback. */
    public static int slash24(int index) {
        int s = FIRST_SLASH24 + index;
        if ((s >>> 16) >= 127) {
            s += 1 << 16;
        }
        if ((s >>> 16) >= 224) {
            throw new IllegalArgumentException("prefix index " + index + " runs into 224/3; at most "
                    + ((223 - 11) << 16) + " /24s");
        }
        return s;
    }

    /** The inverse of {@link #slash24}, or -1 for a /24 outside the workload's range. */
    public static int index(int slash24) {
        int top = slash24 >>> 16;
        if (top < 11 || top == 127 || top >= 224) {
            return -1;
        }
        return top > 127 ? slash24 - (1 << 16) - FIRST_SLASH24 : slash24 - FIRST_SLASH24;
    }

    /** The feeder's ASN, first in each of its AS paths; feeders are numbered from 1. */
    public static long feederAs(int feeder) {
        return FIRST_FEEDER_AS + feeder - 1;
    }

    /** The feeder whose ASN this is, or 0. */
    public static int feederOf(long firstAs) {
        long f = firstAs - FIRST_FEEDER_AS + 1;
        return f >= 1 && f <= 2 ? (int) f : 0;
    }

    /** Next hop of a feeder's routes: 198.18.0.F (RFC 2544 benchmarking range; FRR and GoBGP reject 127/8). */
    public static int nextHop(int feeder) {
        return (198 << 24) | (18 << 16) | feeder;
    }

    /**
     * The UPDATEs announcing prefixes {@code [first, first+count)} for one feeder, as message-aligned
     * chunks of about 64 KB ready for one {@code write} each.
     */
    public static List<ByteBuffer> updates(int feeder, int first, int count) {
        int paths = (count + PREFIXES_PER_PATH - 1) / PREFIXES_PER_PATH;
        List<ByteBuffer> chunks = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK + 256);
        for (int g = 0; g < paths; g++) {
            int from = first + g * PREFIXES_PER_PATH;
            int n = Math.min(PREFIXES_PER_PATH, first + count - from);
            if (chunk.position() + 19 + 4 + 28 + 4 * n > CHUNK) {
                chunks.add(chunk.flip());
                chunk = ByteBuffer.allocateDirect(CHUNK + 256);
            }
            putUpdate(chunk, feeder, (from / PREFIXES_PER_PATH), from, n);
        }
        if (chunk.position() > 0) {
            chunks.add(chunk.flip());
        }
        return chunks;
    }

    /** One UPDATE as bytes (for the microbenchmarks): {@code n} /24s from index {@code from} with AS path {@code pathIndex}. */
    public static byte[] update(int feeder, int pathIndex, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(19 + 4 + 28 + 4 * n);
        putUpdate(b, feeder, pathIndex, from, n);
        return b.array();
    }

    /** One UPDATE: ORIGIN IGP, AS_PATH of 3 four-octet ASNs, NEXT_HOP, then {@code n} /24s. */
    static void putUpdate(ByteBuffer b, int feeder, int pathIndex, int from, int n) {
        int attrLen = 4 + 17 + 7;
        int len = 19 + 2 + 2 + attrLen + 4 * n;
        BgpMessages.putHeader(b, len, BgpMessages.UPDATE);
        b.putShort((short) 0); // withdrawn routes length
        b.putShort((short) attrLen);
        b.put((byte) 0x40).put((byte) 1).put((byte) 1).put((byte) 0); // ORIGIN IGP
        b.put((byte) 0x40).put((byte) 2).put((byte) 14); // AS_PATH, 4-octet ASNs (RFC 6793)
        b.put((byte) 2).put((byte) 3); // AS_SEQUENCE of 3
        b.putInt((int) feederAs(feeder)).putInt((int) (4_200_000_000L + pathIndex)).putInt(64999);
        b.put((byte) 0x40).put((byte) 3).put((byte) 4).putInt(nextHop(feeder));
        for (int i = from; i < from + n; i++) {
            int s = slash24(i);
            b.put((byte) 24).put((byte) (s >>> 16)).put((byte) (s >>> 8)).put((byte) s);
        }
    }
}
