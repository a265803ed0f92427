package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;

/**
 * Makes equal attribute sets (and AS paths) one object, so a million routes share a few thousand
 * sets and the decision process and update grouping can compare them by reference first.
 *
 * <p>Owned by the speaker's event loop, like the rest of the RIB; not thread-safe, no locks.
 *
 * <p>Entries are weak, not reference-counted: a set stays interned while any route holds it and
 * the garbage collector drops it once the last route that used it is withdrawn. That costs no
 * bookkeeping on the withdraw path (reference counts would need a release call on every route
 * replacement, and one missed release leaks), at the price of a weak reference per distinct set
 * ({@link WeakInterner}).
 */
public final class AttributeInterner {

    private final WeakInterner<PathAttributes> sets = new WeakInterner<>();
    private final WeakInterner<AsPath> asPaths = new WeakInterner<>();

    /** The one shared instance equal to {@code attrs}; its AS_PATH is the shared instance too. */
    public PathAttributes intern(PathAttributes attrs) {
        if (attrs == null) return null;
        PathAttributes known = sets.find(attrs);
        if (known != null) return known;
        PathAttributes canonical = attrs;
        PathAttribute path = attrs.get(PathAttribute.AS_PATH);
        if (path instanceof AsPath p) {
            AsPath shared = intern(p);
            if (shared != p) canonical = attrs.with(shared);
        }
        sets.add(canonical);
        return canonical;
    }

    /** The one shared instance equal to {@code path}. */
    public AsPath intern(AsPath path) {
        if (path == null) return null;
        AsPath known = asPaths.find(path);
        if (known != null) return known;
        asPaths.add(path);
        return path;
    }

    /** Distinct attribute sets still alive (approximate until the collector has run). */
    public int attributeSetCount() { return sets.size(); }

    /** Distinct AS paths still alive (approximate until the collector has run). */
    public int asPathCount() { return asPaths.size(); }
}
