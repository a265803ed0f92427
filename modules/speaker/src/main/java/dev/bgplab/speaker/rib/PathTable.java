package dev.bgplab.speaker.rib;

import dev.bgplab.wire.nlri.Prefix;
import java.util.Arrays;

/**
 * A map keyed by (prefix, ADD-PATH path id) without a key object per entry: the common case, one
 * path with id 0 (no ADD-PATH, RFC 7911), stores the value directly under the prefix; several
 * paths for a prefix share one small pair of arrays. Not safe to add or remove while iterating.
 *
 * <p>Owned by the speaker's event loop through its RIB; not thread-safe.
 */
final class PathTable<V> {

    /** Several paths of one prefix: ids and values side by side. */
    private static final class Paths {
        long[] ids;
        Object[] values;

        Paths(long id, Object v) {
            ids = new long[] {id};
            values = new Object[] {v};
        }

        Paths(long id0, Object v0, long id1, Object v1) {
            ids = new long[] {id0, id1};
            values = new Object[] {v0, v1};
        }

        int indexOf(long id) {
            for (int i = 0; i < ids.length; i++) if (ids[i] == id) return i;
            return -1;
        }
    }

    /** Receives every entry of a table. */
    interface EntryConsumer<V> {
        void accept(Prefix prefix, long pathId, V value);
    }

    private final PrefixMap<Object> map = new PrefixMap<>();
    private int size;

    @SuppressWarnings("unchecked")
    V get(Prefix prefix, long pathId) {
        Object o = map.get(prefix);
        if (o == null) return null;
        if (o instanceof Paths p) {
            int i = p.indexOf(pathId);
            return i < 0 ? null : (V) p.values[i];
        }
        return pathId == 0 ? (V) o : null;
    }

    /** Stores the value, returning the one it replaced or null. */
    V put(Prefix prefix, long pathId, V value) { return store(prefix, pathId, value, true); }

    /**
     * Stores the value when the entry is absent and returns null; otherwise stores nothing and
     * returns the value present.
     */
    V putIfAbsent(Prefix prefix, long pathId, V value) { return store(prefix, pathId, value, false); }

    /** One probe for the lookup and the store; returns the value present before (replaced only when {@code replace}). */
    @SuppressWarnings("unchecked")
    private V store(Prefix prefix, long pathId, V value, boolean replace) {
        if (value == null) throw new IllegalArgumentException("null value");
        int slot = map.find(prefix);
        Object o = map.valueAt(slot);
        if (o == null) {
            map.insertAt(slot, prefix, pathId == 0 ? value : new Paths(pathId, value));
            size++;
            return null;
        }
        if (o instanceof Paths p) {
            int i = p.indexOf(pathId);
            if (i >= 0) {
                V old = (V) p.values[i];
                if (replace) p.values[i] = value;
                return old;
            }
            int n = p.ids.length;
            p.ids = Arrays.copyOf(p.ids, n + 1);
            p.values = Arrays.copyOf(p.values, n + 1);
            p.ids[n] = pathId;
            p.values[n] = value;
            size++;
            return null;
        }
        // a single path with id 0 is stored directly
        if (pathId == 0) {
            if (replace) map.setAt(slot, value);
            return (V) o;
        }
        map.setAt(slot, new Paths(0, o, pathId, value));
        size++;
        return null;
    }

    /** Removes the entry, returning its value or null when there was none. */
    @SuppressWarnings("unchecked")
    V remove(Prefix prefix, long pathId) {
        Object o = map.get(prefix);
        if (o == null) return null;
        if (o instanceof Paths p) {
            int i = p.indexOf(pathId);
            if (i < 0) return null;
            V old = (V) p.values[i];
            int n = p.ids.length;
            if (n == 1) {
                map.remove(prefix);
            } else if (n == 2 && p.ids[1 - i] == 0) {
                map.put(prefix, p.values[1 - i]);
            } else {
                long[] ids = new long[n - 1];
                Object[] vs = new Object[n - 1];
                for (int j = 0, k = 0; j < n; j++) {
                    if (j == i) continue;
                    ids[k] = p.ids[j];
                    vs[k++] = p.values[j];
                }
                p.ids = ids;
                p.values = vs;
            }
            size--;
            return old;
        }
        if (pathId != 0) return null;
        map.remove(prefix);
        size--;
        return (V) o;
    }

    @SuppressWarnings("unchecked")
    void forEach(EntryConsumer<? super V> consumer) {
        map.forEach((prefix, o) -> {
            if (o instanceof Paths p) {
                for (int i = 0; i < p.ids.length; i++) consumer.accept(prefix, p.ids[i], (V) p.values[i]);
            } else {
                consumer.accept(prefix, 0, (V) o);
            }
        });
    }

    /** Entries (prefix, path id pairs). */
    int size() { return size; }

    /** Distinct prefixes. */
    int prefixCount() { return map.size(); }

    void clear() {
        map.clear();
        size = 0;
    }
}
