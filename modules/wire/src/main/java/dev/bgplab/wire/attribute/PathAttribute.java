package dev.bgplab.wire.attribute;

/**
 * A BGP path attribute (RFC 4271 section 4.3 and later RFCs). In memory every AS number is
 * 4-octet; AS4_PATH and AS4_AGGREGATOR exist only on the wire towards 2-octet peers and are merged
 * by the codec (RFC 6793), so they never appear here. What the wire says about each type (flags,
 * length rule, RFC 7606 action, how its value is read and written) is its row in
 * {@link dev.bgplab.wire.codec.AttributeType}.
 */
public sealed interface PathAttribute
        permits Origin, AsPath, NextHop, MultiExitDisc, LocalPref, AtomicAggregate, Aggregator,
                Communities, OriginatorId, ClusterList, MpReachNlri, MpUnreachNlri,
                ExtendedCommunities, LargeCommunities, UnknownAttribute {

    int FLAG_OPTIONAL = 0x80;
    int FLAG_TRANSITIVE = 0x40;
    int FLAG_PARTIAL = 0x20;
    int FLAG_EXTENDED_LENGTH = 0x10;

    int ORIGIN = 1;
    int AS_PATH = 2;
    int NEXT_HOP = 3;
    int MULTI_EXIT_DISC = 4;
    int LOCAL_PREF = 5;
    int ATOMIC_AGGREGATE = 6;
    int AGGREGATOR = 7;
    int COMMUNITIES = 8;
    int ORIGINATOR_ID = 9;
    int CLUSTER_LIST = 10;
    int MP_REACH_NLRI = 14;
    int MP_UNREACH_NLRI = 15;
    int EXTENDED_COMMUNITIES = 16;
    int AS4_PATH = 17;
    int AS4_AGGREGATOR = 18;
    int LARGE_COMMUNITY = 32;

    /** The attribute type code. */
    int typeCode();

    /** FRR-like name, for explanations and logs. */
    default String typeName() {
        return dev.bgplab.wire.codec.AttributeType.of(typeCode()).label();
    }
}
