package dev.bgplab.wire.message;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * NOTIFICATION (RFC 4271 4.5) with the error codes and subcodes of RFC 4271 6, RFC 4486 (Cease
 * subcodes), RFC 7313 (route refresh message error) and RFC 9003 (shutdown communication).
 */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {

    public static final int MESSAGE_HEADER_ERROR = 1;
    public static final int OPEN_MESSAGE_ERROR = 2;
    public static final int UPDATE_MESSAGE_ERROR = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7;

    // Message header error subcodes (RFC 4271 6.1)
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;
    // OPEN message error subcodes (RFC 4271 6.2, RFC 5492)
    public static final int UNSUPPORTED_VERSION_NUMBER = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;
    // UPDATE message error subcodes (RFC 4271 6.3)
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
    public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;
    // Cease subcodes (RFC 4486)
    public static final int MAXIMUM_PREFIXES_REACHED = 1;
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMINISTRATIVE_RESET = 4;
    public static final int CONNECTION_REJECTED = 5;
    public static final int OTHER_CONFIGURATION_CHANGE = 6;
    public static final int CONNECTION_COLLISION_RESOLUTION = 7;
    public static final int OUT_OF_RESOURCES = 8;
    public static final int HARD_RESET = 9;
    // Route refresh message error subcodes (RFC 7313 5)
    public static final int INVALID_MESSAGE_LENGTH = 1;

    public NotificationMessage {
        data = data == null ? new byte[0] : data.clone();
    }

    public static NotificationMessage of(int code, int subcode) { return new NotificationMessage(code, subcode, new byte[0]); }

    @Override public byte[] data() { return data.clone(); }
    @Override public int type() { return TYPE_NOTIFICATION; }

    public static String codeName(int code) {
        return switch (code) {
            case MESSAGE_HEADER_ERROR -> "Message Header Error";
            case OPEN_MESSAGE_ERROR -> "OPEN Message Error";
            case UPDATE_MESSAGE_ERROR -> "UPDATE Message Error";
            case HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case FSM_ERROR -> "Finite State Machine Error";
            case CEASE -> "Cease";
            case ROUTE_REFRESH_MESSAGE_ERROR -> "ROUTE-REFRESH Message Error";
            default -> "Unknown error code " + code;
        };
    }

    public static String subcodeName(int code, int subcode) {
        String s = switch (code) {
            case MESSAGE_HEADER_ERROR -> switch (subcode) {
                case 1 -> "Connection Not Synchronized";
                case 2 -> "Bad Message Length";
                case 3 -> "Bad Message Type";
                default -> null;
            };
            case OPEN_MESSAGE_ERROR -> switch (subcode) {
                case 1 -> "Unsupported Version Number";
                case 2 -> "Bad Peer AS";
                case 3 -> "Bad BGP Identifier";
                case 4 -> "Unsupported Optional Parameter";
                case 6 -> "Unacceptable Hold Time";
                case 7 -> "Unsupported Capability";
                default -> null;
            };
            case UPDATE_MESSAGE_ERROR -> switch (subcode) {
                case 1 -> "Malformed Attribute List";
                case 2 -> "Unrecognized Well-known Attribute";
                case 3 -> "Missing Well-known Attribute";
                case 4 -> "Attribute Flags Error";
                case 5 -> "Attribute Length Error";
                case 6 -> "Invalid ORIGIN Attribute";
                case 8 -> "Invalid NEXT_HOP Attribute";
                case 9 -> "Optional Attribute Error";
                case 10 -> "Invalid Network Field";
                case 11 -> "Malformed AS_PATH";
                default -> null;
            };
            case CEASE -> switch (subcode) {
                case 1 -> "Maximum Number of Prefixes Reached";
                case 2 -> "Administrative Shutdown";
                case 3 -> "Peer De-configured";
                case 4 -> "Administrative Reset";
                case 5 -> "Connection Rejected";
                case 6 -> "Other Configuration Change";
                case 7 -> "Connection Collision Resolution";
                case 8 -> "Out of Resources";
                case 9 -> "Hard Reset";
                default -> null;
            };
            case ROUTE_REFRESH_MESSAGE_ERROR -> subcode == 1 ? "Invalid Message Length" : null;
            default -> null;
        };
        return s != null ? s : (subcode == 0 ? "Unspecific" : "subcode " + subcode);
    }

    /** "Cease / Administrative Shutdown", with an RFC 9003 shutdown message when one came. */
    public String describe() {
        String text = codeName(code) + " / " + subcodeName(code, subcode);
        String comm = shutdownCommunication();
        if (comm != null) return text + ": \"" + comm + "\"";
        if (data.length > 0) return text + " (data " + HexFormat.of().formatHex(data) + ")";
        return text;
    }

    /** RFC 9003: Cease Administrative Shutdown/Reset may carry a UTF-8 message after a length octet. */
    public String shutdownCommunication() {
        if (code != CEASE || (subcode != ADMINISTRATIVE_SHUTDOWN && subcode != ADMINISTRATIVE_RESET) || data.length == 0) return null;
        int len = data[0] & 0xFF;
        if (len == 0 || len + 1 > data.length) return null;
        return new String(data, 1, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override public int hashCode() { return 31 * (31 * code + subcode) + Arrays.hashCode(data); }

    @Override public String toString() { return "NOTIFICATION " + describe(); }
}
