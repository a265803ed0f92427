package dev.bgplab.speaker.rib;

import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.codec.BgpCodec;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.UpdateMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a batch of Adj-RIB-Out changes for one peer and family into as few UPDATEs as fit
 * (RFC 4271 9.2): withdrawals first, then announcements grouped by identical attribute set, each
 * message filled up to the negotiated maximum (4096 octets, 65535 with RFC 8654 extended
 * messages) by the exact sizes the wire module's encoder writes ({@link BgpCodec#attributesLength},
 * {@link BgpCodec#nlriLength}); an MP_REACH/MP_UNREACH that is cut is always past 255 octets, so
 * its header is counted as the extended one.
 * <ul>
 *   <li>IPv4 unicast: NLRI and withdrawals in the message body, next hop as NEXT_HOP.</li>
 *   <li>IPv6 unicast: NLRI in MP_REACH_NLRI with the next hop inside it and no NEXT_HOP
 *       attribute (RFC 4760 3, RFC 2545); withdrawals in MP_UNREACH_NLRI (RFC 4760 4).</li>
 *   <li>ADD-PATH (RFC 7911): path ids are written when the session sends them for the family.</li>
 * </ul>
 * Within a batch the last change for a (prefix, path id) wins; without ADD-PATH path ids are
 * dropped and the last change for a prefix wins. Stateless apart from the session
 * context; any thread, though it normally runs on the speaker's event loop.
 */
public final class UpdatePacker {

    private final CodecContext context;

    public UpdatePacker(CodecContext context) {
        this.context = context;
    }

    public CodecContext context() { return context; }

    /** End-of-RIB for a family (RFC 4724 2), sent once the initial table has been advertised. */
    public static UpdateMessage endOfRib(AddressFamily family) { return UpdateMessage.endOfRib(family); }

    public List<UpdateMessage> pack(AddressFamily family, List<? extends AdjRibOutChange> changes) {
        boolean addPath = context.sendsPathId(family);
        LinkedHashMap<NlriEntry, AdjRibOutChange> last = new LinkedHashMap<>();
        for (AdjRibOutChange c : changes) {
            if (c.prefix().family() != family) {
                throw new IllegalArgumentException(c.prefix() + " in a batch for " + family.label());
            }
            // without ADD-PATH the peer knows one path per prefix: path ids are dropped, the last change wins
            last.put(addPath ? c.nlri() : NlriEntry.of(c.prefix()), c);
        }
        List<NlriEntry> withdrawn = new ArrayList<>();
        LinkedHashMap<PathAttributes, List<NlriEntry>> groups = new LinkedHashMap<>();
        for (Map.Entry<NlriEntry, AdjRibOutChange> e : last.entrySet()) {
            switch (e.getValue()) {
                case AdjRibOutChange.Withdraw w -> withdrawn.add(e.getKey());
                case AdjRibOutChange.Announce a -> groups.computeIfAbsent(a.attributes(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        return build(family, addPath, withdrawn, groups);
    }

    /**
     * {@link #pack} for changes known to name each (prefix, path id) once, as an Adj-RIB-Out hands
     * them over: no map to find the last change per prefix.
     */
    public List<UpdateMessage> packUnique(AddressFamily family, List<? extends AdjRibOutChange> changes) {
        boolean addPath = context.sendsPathId(family);
        List<NlriEntry> withdrawn = new ArrayList<>();
        LinkedHashMap<PathAttributes, List<NlriEntry>> groups = new LinkedHashMap<>();
        PathAttributes lastAttrs = null;
        List<NlriEntry> lastGroup = null;
        for (AdjRibOutChange c : changes) {
            if (c.prefix().family() != family) {
                throw new IllegalArgumentException(c.prefix() + " in a batch for " + family.label());
            }
            NlriEntry e = addPath ? c.nlri() : NlriEntry.of(c.prefix());
            switch (c) {
                case AdjRibOutChange.Withdraw w -> withdrawn.add(e);
                case AdjRibOutChange.Announce a -> {
                    // runs of one interned set (a feeder's UPDATE) skip the map
                    if (a.attributes() != lastAttrs) {
                        lastAttrs = a.attributes();
                        lastGroup = groups.computeIfAbsent(lastAttrs, k -> new ArrayList<>());
                    }
                    lastGroup.add(e);
                }
            }
        }
        return build(family, addPath, withdrawn, groups);
    }

    private List<UpdateMessage> build(AddressFamily family, boolean addPath, List<NlriEntry> withdrawn,
                                      LinkedHashMap<PathAttributes, List<NlriEntry>> groups) {
        List<UpdateMessage> out = new ArrayList<>();
        int max = context.maxMessageLength();
        if (!withdrawn.isEmpty()) {
            if (family == AddressFamily.IPV4_UNICAST) {
                chunk(withdrawn, addPath, max - BgpCodec.UPDATE_OVERHEAD, () -> "withdrawals",
                        c -> new UpdateMessage(c, PathAttributes.EMPTY, List.of()), out);
            } else {
                int budget = max - BgpCodec.UPDATE_OVERHEAD - BgpCodec.attributeHeaderLength(256) - BgpCodec.MP_UNREACH_FIXED;
                chunk(withdrawn, addPath, budget, () -> "withdrawals", c -> new UpdateMessage(List.of(),
                        PathAttributes.of(new MpUnreachNlri(family.afi(), family.safi(), c)), List.of()), out);
            }
        }
        for (Map.Entry<PathAttributes, List<NlriEntry>> g : groups.entrySet()) {
            PathAttributes attrs = g.getKey().without(PathAttribute.MP_REACH_NLRI).without(PathAttribute.MP_UNREACH_NLRI);
            NextHop nh = attrs.nextHop();
            if (nh == null) {
                throw new IllegalArgumentException("announcement of " + g.getValue().get(0) + " has no next hop; "
                        + "export must set NEXT_HOP (RFC 4271 5.1.3)");
            }
            if (family == AddressFamily.IPV4_UNICAST) {
                int budget = max - BgpCodec.UPDATE_OVERHEAD - BgpCodec.attributesLength(attrs, context);
                chunk(g.getValue(), addPath, budget, () -> "attributes " + attrs, c -> new UpdateMessage(List.of(), attrs, c), out);
            } else {
                PathAttributes base = attrs.without(PathAttribute.NEXT_HOP);
                int budget = max - BgpCodec.UPDATE_OVERHEAD - BgpCodec.attributesLength(base, context)
                        - BgpCodec.attributeHeaderLength(256) - BgpCodec.MP_REACH_FIXED - BgpCodec.mpNextHopLength(nh, family);
                chunk(g.getValue(), addPath, budget, () -> "attributes " + attrs, c -> new UpdateMessage(List.of(),
                        base.with(new MpReachNlri(family.afi(), family.safi(), nh, c)), List.of()), out);
            }
        }
        return out;
    }

    /**
     * Cuts {@code entries} into runs whose encoded NLRI fit {@code budget} octets, one message each.
     * {@code what} is built only for the error: an eager {@code "attributes " + attrs} ran
     * {@code PathAttributes.toString} for every group of every peer (20 % of a full table's allocation).
     */
    private static void chunk(List<NlriEntry> entries, boolean addPath, int budget, Supplier<String> what,
                              Function<List<NlriEntry>, UpdateMessage> build, List<UpdateMessage> out) {
        List<NlriEntry> current = new ArrayList<>();
        int used = 0;
        for (NlriEntry e : entries) {
            int n = BgpCodec.nlriLength(e.prefix(), addPath);
            if (n > budget) {
                throw new IllegalArgumentException("UPDATE for " + e + " with " + what.get() + " does not fit the "
                        + "maximum message size; shorten the attributes (RFC 4271 9.2)");
            }
            if (used + n > budget) {
                out.add(build.apply(current));
                current = new ArrayList<>();
                used = 0;
            }
            current.add(e);
            used += n;
        }
        if (!current.isEmpty()) out.add(build.apply(current));
    }
}
