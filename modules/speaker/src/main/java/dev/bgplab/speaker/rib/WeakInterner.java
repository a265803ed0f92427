package dev.bgplab.speaker.rib;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A set of canonical instances held weakly: {@link #find} gives the instance equal to a value, if
 * one is held, and {@link #add} holds a new one until the garbage collector finds nothing else
 * refers to it. What a {@code WeakHashMap<T, WeakReference<T>>} does with one object per entry
 * instead of two (the entry is the weak reference) and one chain walk per lookup: an interner
 * holds an entry per distinct attribute set, a tenth of a full table's routes.
 *
 * <p>Not thread-safe; owned by the RIB's thread like the {@link AttributeInterner} that holds it.
 */
final class WeakInterner<T> {

    /** A held instance: a weak reference to it, its hash and the next entry of the chain. */
    private static final class Entry<T> extends WeakReference<T> {
        final int hash;
        Entry<T> next;

        Entry(T referent, int hash, Entry<T> next, ReferenceQueue<? super T> queue) {
            super(referent, queue);
            this.hash = hash;
            this.next = next;
        }
    }

    private final ReferenceQueue<T> cleared = new ReferenceQueue<>();
    private Entry<T>[] table = newTable(16);
    private int size;

    @SuppressWarnings("unchecked")
    private static <T> Entry<T>[] newTable(int n) { return (Entry<T>[]) new Entry<?>[n]; }

    /** Spreads the high bits of a hash into the low ones the index uses. */
    private static int spread(int h) { return h ^ h >>> 16; }

    /** The held instance equal to {@code value}, or null. */
    T find(T value) {
        expunge();
        int h = spread(value.hashCode());
        for (Entry<T> e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash != h) continue;
            T held = e.get();
            if (held != null && (held == value || held.equals(value))) return held;
        }
        return null;
    }

    /** Holds {@code value}, which {@link #find} has just not found. */
    void add(T value) {
        int h = spread(value.hashCode());
        int i = h & (table.length - 1);
        table[i] = new Entry<>(value, h, table[i], cleared);
        if (++size > table.length - (table.length >>> 2)) resize();
    }

    /** Instances held (entries the collector has cleared are dropped first). */
    int size() {
        expunge();
        return size;
    }

    /** Unlinks the entries whose instance the collector has cleared. */
    private void expunge() {
        for (Reference<? extends T> r; (r = cleared.poll()) != null; ) {
            @SuppressWarnings("unchecked")
            Entry<T> gone = (Entry<T>) r;
            int i = gone.hash & (table.length - 1);
            for (Entry<T> prev = null, e = table[i]; e != null; prev = e, e = e.next) {
                if (e != gone) continue;
                if (prev == null) table[i] = e.next;
                else prev.next = e.next;
                size--;
                break;
            }
        }
    }

    private void resize() {
        Entry<T>[] old = table;
        Entry<T>[] grown = newTable(old.length * 2);
        int mask = grown.length - 1;
        for (Entry<T> head : old) {
            for (Entry<T> e = head, next; e != null; e = next) {
                next = e.next;
                if (e.refersTo(null)) {
                    size--; // cleared: dropped here, and not found when its reference comes off the queue
                    continue;
                }
                int i = e.hash & mask;
                e.next = grown[i];
                grown[i] = e;
            }
        }
        table = grown;
    }
}
