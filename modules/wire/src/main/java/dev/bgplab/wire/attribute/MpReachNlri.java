package dev.bgplab.wire.attribute;

import dev.bgplab.wire.nlri.NlriEntry;
import java.util.List;

/**
 * MP_REACH_NLRI (RFC 4760 3). Kept with its raw AFI/SAFI so a family this speaker does not carry
 * can still be recognised (and ignored) instead of misread. For IPv6 the next hop is the global
 * address and, when 32 octets were sent, the link-local one (RFC 2545 3).
 */
public record MpReachNlri(int afi, int safi, NextHop nextHop, List<NlriEntry> nlri) implements PathAttribute {
    public MpReachNlri { nlri = List.copyOf(nlri); }
    @Override public int typeCode() { return MP_REACH_NLRI; }
}
