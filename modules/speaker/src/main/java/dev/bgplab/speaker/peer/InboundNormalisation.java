package dev.bgplab.speaker.peer;

import dev.bgplab.wire.attribute.Aggregator;
import dev.bgplab.wire.attribute.AsPath;
import dev.bgplab.wire.attribute.AsPathSegment;
import dev.bgplab.wire.attribute.MpReachNlri;
import dev.bgplab.wire.attribute.NextHop;
import dev.bgplab.wire.attribute.PathAttribute;
import dev.bgplab.wire.attribute.PathAttributes;
import dev.bgplab.wire.message.AttributeError;
import dev.bgplab.wire.message.AttributeError.ErrorAction;
import dev.bgplab.wire.message.UpdateMessage;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbound step between decoding and import policy: the attribute rules that depend on who sent
 * the UPDATE, which the wire decoder cannot apply because it does not know the peer. Each rule is
 * one block below with its RFC section; the outcome is the attributes a route is stored with (or
 * treat-as-withdraw) and every RFC 7606 action taken, the decoder's included, for the log, the
 * metrics and explain.
 *
 * <ul>
 * <li>RFC 4271 5.1.5, RFC 7606 7.5: LOCAL_PREF from an external peer is ignored (attribute-discard,
 *     whatever its length);</li>
 * <li>RFC 4456 / RFC 7606 7.9, 7.10: ORIGINATOR_ID and CLUSTER_LIST from an external peer are
 *     discarded, whatever their length;</li>
 * <li>RFC 7607 2: AS 0 in AS_PATH is treat-as-withdraw; in AGGREGATOR, attribute-discard;</li>
 * <li>RFC 5065 5, RFC 7606 7.2: AS_CONFED_SEQUENCE / AS_CONFED_SET from an external peer (this
 *     speaker is in no confederation) is a malformed AS_PATH: treat-as-withdraw;</li>
 * <li>RFC 4271 6.3: a NEXT_HOP (or MP_REACH_NLRI next hop) that is our own address on the session is
 *     semantically incorrect and the route ignored: treat-as-withdraw (RFC 7606 2).</li>
 * </ul>
 * Pure: no state, safe from any thread.
 */
public final class InboundNormalisation {

    private InboundNormalisation() {}

    /** Who sent the UPDATE, as far as the rules here ask: an external peer, and our address on its session. */
    public record Sender(boolean external, InetAddress sessionLocalAddress) {}

    /**
     * The UPDATE's attributes as the RIB may store them (the discarded ones left out) and every
     * RFC 7606 action taken on it, the decoder's and this step's.
     */
    public record Normalised(PathAttributes attributes, List<AttributeError> errors) {
        public Normalised {
            errors = List.copyOf(errors);
        }

        /** RFC 7606 2: the UPDATE's NLRI are handled as if withdrawn. */
        public boolean treatAsWithdraw() {
            for (AttributeError e : errors) if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) return true;
            return false;
        }

