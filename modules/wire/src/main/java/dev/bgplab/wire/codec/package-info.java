/**
 * The BGP wire codec: {@link dev.bgplab.wire.codec.BgpCodec} turns whole messages into the
 * immutable model and back. Stateless; the negotiated session state travels in
 * {@link dev.bgplab.wire.codec.CodecContext}. Every path attribute type is one row of
 * {@link dev.bgplab.wire.codec.AttributeType} (flags, length rule, RFC 7606 action, value decode and
 * encode), which the UPDATE decoder, the encoder and the exact sizes for packing all read.
 *
 * <h2>Errors</h2>
 * Session-ending errors throw {@link dev.bgplab.wire.codec.BgpProtocolException} carrying the
 * NOTIFICATION to send. UPDATE errors that RFC 7606 softens are returned in
 * {@code UpdateMessage.errors()} with the faulty attribute left out:
 * <ul>
 *   <li>session reset: header errors (RFC 4271 6.1); OPEN errors (6.2); withdrawn-routes or total
 *       attribute length overrunning the UPDATE (Malformed Attribute List); body NLRI or withdrawn
 *       routes that cannot be parsed (Invalid Network Field, RFC 7606 5.3); unrecognized well-known
 *       attribute (data = the attribute); repeated MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 7606 3 g,
 *       Malformed Attribute List); malformed or overrunning MP_REACH_NLRI / MP_UNREACH_NLRI
 *       (RFC 7606 7.11, RFC 4760 7: Optional Attribute Error, data = the attribute); a BoRR/EoRR
 *       of the wrong length (RFC 7313 5).</li>
 *   <li>treat-as-withdraw: malformed ORIGIN, AS_PATH, NEXT_HOP (also 0/8 and class D/E), MED,
 *       LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES,
 *       LARGE_COMMUNITY; Optional/Transitive flags in conflict with a known type (RFC 7606 3 c);
 *       missing ORIGIN/AS_PATH with any NLRI and NEXT_HOP with body NLRI (3 d); an attribute
 *       header or length overrunning the attribute section, unless it is an MP attribute (4).</li>
 *   <li>attribute-discard: malformed ATOMIC_AGGREGATE, AGGREGATOR (7.6, 7.7), AS4_PATH,
 *       AS4_AGGREGATOR (RFC 6793 6); repeats of any other attribute (3 g, first one kept).</li>
 * </ul>
 * Left to the session, which knows the peer and its configuration: Bad Peer AS against the
 * configured AS, hold times refused by local policy, an identifier equal to ours from an internal
 * peer (RFC 6286 2.2), Unsupported Capability (RFC 5492), eBGP first-AS and LOCAL_PREF-from-eBGP
 * checks (RFC 7606 7.2, 7.5), families not negotiated, and ignoring ROUTE-REFRESH subtypes
 * other than 0, 1, 2 (RFC 7313 5; they are decoded as-is).
 */
package dev.bgplab.wire.codec;
