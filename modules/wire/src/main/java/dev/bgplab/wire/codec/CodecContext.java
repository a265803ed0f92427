package dev.bgplab.wire.codec;

import dev.bgplab.wire.nlri.AddressFamily;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a session negotiated that changes the bytes: 4-octet AS (RFC 6793), ADD-PATH per family
 * and direction (RFC 7911), extended messages (RFC 8654). Before OPEN is exchanged the default
 * context applies: 2-octet, no ADD-PATH, 4096 octets.
 */
public record CodecContext(boolean fourOctetAs, Set<AddressFamily> addPathReceive, Set<AddressFamily> addPathSend,
                           boolean extendedMessages) {

    public static final CodecContext DEFAULT = new CodecContext(false, Set.of(), Set.of(), false);
    /** 4-octet AS, no ADD-PATH, 4096 octets: what two modern speakers usually negotiate. */
    public static final CodecContext FOUR_OCTET = new CodecContext(true, Set.of(), Set.of(), false);

    public CodecContext {
        addPathReceive = addPathReceive.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(addPathReceive));
        addPathSend = addPathSend.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(addPathSend));
    }

    public int maxMessageLength() {
        return extendedMessages ? dev.bgplab.wire.message.BgpMessage.MAX_EXTENDED_LENGTH : dev.bgplab.wire.message.BgpMessage.MAX_LENGTH;
    }

    public boolean receivesPathId(AddressFamily f) { return f != null && addPathReceive.contains(f); }
    public boolean sendsPathId(AddressFamily f) { return f != null && addPathSend.contains(f); }

    /** The same negotiation seen from the other end: what one side sends, the other receives. */
    public CodecContext mirrored() { return new CodecContext(fourOctetAs, addPathSend, addPathReceive, extendedMessages); }
}
