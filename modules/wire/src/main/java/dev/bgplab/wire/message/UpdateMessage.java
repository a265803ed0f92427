package dev.bgplab.wire.message;

import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.MpUnreachNlri;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.nlri.AddressFamily;
import dev.bgplab.wire.nlri.NlriEntry;
import java.util.List;

/**
 * UPDATE (RFC 4271 4.3). {@code withdrawn} and {@code nlri} are the IPv4 fields of the message
 * body; other families travel in MP_REACH_NLRI / MP_UNREACH_NLRI inside {@code attributes}.
 * {@code errors} lists what RFC 7606 handling found while decoding (never sent).
 */
public record UpdateMessage(List<NlriEntry> withdrawn, PathAttributes attributes, List<NlriEntry> nlri,
                            List<AttributeError> errors) implements BgpMessage {

    public UpdateMessage {
        withdrawn = List.copyOf(withdrawn);
        nlri = List.copyOf(nlri);
        errors = List.copyOf(errors);
        if (attributes == null) attributes = PathAttributes.EMPTY;
    }

    public UpdateMessage(List<NlriEntry> withdrawn, PathAttributes attributes, List<NlriEntry> nlri) {
        this(withdrawn, attributes, nlri, List.of());
    }

    /** End-of-RIB marker for a family (RFC 4724 2). */
    public static UpdateMessage endOfRib(AddressFamily family) {
        if (family == AddressFamily.IPV4_UNICAST) return new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of());
        return new UpdateMessage(List.of(),
                PathAttributes.of(new MpUnreachNlri(family.afi(), family.safi(), List.of())), List.of());
    }

    @Override public int type() { return TYPE_UPDATE; }

    /** The family whose End-of-RIB this is, or null when it is not an End-of-RIB marker. */
    public AddressFamily endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty()) return null;
        if (attributes.size() == 0) return AddressFamily.IPV4_UNICAST;
        MpUnreachNlri u = attributes.mpUnreach();
        if (attributes.size() == 1 && u != null && u.withdrawn().isEmpty()) return AddressFamily.of(u.afi(), u.safi());
        return null;
    }

    /** RFC 7606: true when any attribute error asks for the NLRI to be treated as withdrawn. */
    public boolean treatAsWithdraw() {
        return errors.stream().anyMatch(e -> e.action() == AttributeError.ErrorAction.TREAT_AS_WITHDRAW);
    }

    /** Every announced NLRI of a family: body NLRI for IPv4 plus MP_REACH_NLRI of that family. */
    public List<NlriEntry> announced(AddressFamily family) {
        MpReachNlri r = attributes.mpReach();
        List<NlriEntry> mp = r != null && AddressFamily.of(r.afi(), r.safi()) == family ? r.nlri() : List.of();
        if (family == AddressFamily.IPV4_UNICAST && !nlri.isEmpty()) {
            if (mp.isEmpty()) return nlri;
            return java.util.stream.Stream.concat(nlri.stream(), mp.stream()).toList();
        }
        return mp;
    }

    /** Every withdrawn NLRI of a family: body withdrawals for IPv4 plus MP_UNREACH_NLRI of that family. */
    public List<NlriEntry> withdrawn(AddressFamily family) {
        MpUnreachNlri u = attributes.mpUnreach();
        List<NlriEntry> mp = u != null && AddressFamily.of(u.afi(), u.safi()) == family ? u.withdrawn() : List.of();
        if (family == AddressFamily.IPV4_UNICAST && !withdrawn.isEmpty()) {
            if (mp.isEmpty()) return withdrawn;
            return java.util.stream.Stream.concat(withdrawn.stream(), mp.stream()).toList();
        }
        return mp;
    }
}
