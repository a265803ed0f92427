package dev.bgplab.bench.routeserver;

/**
 * A receiver's view of the table: for each prefix index one byte saying which feeder its current
 * route came from (0 = none), parsed straight from the UPDATE bytes without building objects.
 * Owned by the receiver's reader thread; the orchestrator reads only the volatile fields.
 */
final class RouteCounter implements BenchPeer.MessageSink {
    static final int OTHER = 3;

    private final byte[] source;
    private final int[] bySource = new int[4];
    private final long dutAs;
    private final int expected;
    private int held;
    private long updates;

    /** nanoTime of the latest batch after which every prefix was held (0 while not). */
    volatile long fullAt;
    /** nanoTime of the latest batch after which every prefix was held through feeder 1 / 2 (0 while not). */
    final long[] fullViaAt = new long[3];
    volatile int heldNow;
    volatile int via1;
    volatile int via2;

    RouteCounter(int expected, long dutAs) {
        this.source = new byte[expected];
        this.expected = expected;
        this.dutAs = dutAs;
    }

    @Override
    public void accept(byte[] a, int from, int to) {
        int p = from;
        while (p < to) {
            int len = u16(a, p + 16);
            if ((a[p + 18] & 0xff) == BgpMessages.UPDATE) {
                update(a, p, p + len);
            }
            p += len;
        }
        long now = System.nanoTime();
        fullAt = held == expected ? (fullAt == 0 ? now : fullAt) : 0;
        for (int s = 1; s <= 2; s++) {
            boolean full = bySource[s] == expected;
            synchronized (fullViaAt) {
                fullViaAt[s] = full ? (fullViaAt[s] == 0 ? now : fullViaAt[s]) : 0;
            }
        }
        heldNow = held;
        via1 = bySource[1];
        via2 = bySource[2];
    }

    long fullViaAt(int feeder) {
        synchronized (fullViaAt) {
            return fullViaAt[feeder];
        }
    }

    long updates() {
        return updates;
    }

    private void update(byte[] a, int p, int end) {
        updates++;
        p += 19;
        int withdrawnEnd = p + 2 + u16(a, p);
        p += 2;
        while (p < withdrawnEnd) {
            int bits = a[p] & 0xff;
            if (bits == 24) {
                withdraw(index(a, p + 1));
            }
            p += 1 + ((bits + 7) >>> 3);
        }
        int attrsEnd = p + 2 + u16(a, p);
        p += 2;
        int src = OTHER;
        while (p < attrsEnd) {
            int flags = a[p] & 0xff;
            int type = a[p + 1] & 0xff;
            int len;
            if ((flags & 0x10) != 0) {
                len = u16(a, p + 2);
                p += 4;
            } else {
                len = a[p + 2] & 0xff;
                p += 3;
            }
            if (type == 2) {
                src = sourceOf(a, p, p + len);
            }
            p += len;
        }
        while (p < end) {
            int bits = a[p] & 0xff;
            if (bits == 24) {
                announce(index(a, p + 1), src);
            }
            p += 1 + ((bits + 7) >>> 3);
        }
    }

    /** The feeder of the first ASN that is not the route server's own (4-octet AS_PATH, RFC 6793). */
    private int sourceOf(byte[] a, int p, int end) {
        while (p + 2 <= end) {
            int count = a[p + 1] & 0xff;
            p += 2;
            for (int i = 0; i < count && p + 4 <= end; i++, p += 4) {
                long asn = u32(a, p);
                if (asn != dutAs) {
                    int f = Workload.feederOf(asn);
                    return f == 0 ? OTHER : f;
                }
            }
        }
        return OTHER;
    }

    private int index(byte[] a, int p) {
        int i = Workload.index(((a[p] & 0xff) << 16) | ((a[p + 1] & 0xff) << 8) | (a[p + 2] & 0xff));
        return i < expected ? i : -1;
    }

    private void announce(int i, int src) {
        if (i < 0) {
            return;
        }
        int old = source[i];
        if (old == 0) {
            held++;
        } else {
            bySource[old]--;
        }
        source[i] = (byte) src;
        bySource[src]++;
    }

    private void withdraw(int i) {
        if (i < 0 || source[i] == 0) {
            return;
        }
        bySource[source[i]]--;
        source[i] = 0;
        held--;
    }

    static int u16(byte[] a, int p) {
        return ((a[p] & 0xff) << 8) | (a[p + 1] & 0xff);
    }

    static long u32(byte[] a, int p) {
        return ((long) (a[p] & 0xff) << 24) | ((a[p + 1] & 0xff) << 16) | ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
    }
}