        public List<AttributeError> discards() {
            return errors.stream().filter(e -> e.action() == ErrorAction.ATTRIBUTE_DISCARD).toList();
        }
    }

    public static Normalised apply(UpdateMessage update, Sender from) {
        PathAttributes a = update.attributes();
        List<AttributeError> errors = new ArrayList<>(update.errors().size() + 2);

        // RFC 7606 7.5, 7.9, 7.10: from an external peer LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST are
        // discarded, so a malformed one is no reason to withdraw: the decoder's verdict is downgraded.
        for (AttributeError e : update.errors()) {
            if (from.external() && e.action() == ErrorAction.TREAT_AS_WITHDRAW && ignoredFromExternal(e.typeCode())) {
                errors.add(new AttributeError(e.typeCode(), ErrorAction.ATTRIBUTE_DISCARD, e.reason() + " from an external peer" + section(e.typeCode())));
            } else {
                errors.add(e);
            }
        }
        if (from.external()) {
            // RFC 4271 5.1.5: a LOCAL_PREF from an external peer is ignored (RFC 7606 7.5: attribute-discard).
            if (a.has(PathAttribute.LOCAL_PREF)) {
                a = a.without(PathAttribute.LOCAL_PREF);
                errors.add(new AttributeError(PathAttribute.LOCAL_PREF, ErrorAction.ATTRIBUTE_DISCARD,
                        "LOCAL_PREF from an external peer (RFC 4271 5.1.5, RFC 7606 7.5)"));
            }
            // RFC 7606 7.9: ORIGINATOR_ID from an external peer: attribute-discard.
            if (a.has(PathAttribute.ORIGINATOR_ID)) {
                a = a.without(PathAttribute.ORIGINATOR_ID);
                errors.add(new AttributeError(PathAttribute.ORIGINATOR_ID, ErrorAction.ATTRIBUTE_DISCARD,
                        "ORIGINATOR_ID from an external peer (RFC 7606 7.9)"));
            }
            // RFC 7606 7.10: CLUSTER_LIST from an external peer: attribute-discard.
            if (a.has(PathAttribute.CLUSTER_LIST)) {
                a = a.without(PathAttribute.CLUSTER_LIST);
                errors.add(new AttributeError(PathAttribute.CLUSTER_LIST, ErrorAction.ATTRIBUTE_DISCARD,
                        "CLUSTER_LIST from an external peer (RFC 7606 7.10)"));
            }
        }

        AsPath path = (AsPath) a.get(PathAttribute.AS_PATH);
        if (path != null) {
            // RFC 7607 2: AS 0 in AS_PATH makes the UPDATE malformed: treat-as-withdraw (RFC 7606).
            if (path.contains(0)) {
                errors.add(new AttributeError(PathAttribute.AS_PATH, ErrorAction.TREAT_AS_WITHDRAW, "AS_PATH holds AS 0 (RFC 7607 2)"));
            }
            // RFC 5065 5: confederation segments from a peer outside our confederation (we are in none):
            // a malformed AS_PATH, treat-as-withdraw (RFC 7606 7.2).
            if (from.external() && hasConfedSegment(path)) {
                errors.add(new AttributeError(PathAttribute.AS_PATH, ErrorAction.TREAT_AS_WITHDRAW,
                        "AS_CONFED_SEQUENCE/AS_CONFED_SET from an external peer outside any confederation (RFC 5065 5, RFC 7606 7.2)"));
            }
        }
        // RFC 7607 2: AS 0 in AGGREGATOR: attribute-discard.
        if (a.get(PathAttribute.AGGREGATOR) instanceof Aggregator agg && agg.asn() == 0) {
            a = a.without(PathAttribute.AGGREGATOR);
            errors.add(new AttributeError(PathAttribute.AGGREGATOR, ErrorAction.ATTRIBUTE_DISCARD, "AGGREGATOR holds AS 0 (RFC 7607 2)"));
        }

        // RFC 4271 6.3: a next hop that is our own address on this session is semantically incorrect:
        // the route is ignored, which RFC 7606 2 calls treat-as-withdraw.
        InetAddress self = from.sessionLocalAddress();
        if (self != null) {
            NextHop nh = a.nextHop();
            MpReachNlri mp = a.mpReach();
            if (nh != null && self.equals(nh.address())) {
                errors.add(new AttributeError(PathAttribute.NEXT_HOP, ErrorAction.TREAT_AS_WITHDRAW,
                        "NEXT_HOP " + nh.address().getHostAddress() + " is our own address (RFC 4271 6.3)"));
            } else if (mp != null && mp.nextHop() != null && self.equals(mp.nextHop().address())) {
                errors.add(new AttributeError(PathAttribute.MP_REACH_NLRI, ErrorAction.TREAT_AS_WITHDRAW,
                        "MP_REACH_NLRI next hop " + self.getHostAddress() + " is our own address (RFC 4271 6.3)"));
            }
        }
        return new Normalised(a, errors);
    }

    private static boolean ignoredFromExternal(int type) {
        return type == PathAttribute.LOCAL_PREF || type == PathAttribute.ORIGINATOR_ID || type == PathAttribute.CLUSTER_LIST;
    }

    private static String section(int type) {
        return switch (type) {
            case PathAttribute.LOCAL_PREF -> " (RFC 7606 7.5)";
            case PathAttribute.ORIGINATOR_ID -> " (RFC 7606 7.9)";
            default -> " (RFC 7606 7.10)";
        };
    }

    private static boolean hasConfedSegment(AsPath path) {
        for (AsPathSegment s : path.segments()) if (s.type().isConfed()) return true;
        return false;
    }
}
