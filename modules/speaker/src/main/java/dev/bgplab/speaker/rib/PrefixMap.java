package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from {@link Prefix} to a value: two arrays and no entry objects, so
 * a full table costs about 16 bytes per prefix in the map itself (key, value and the key's hash) instead of HashMap's 40. It also
 * mixes the prefix bits itself: the record's own hash keeps the zero host bits of IPv4 /24s in its
 * low bits, which piles a full table into few HashMap buckets.
 *
 * <p>Linear probing, load at most 3/4, deletion by backward shift (no tombstones). Not safe to
 * add or remove while iterating; replacing the value of a present key is. Owned by the RIB's thread.
 */
final class PrefixMap<V> {

    private static final int MIN_CAPACITY = 16;

    private Prefix[] keys;
    /** Each key's {@link #hash}: a probe compares these ints and dereferences a key only on a match. */
    private int[] hashes;
    private Object[] values;
    private int size;

    PrefixMap() {
        keys = new Prefix[MIN_CAPACITY];
        hashes = new int[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
    }

    static int hash(Prefix p) {
        long h = p.hi() * 0x9E37_79B9_7F4A_7C15L;
        h ^= p.lo() * 0xC2B2_AE3D_27D4_EB4FL;
        h ^= (p.length() + 1L + ((long) p.family().ordinal() << 8)) * 0x1656_67B1_9E37_79F9L;
        h ^= h >>> 29;
        h *= 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 32;
        return (int) h;
    }

    private int slot(Prefix p) {
        return slot(p, hash(p));
    }

    /** Most probes of a full table would miss the cache on the key object: compare the stored hash first. */
    private int slot(Prefix p, int h) {
        int mask = keys.length - 1;
        int i = h & mask;
        while (true) {
            Prefix k = keys[i];
            if (k == null || k == p || (hashes[i] == h && k.equals(p))) return i;
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    V get(Prefix p) {
        return (V) values[slot(p)];
    }

    /** The key instance stored for a prefix equal to {@code p}, or null. */
    Prefix key(Prefix p) {
        return keys[slot(p)];
    }

    /** Stores the value; returns the one it replaced or null. */
    @SuppressWarnings("unchecked")
    V put(Prefix p, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        int h = hash(p);
        int i = slot(p, h);
        if (keys[i] != null) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        keys[i] = p;
        hashes[i] = h;
        values[i] = value;
        if (++size * 4 > keys.length * 3) resize(keys.length * 2);
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(Prefix p) {
        int i = slot(p);
        if (keys[i] == null) return null;
        V old = (V) values[i];
        int mask = keys.length - 1;
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Prefix k = keys[j];
            if (k == null) break;
            int home = hashes[j] & mask;
            // k may fill the hole when its home is not cyclically within (hole, j]
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = k;
                hashes[hole] = hashes[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = null;
        hashes[hole] = 0;
        values[hole] = null;
        size--;
        return old;
    }

    private void resize(int capacity) {
        Prefix[] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        keys = new Prefix[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            Prefix k = oldKeys[i];
            if (k == null) continue;
            int j = oldHashes[i] & mask;
            while (keys[j] != null) j = (j + 1) & mask;
            keys[j] = k;
            hashes[j] = oldHashes[i];
            values[j] = oldValues[i];
        }
    }

    int size() { return size; }

    void clear() {
        keys = new Prefix[MIN_CAPACITY];
        hashes = new int[MIN_CAPACITY];
        values = new Object[MIN_CAPACITY];
        size = 0;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Prefix, ? super V> consumer) {
        Prefix[] ks = keys;
        Object[] vs = values;
        for (int i = 0; i < ks.length; i++) if (ks[i] != null) consumer.accept(ks[i], (V) vs[i]);
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> consumer) {
        Object[] vs = values;
        for (Object v : vs) if (v != null) consumer.accept((V) v);
    }

    /** A copy of the values, for visiting while the map changes. */
    @SuppressWarnings("unchecked")
    List<V> valuesSnapshot() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) if (v != null) out.add((V) v);
        return out;
    }
}
