package dev.bgplab.wire.codec;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Prefixes as RFC 4271 4.3 packs them (length in bits, then just enough octets), optionally
 * preceded by an RFC 7911 3 path identifier. Reads straight into the two longs of {@link Prefix}:
 * no per-prefix arrays.
 */
final class NlriCodec {

    private NlriCodec() {}

    /**
     * Parses prefixes from {@code [p, end)} into {@code out}. Returns false when the field is
     * malformed: a prefix length beyond the family's maximum or octets overrunning the field.
     */
    static boolean read(ByteBuf b, int p, int end, AddressFamily f, boolean pathId, List<NlriEntry> out) {
        int max = f.maxPrefixLength();
        boolean v4 = f == AddressFamily.IPV4_UNICAST;
        while (p < end) {
            long id = 0;
            if (pathId) {
                if (end - p < 5) return false;
                id = b.getUnsignedInt(p);
                p += 4;
            }
            int len = b.getUnsignedByte(p++);
            if (len > max) return false;
            int n = (len + 7) >>> 3;
            if (n > end - p) return false;
            long hi = 0, lo = 0;
            if (v4) {
                for (int i = 0; i < 4; i++) lo = (lo << 8) | (i < n ? b.getUnsignedByte(p + i) : 0);
            } else {
                for (int i = 0; i < 8; i++) hi = (hi << 8) | (i < n ? b.getUnsignedByte(p + i) : 0);
                for (int i = 8; i < 16; i++) lo = (lo << 8) | (i < n ? b.getUnsignedByte(p + i) : 0);
            }
            p += n;
            out.add(new NlriEntry(new Prefix(f, hi, lo, len), id));
        }
        return true;
    }

    static int size(List<NlriEntry> entries, boolean pathId) {
        int s = 0;
        for (NlriEntry e : entries) s += (pathId ? 5 : 1) + ((e.prefix().length() + 7) >>> 3);
        return s;
    }

    static void write(List<NlriEntry> entries, boolean pathId, ByteBuf out) {
        for (NlriEntry e : entries) {
            if (pathId) out.writeInt((int) e.pathId());
            Prefix pfx = e.prefix();
            int len = pfx.length();
            out.writeByte(len);
            int n = (len + 7) >>> 3;
            if (pfx.isIpv4()) {
                for (int i = 0; i < n; i++) out.writeByte((int) (pfx.lo() >>> (24 - 8 * i)));
            } else {
                for (int i = 0; i < n; i++) {
                    out.writeByte((int) (i < 8 ? pfx.hi() >>> (56 - 8 * i) : pfx.lo() >>> (56 - 8 * (i - 8))));
                }
            }
        }
    }
}
