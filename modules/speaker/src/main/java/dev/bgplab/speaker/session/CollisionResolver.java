package dev.bgplab.speaker.session;

import java.net.Inet4Address;

/**
 * Connection collision detection (RFC 4271 6.8): of two connections with the same peer, keep the
 * one initiated by the speaker with the higher BGP Identifier, compared as unsigned 32-bit
 * integers. A connection already Established always wins over a new one.
 */
public final class CollisionResolver {

    public enum Loser { EXISTING, NEW }

    private CollisionResolver() { }

    /**
     * Which connection to close when an OPEN arrives on {@code newOne} while {@code existing}
     * is in OpenConfirm or Established.
     *
     * @param newOutgoing      true when we initiated the connection that just received OPEN
     * @param existingOutgoing true when we initiated the other connection
     */
    public static Loser resolve(Inet4Address localId, Inet4Address remoteId, FsmState existingState,
                                boolean newOutgoing, boolean existingOutgoing) {
        if (existingState == FsmState.ESTABLISHED) return Loser.NEW;
        if (newOutgoing == existingOutgoing) return Loser.NEW; // same direction twice: the later one goes
        // RFC 4271 6.8: "If the value of the local BGP Identifier is less than the remote one, the
        // local system closes the BGP connection that already exists (the one that is already in
        // the OpenConfirm state), and accepts the BGP connection initiated by the remote system."
        // Read with 6.8's rule of keeping the higher-id side's connection whichever came first.
        boolean keepOurs = Integer.compareUnsigned(toInt(localId), toInt(remoteId)) > 0;
        boolean closeOutgoing = !keepOurs;
        return existingOutgoing == closeOutgoing ? Loser.EXISTING : Loser.NEW;
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
