package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from {@link Prefix} to a value, without entry objects, in one of
 * two layouts:
 * <ul>
 *   <li>IPv4 unicast keys only (where every table starts): each key is a {@code long} in the
 *       table's own array (address, length, plus one so that 0 marks an empty slot), its value in
 *       a second array. A probe compares longs and a resize rehashes them without reading a key
 *       object: in a table of a million prefixes every object read is a cache miss, and with key
 *       objects the probes and resizes were 40 % of a full-table load. 12 bytes per slot.</li>
 *   <li>any other key (the table switches on its first one, e.g. an IPv6 family's table): keys
 *       and values side by side in one array (a hit reads one cache line) and one byte of each
 *       key's hash (its top 8 bits, which the slot index does not use) in a second one, so a probe
 *       dereferences a key that is not the one sought only once in 256. 9 bytes per slot.</li>
 * </ul>
 * The IPv4 layout keeps no key object, so {@link #forEach} hands out prefixes equal to the ones
 * stored, not the same instances.
 *
 * <p>Linear probing, load at most 3/4, deletion by backward shift (no tombstones). Not safe to
 * add or remove while iterating; replacing the value of a present key is. Callers that look a key
 * up and then store under it use {@link #find} and {@link #setAt}/{@link #insertAt}, one probe
 * instead of two. Owned by the RIB's thread.
 */
final class PrefixMap<V> {

    private static final int MIN_CAPACITY = 16;

    // IPv4 layout (codes != null)
    /** The code of the key in slot i ({@link #code}), 0 when the slot is empty. */
    private long[] codes;
    private Object[] values;

    // object layout (codes == null)
    /** Key of slot i at 2i, its value at 2i + 1. */
    private Object[] slots;
    /** The top byte of the hash of the key in slot i. */
    private byte[] tags;

    private int size;

    PrefixMap() {
        codes = new long[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
    }

    private int capacity() { return codes != null ? codes.length : tags.length; }

    private static byte tag(int hash) { return (byte) (hash >>> 24); }

    /** An IPv4 unicast prefix as a long: address and length, plus one (never 0). */
    private static long code(Prefix p) { return (p.lo() << 8 | p.length()) + 1; }

    private static Prefix prefix(long code) {
        long c = code - 1;
        return new Prefix(AddressFamily.IPV4_UNICAST, 0, c >>> 8, (int) (c & 0xFF));
    }

    /**
     * Eight neighbouring prefixes of one length (10.0.0.0/24 to 10.0.7.0/24) hash to one aligned
     * run of eight slots, in order (so a walk of the table meets them in order too); the runs themselves are spread by a multiplicative hash of
     * the rest. A table arrives in prefix order (a full table dumped from another router's RIB, a
     * route server's re-advertisement), so its lookups and inserts then touch one cache line of
     * keys per eight prefixes instead of one per prefix; a run of eight fills a cache line's worth
     * of slots much like a bucket, so probing stays short.
     */
    private static int hash(long code) {
        long c = code - 1;
        int length = (int) (c & 0xFF);
        long index = length == 0 ? 0 : (c >>> 8) >>> (32 - length); // the prefix's number among those of its length
        long h = (index >>> 3) << 8 | length;
        // a full 64-bit mix (MurmurHash3's finaliser): a multiply alone leaves runs in arithmetic progression that cluster
        h = (h ^ h >>> 33) * 0xFF51_AFD7_ED55_8CCDL;
        h = (h ^ h >>> 33) * 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int) h & ~7 | (int) (index & 7);
    }

    /**
     * The slot holding {@code p}, or the empty slot where it would go: test with {@link #present}.
     * Valid until the next insertion or removal.
     */
    int find(Prefix p) {
        if (codes != null) {
            if (p.family() != AddressFamily.IPV4_UNICAST) {
                toObjectLayout();
                return find(p);
            }
            long c = code(p);
            long[] cs = codes;
            int mask = cs.length - 1;
            int i = hash(c) & mask;
            while (true) {
                long k = cs[i];
                if (k == 0 || k == c) return i;
                i = (i + 1) & mask;
            }
        }
        int h = p.hashCode();
        byte t = tag(h);
        Object[] s = slots;
        byte[] ts = tags;
        int mask = ts.length - 1;
        int i = h & mask;
        while (true) {
            Object k = s[2 * i];
            if (k == null || k == p || (ts[i] == t && k.equals(p))) return i;
            i = (i + 1) & mask;
        }
    }

    boolean present(int slot) { return codes != null ? codes[slot] != 0 : slots[2 * slot] != null; }

    @SuppressWarnings("unchecked")
    V valueAt(int slot) { return (V) (codes != null ? values[slot] : slots[2 * slot + 1]); }

    /** Replaces the value of a present key. */
    void setAt(int slot, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if (codes != null) values[slot] = value;
        else slots[2 * slot + 1] = value;
    }

    /** Stores a new key in the empty slot {@link #find} returned for it. */
    void insertAt(int slot, Prefix p, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if (codes != null) {
            codes[slot] = code(p);
            values[slot] = value;
        } else {
            slots[2 * slot] = p;
            slots[2 * slot + 1] = value;
            tags[slot] = tag(p.hashCode());
        }
        if (++size * 4 > capacity() * 3) resize(capacity() * 2);
    }

    V get(Prefix p) {
        return valueAt(find(p));
    }

    /** Stores the value; returns the one it replaced or null. */
    V put(Prefix p, V value) {
        int i = find(p);
        if (present(i)) {
            V old = valueAt(i);
            setAt(i, value);
            return old;
        }
        insertAt(i, p, value);
        return null;
    }

    V remove(Prefix p) {
        int i = find(p);
        if (!present(i)) return null;
        V old = valueAt(i);
        int mask = capacity() - 1;
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (!present(j)) break;
            int home = (codes != null ? hash(codes[j]) : slots[2 * j].hashCode()) & mask;
            // the entry at j may fill the hole when its home is not cyclically within (hole, j]
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                move(j, hole);
                hole = j;
            }
        }
        if (codes != null) {
            codes[hole] = 0;
            values[hole] = null;
        } else {
            slots[2 * hole] = null;
            slots[2 * hole + 1] = null;
            tags[hole] = 0;
        }
        size--;
        return old;
    }

    private void move(int from, int to) {
        if (codes != null) {
            codes[to] = codes[from];
            values[to] = values[from];
        } else {
            slots[2 * to] = slots[2 * from];
            slots[2 * to + 1] = slots[2 * from + 1];
            tags[to] = tags[from];
        }
    }

    private void resize(int capacity) {
        int mask = capacity - 1;
        if (codes != null) {
            long[] oldCodes = codes;
            Object[] oldValues = values;
            codes = new long[capacity];
            values = new Object[capacity];
            for (int i = 0; i < oldCodes.length; i++) {
                long c = oldCodes[i];
                if (c == 0) continue;
                int j = hash(c) & mask;
                while (codes[j] != 0) j = (j + 1) & mask;
                codes[j] = c;
                values[j] = oldValues[i];
            }
            return;
        }
        Object[] old = slots;
        byte[] oldTags = tags;
        slots = new Object[2 * capacity];
        tags = new byte[capacity];
        for (int i = 0; i < oldTags.length; i++) {
            Object k = old[2 * i];
            if (k == null) continue;
            int j = k.hashCode() & mask;
            while (slots[2 * j] != null) j = (j + 1) & mask;
            slots[2 * j] = k;
            slots[2 * j + 1] = old[2 * i + 1];
            tags[j] = oldTags[i];
        }
    }

    /** A key of another family arrived: from now on keys are objects (the entries so far move over). */
    private void toObjectLayout() {
        long[] oldCodes = codes;
        Object[] oldValues = values;
        int capacity = oldCodes.length;
        codes = null;
        values = null;
        slots = new Object[2 * capacity];
        tags = new byte[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldCodes.length; i++) {
            if (oldCodes[i] == 0) continue;
            Prefix k = prefix(oldCodes[i]);
            int j = k.hashCode() & mask;
            while (slots[2 * j] != null) j = (j + 1) & mask;
            slots[2 * j] = k;
            slots[2 * j + 1] = oldValues[i];
            tags[j] = tag(k.hashCode());
        }
    }

    /** Mean slots a lookup of a present key reads (1 when every key sits in its home slot); for tests of the hash. */
    double meanProbeLength() {
        long total = 0;
        int mask = capacity() - 1;
        for (int i = 0; i <= mask; i++) {
            if (!present(i)) continue;
            int home = (codes != null ? hash(codes[i]) : slots[2 * i].hashCode()) & mask;
            total += ((i - home) & mask) + 1;
        }
        return size == 0 ? 0 : (double) total / size;
    }

    int size() { return size; }

    void clear() {
        if (codes != null) {
            codes = new long[MIN_CAPACITY];
            values = new Object[MIN_CAPACITY];
        } else {
            slots = new Object[2 * MIN_CAPACITY];
            tags = new byte[MIN_CAPACITY];
        }
        size = 0;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Prefix, ? super V> consumer) {
        if (codes != null) {
            long[] cs = codes;
            Object[] vs = values;
            for (int i = 0; i < cs.length; i++) if (cs[i] != 0) consumer.accept(prefix(cs[i]), (V) vs[i]);
            return;
        }
        Object[] s = slots;
        for (int i = 0; i < s.length; i += 2) if (s[i] != null) consumer.accept((Prefix) s[i], (V) s[i + 1]);
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> consumer) {
        if (codes != null) {
            for (Object v : values) if (v != null) consumer.accept((V) v);
            return;
        }
        Object[] s = slots;
        for (int i = 1; i < s.length; i += 2) if (s[i] != null) consumer.accept((V) s[i]);
    }

    /** A copy of the values, for visiting while the map changes. */
    @SuppressWarnings("unchecked")
    List<V> valuesSnapshot() {
        List<V> out = new ArrayList<>(size);
        forEachValue(v -> out.add(v));
        return out;
    }
}
