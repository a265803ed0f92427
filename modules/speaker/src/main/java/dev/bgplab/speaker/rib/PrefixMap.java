package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from {@link Prefix} to a value, without entry objects: keys and
 * values side by side in one array (a hit reads one cache line, not two) and one byte of each
 * key's hash (its top 8 bits, which the slot index does not use) in a second one, so a probe
 * dereferences a key object that is not the one sought only once in 256. A full table costs
 * about 13 bytes per prefix in the map itself instead of HashMap's 40; the whole int hash would
 * cost 3 bytes more per slot, 8 % of a route's memory, for no fewer dereferences.
 * {@link Prefix#hashCode()} mixes every bit of the address (a record's own hash would pile the
 * zero host bits of /24s into few slots).
 *
 * <p>Linear probing, load at most 3/4, deletion by backward shift (no tombstones). Not safe to
 * add or remove while iterating; replacing the value of a present key is. Callers that look a key
 * up and then store under it use {@link #find} and {@link #setAt}/{@link #insertAt}, one probe
 * instead of two. Owned by the RIB's thread.
 */
final class PrefixMap<V> {

    private static final int MIN_CAPACITY = 16;

    /** Key of slot i at 2i, its value at 2i + 1. */
    private Object[] slots;
    /** The top byte of the hash of the key in slot i. */
    private byte[] tags;
    private int size;

    PrefixMap() {
        slots = new Object[2 * MIN_CAPACITY];
        tags = new byte[MIN_CAPACITY];
    }

    static int hash(Prefix p) { return p.hashCode(); }

    private int capacity() { return tags.length; }

    private static byte tag(int hash) { return (byte) (hash >>> 24); }

    /**
     * The slot holding {@code p}, or the empty slot where it would go: test with {@link #present}.
     * Valid until the next insertion or removal.
     */
    int find(Prefix p) {
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

    boolean present(int slot) { return slots[2 * slot] != null; }

    @SuppressWarnings("unchecked")
    V valueAt(int slot) { return (V) slots[2 * slot + 1]; }

    /** Replaces the value of a present key. */
    void setAt(int slot, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        slots[2 * slot + 1] = value;
    }

    /** Stores a new key in the empty slot {@link #find} returned for it. */
    void insertAt(int slot, Prefix p, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        slots[2 * slot] = p;
        slots[2 * slot + 1] = value;
        tags[slot] = tag(p.hashCode());
        if (++size * 4 > capacity() * 3) resize(capacity() * 2);
    }

    V get(Prefix p) {
        return valueAt(find(p));
    }

    /** The key instance stored for a prefix equal to {@code p}, or null. */
    Prefix key(Prefix p) {
        return (Prefix) slots[2 * find(p)];
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
        Object[] s = slots;
        int mask = capacity() - 1;
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (s[2 * j] == null) break;
            int home = s[2 * j].hashCode() & mask;
            // the entry at j may fill the hole when its home is not cyclically within (hole, j]
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                s[2 * hole] = s[2 * j];
                s[2 * hole + 1] = s[2 * j + 1];
                tags[hole] = tags[j];
                hole = j;
            }
        }
        s[2 * hole] = null;
        s[2 * hole + 1] = null;
        tags[hole] = 0;
        size--;
        return old;
    }

    private void resize(int capacity) {
        Object[] old = slots;
        byte[] oldTags = tags;
        slots = new Object[2 * capacity];
        tags = new byte[capacity];
        int mask = capacity - 1;
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

    int size() { return size; }

    void clear() {
        slots = new Object[2 * MIN_CAPACITY];
        tags = new byte[MIN_CAPACITY];
        size = 0;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Prefix, ? super V> consumer) {
        Object[] s = slots;
        for (int i = 0; i < s.length; i += 2) if (s[i] != null) consumer.accept((Prefix) s[i], (V) s[i + 1]);
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> consumer) {
        Object[] s = slots;
        for (int i = 1; i < s.length; i += 2) if (s[i] != null) consumer.accept((V) s[i]);
    }

    /** A copy of the values, for visiting while the map changes. */
    @SuppressWarnings("unchecked")
    List<V> valuesSnapshot() {
        List<V> out = new ArrayList<>(size);
        Object[] s = slots;
        for (int i = 1; i < s.length; i += 2) if (s[i] != null) out.add((V) s[i]);
        return out;
    }
}
