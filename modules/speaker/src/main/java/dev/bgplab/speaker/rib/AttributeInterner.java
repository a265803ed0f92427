package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Makes equal attribute sets (and AS paths) one object, so a million routes share a few thousand
 * sets and the decision process and update grouping can compare them by reference first.
 *
 * <p>Owned by the speaker's event loop, like the rest of the RIB; not thread-safe, no locks.
 *
 * <p>Entries are weak, not reference-counted: a set stays interned while any route holds it and
 * the garbage collector drops it once the last route that used it is withdrawn. That costs no
 * bookkeeping on the withdraw path (reference counts would need a release call on every route
 * replacement, and one missed release leaks), at the price of a {@link WeakHashMap} entry per
 * distinct set.
 */
public final class AttributeInterner {

    private final WeakHashMap<PathAttributes, WeakReference<PathAttributes>> sets = new WeakHashMap<>();
    private final WeakHashMap<AsPath, WeakReference<AsPath>> asPaths = new WeakHashMap<>();

    /** The one shared instance equal to {@code attrs}; its AS_PATH is the shared instance too. */
    public PathAttributes intern(PathAttributes attrs) {
        if (attrs == null) return null;
        WeakReference<PathAttributes> ref = sets.get(attrs);
        PathAttributes known = ref == null ? null : ref.get();
        if (known != null) return known;
        PathAttributes canonical = attrs;
        PathAttribute path = attrs.get(PathAttribute.AS_PATH);
        if (path instanceof AsPath p) {
            AsPath shared = intern(p);
            if (shared != p) canonical = attrs.with(shared);
        }
        sets.put(canonical, new WeakReference<>(canonical));
        return canonical;
    }

    /** The one shared instance equal to {@code path}. */
    public AsPath intern(AsPath path) {
        if (path == null) return null;
        WeakReference<AsPath> ref = asPaths.get(path);
        AsPath known = ref == null ? null : ref.get();
        if (known != null) return known;
        asPaths.put(path, new WeakReference<>(path));
        return path;
    }

    /** Distinct attribute sets still alive (approximate until the collector has run). */
    public int attributeSetCount() { return sets.size(); }

    /** Distinct AS paths still alive (approximate until the collector has run). */
    public int asPathCount() { return asPaths.size(); }
}
