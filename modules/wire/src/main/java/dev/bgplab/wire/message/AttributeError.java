package dev.bgplab.wire.message;

/**
 * A malformed attribute found while decoding an UPDATE, with the action RFC 7606 takes for it.
 * Session-reset errors are not values: they end decoding with a {@code BgpProtocolException}.
 */
public record AttributeError(int typeCode, ErrorAction action, String reason) {
    public enum ErrorAction {
        /** RFC 7606 2: the UPDATE's NLRI are withdrawn as if the peer had withdrawn them. */
        TREAT_AS_WITHDRAW,
        /** RFC 7606 2: the attribute is dropped and the rest of the UPDATE is used. */
        ATTRIBUTE_DISCARD
    }

    @Override public String toString() { return action + " type " + typeCode + ": " + reason; }
}
