package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.NlriEntry;
import dev.bgplab.wire.nlri.Prefix;

/**
 * One change to what a peer is told (RFC 4271 9.2): announce a prefix with the attributes export
 * policy produced, or withdraw it. {@code pathId} is the ADD-PATH identifier we send (RFC 7911),
 * 0 without ADD-PATH. Immutable: made on the speaker's event loop, safe to hand to any thread.
 */
public sealed interface AdjRibOutChange {

    Prefix prefix();
    long pathId();

    default NlriEntry nlri() { return new NlriEntry(prefix(), pathId()); }

    /** Announce {@code prefix} with {@code attributes}; for every family the next hop is the NEXT_HOP attribute. */
    record Announce(Prefix prefix, long pathId, PathAttributes attributes) implements AdjRibOutChange {
        public Announce {
            if (attributes == null) throw new IllegalArgumentException("announcement of " + prefix + " without attributes");
        }
    }

    record Withdraw(Prefix prefix, long pathId) implements AdjRibOutChange {}

    static Announce announce(Prefix prefix, PathAttributes attributes) { return new Announce(prefix, 0, attributes); }

    static Withdraw withdraw(Prefix prefix) { return new Withdraw(prefix, 0); }
}
