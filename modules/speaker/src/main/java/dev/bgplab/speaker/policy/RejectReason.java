package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.Community;

/** Why policy dropped a route; {@link Explain} turns each into a sentence. */
public sealed interface RejectReason {

    /** AS_PATH holds our ASN (or the local-as) more often than allowas-in tolerates (RFC 4271 9.1.2). */
    record Loop(long asn, int count, int allowed, boolean localAs) implements RejectReason {}

    /** A route-map denied: by entry {@code seq}, by its implicit deny (seq -1), or because it does not exist. */
    record RouteMapDeny(String map, int seq, boolean missing) implements RejectReason {}

    /** A neighbor prefix-list denied (seq -1: implicit deny or missing list). */
    record PrefixListDeny(String list, int seq, boolean missing) implements RejectReason {}

    /** A neighbor filter-list (AS-path access list) denied. */
    record FilterListDeny(String list, int seq, boolean missing) implements RejectReason {}

    /** RFC 8212: an eBGP session with no policy in that direction exchanges nothing. */
    record Rfc8212NoPolicy(Direction direction) implements RejectReason {}

    /** enforce-first-as: the first AS of an eBGP route is not the peer's ({@code got} -1 when the path is empty or starts with a set). */
    record EnforceFirstAs(long expected, long got) implements RejectReason {}

    /** Over maximum-prefix; the session is torn down by its owner. */
    record MaxPrefix(long limit, long count) implements RejectReason {}

    /** A well-known community forbids the advertisement (NO_ADVERTISE, NO_EXPORT, NO_EXPORT_SUBCONFED). */
    record WellKnownCommunity(Community community) implements RejectReason {}

    /** With {@code neighbor X solo} a route is not sent back to the peer it came from (FRR sends it back otherwise). */
    record SenderIsTarget() implements RejectReason {}

    /** With {@code sender-as-path-loop-detection} a route whose path holds the target peer's AS is not sent to it. */
    record SenderAsPathLoop(long peerAsn) implements RejectReason {}

    /** A route learned over iBGP is not sent to another iBGP peer (RFC 4271 9.2; no route reflection here). */
    record IbgpToIbgp() implements RejectReason {}

    /** With default-originate the peer gets our generated default instead of the table's 0.0.0.0/0. */
    record DefaultOriginateReplacesTableDefault() implements RejectReason {}
}
