package dev.bgplab.speaker.session;

import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.capability.UnknownCapability;
import dev.bgplab.wire.codec.BgpProtocolException;
import dev.bgplab.wire.codec.CodecContext;
import dev.bgplab.wire.message.NotificationMessage;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import java.net.Inet4Address;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an OPEN exchange agreed (RFC 4271 4.2, RFC 5492): an immutable value handed to the
 * integrator on Established and used to build the {@link CodecContext} of the connection.
 *
 * @param peerGracefulRestart the peer's graceful restart capability (RFC 4724), or null
 * @param addPathReceive      families in which the peer sends path identifiers to us (RFC 7911)
 * @param addPathSend         families in which we send path identifiers to the peer
 * @param keepaliveTime       0 when the negotiated hold time is 0 (RFC 4271 4.4: no KEEPALIVEs)
 */
public record NegotiatedSession(long peerAsn, Inet4Address peerId, boolean fourOctetAs, Set<AddressFamily> families,
                                boolean routeRefresh, boolean enhancedRouteRefresh,
                                GracefulRestartCapability peerGracefulRestart, Set<AddressFamily> addPathReceive,
                                Set<AddressFamily> addPathSend, boolean extendedMessages, int holdTime,
                                int keepaliveTime, List<UnknownCapability> unknownCapabilities) {

    public NegotiatedSession {
        families = Set.copyOf(families);
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
        unknownCapabilities = List.copyOf(unknownCapabilities);
    }

    public CodecContext codecContext() {
        return new CodecContext(fourOctetAs, addPathReceive, addPathSend, extendedMessages);
    }

    /**
     * Checks a received OPEN against the neighbor's configuration (RFC 4271 6.2) and negotiates
     * capabilities. Throws with the OPEN Message Error to send when the OPEN is unacceptable.
     */
    public static NegotiatedSession negotiate(SessionSettings config, OpenMessage open) throws BgpProtocolException {
        // RFC 4271 6.2: data is the largest locally supported version, 2 octets.
        if (open.version() != 4)
            throw new BgpProtocolException(NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, 4}, "peer " + config.name() + " speaks BGP version " + open.version());

        // RFC 6793 4.1: a peer with the 4-octet AS capability is identified by the ASN it carries.
        boolean peerFourOctet = open.has(FourOctetAsCapability.class);
        long peerAsn = open.asn();
        if (peerAsn != config.peerAsn())
            throw new BgpProtocolException(NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.BAD_PEER_AS,
                    new byte[] {(byte) (open.myAs() >> 8), (byte) open.myAs()},
                    "peer " + config.name() + " says AS" + peerAsn + ", configured remote-as " + config.peerAsn());

        // RFC 4271 6.2: a hold time of 1 or 2 seconds is unacceptable.
        if (open.holdTime() == 1 || open.holdTime() == 2)
            throw new BgpProtocolException(NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.UNACCEPTABLE_HOLD_TIME,
                    new byte[0], "peer " + config.name() + " offers hold time " + open.holdTime());

        // RFC 4271 6.2 and RFC 6286 2.2: identifier non-zero, and within an AS distinct from ours.
        byte[] id = open.bgpIdentifier().getAddress();
        boolean zero = id[0] == 0 && id[1] == 0 && id[2] == 0 && id[3] == 0;
        if (zero || (config.isIbgp() && open.bgpIdentifier().equals(config.routerId())))
            throw new BgpProtocolException(NotificationMessage.OPEN_MESSAGE_ERROR, NotificationMessage.BAD_BGP_IDENTIFIER,
                    new byte[0], "peer " + config.name() + " has BGP identifier " + open.bgpIdentifier().getHostAddress());

        // RFC 4760 8: a peer that sends no multiprotocol capability carries IPv4 unicast only.
        Set<AddressFamily> theirs = EnumSet.noneOf(AddressFamily.class);
        List<MultiprotocolCapability> mp = open.capabilities(MultiprotocolCapability.class);
        if (mp.isEmpty()) theirs.add(AddressFamily.IPV4_UNICAST);
        for (MultiprotocolCapability c : mp) if (c.family() != null) theirs.add(c.family());
        Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
        for (AddressFamily f : config.families()) if (theirs.contains(f)) families.add(f);

        // RFC 7911 4: we receive path ids where we can receive and they can send, and vice versa.
        Set<AddressFamily> apReceive = EnumSet.noneOf(AddressFamily.class);
        Set<AddressFamily> apSend = EnumSet.noneOf(AddressFamily.class);
        for (AddPathCapability ap : open.capabilities(AddPathCapability.class)) {
            for (AddPathCapability.Family fam : ap.families()) {
                AddressFamily f = AddressFamily.of(fam.afi(), fam.safi());
                AddPathCapability.Mode ours = f == null ? null : config.addPath().get(f);
                if (ours == null || fam.mode() == null || !families.contains(f)) continue;
                if (ours.canReceive() && fam.mode().canSend()) apReceive.add(f);
                if (ours.canSend() && fam.mode().canReceive()) apSend.add(f);
            }
        }

        // RFC 4271 4.2: the smaller hold time; RFC 4271 4.4: keepalive a third of it (or less when configured).
        int hold = Math.min(config.holdTime(), open.holdTime());
        int keepalive = hold == 0 ? 0 : config.keepaliveTime() > 0 ? Math.min(config.keepaliveTime(), hold / 3) : hold / 3;
        if (hold > 0 && keepalive == 0) keepalive = 1;

        List<GracefulRestartCapability> gr = open.capabilities(GracefulRestartCapability.class);
        return new NegotiatedSession(peerAsn, open.bgpIdentifier(), peerFourOctet, families,
                config.routeRefresh() && open.has(RouteRefreshCapability.class),
                config.enhancedRouteRefresh() && open.has(EnhancedRouteRefreshCapability.class),
                gr.isEmpty() ? null : gr.get(0), apReceive, apSend,
                config.extendedMessages() && open.has(ExtendedMessageCapability.class),
                hold, keepalive, open.capabilities(UnknownCapability.class));
    }
}
