package dev.bgplab.wire.attribute;

import dev.bgplab.wire.nlri.NlriEntry;
import java.util.List;

/** MP_UNREACH_NLRI (RFC 4760 4). An empty list for a family is its End-of-RIB marker (RFC 4724 2). */
public record MpUnreachNlri(int afi, int safi, List<NlriEntry> withdrawn) implements PathAttribute {
    public MpUnreachNlri { withdrawn = List.copyOf(withdrawn); }
    @Override public int typeCode() { return MP_UNREACH_NLRI; }
}
