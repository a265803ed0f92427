package dev.bgplab.speaker.session;

import dev.bgplab.wire.capability.AddPathCapability;
import dev.bgplab.wire.capability.Capability;
import dev.bgplab.wire.capability.EnhancedRouteRefreshCapability;
import dev.bgplab.wire.capability.ExtendedMessageCapability;
import dev.bgplab.wire.capability.FourOctetAsCapability;
import dev.bgplab.wire.capability.GracefulRestartCapability;
import dev.bgplab.wire.capability.MultiprotocolCapability;
import dev.bgplab.wire.capability.RouteRefreshCapability;
import dev.bgplab.wire.message.OpenMessage;
import dev.bgplab.wire.nlri.AddressFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One configured neighbor, as the session layer needs it: addresses, ASNs, timers, what we
 * advertise in OPEN, and transport security. Build with {@link #builder}.
 *
 * @param mode           ACTIVE connects out only, PASSIVE only accepts (FRR "neighbor passive"),
 *                       BOTH connects out and accepts (the RFC 4271 default).
 * @param ttl            outgoing IP TTL for eBGP multihop (0 = the system default).
 * @param ttlSecurityHops GTSM (RFC 5082): when above 0, send with TTL 255 and accept only packets
 *                       with TTL >= 256 - hops (IP_MINTTL; epoll only).
 * @param md5Key         TCP-MD5 (RFC 2385) key, or null; needs epoll.
 * @param openHoldTime   the hold timer while waiting for the peer's OPEN (RFC 4271 8.2.2 OpenSent
 *                       suggests 4 minutes); shorter bounds a peer that connects and stalls.
 * @param outputQueueLimit octets queued for this peer and not yet taken by TCP beyond which the
 *                       session is reset (Cease / Out of Resources): a peer that stops reading
 *                       cannot make the speaker hold an unbounded backlog.
 */
public record SessionSettings(String name, InetAddress remoteAddress, int remotePort, InetAddress localAddress,
                         long localAsn, long peerAsn, Inet4Address routerId,
                         int holdTime, int keepaliveTime, int connectRetryTime, int delayOpenTime, int idleHoldTime,
                         ConnectMode mode, Set<AddressFamily> families, boolean routeRefresh, boolean enhancedRouteRefresh,
                         boolean extendedMessages, GracefulRestartCapability gracefulRestart,
                         Map<AddressFamily, AddPathCapability.Mode> addPath, int ttl, int ttlSecurityHops, byte[] md5Key,
                         int openHoldTime, long outputQueueLimit) {

    public enum ConnectMode { ACTIVE, PASSIVE, BOTH }

    /** RFC 6793 9: the 2-octet AS placed in OPEN when our ASN does not fit 2 octets. */
    public static final int AS_TRANS = 23456;
    public static final int BGP_PORT = 179;
    /** Default {@link #outputQueueLimit}: 32 MiB, far above a full table's backlog to an honest peer. */
    public static final long DEFAULT_OUTPUT_QUEUE_LIMIT = 32L << 20;

    public SessionSettings {
        Objects.requireNonNull(remoteAddress, "neighbor address");
        Objects.requireNonNull(routerId, "router-id");
        Objects.requireNonNull(mode, "mode");
        if (name == null || name.isEmpty()) name = remoteAddress.getHostAddress();
        checkAsn("local-as", localAsn);
        checkAsn("remote-as", peerAsn);
        // RFC 4271 4.2: hold time is 0 or at least 3 seconds.
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535))
            throw new IllegalArgumentException("neighbor " + name + ": hold-time " + holdTime + " is invalid (valid: 0 or 3..65535)");
        if (keepaliveTime < 0 || keepaliveTime > 65535)
            throw new IllegalArgumentException("neighbor " + name + ": keepalive " + keepaliveTime + " is invalid (valid: 0..65535, 0 = hold-time/3)");
        if (connectRetryTime < 1) throw new IllegalArgumentException("neighbor " + name + ": connect-retry " + connectRetryTime + " must be at least 1 second");
        if (delayOpenTime < 0 || idleHoldTime < 0) throw new IllegalArgumentException("neighbor " + name + ": delay-open and idle-hold must not be negative");
        if (remotePort < 1 || remotePort > 65535) throw new IllegalArgumentException("neighbor " + name + ": port " + remotePort + " is invalid (valid: 1..65535)");
        if (ttl < 0 || ttl > 255) throw new IllegalArgumentException("neighbor " + name + ": ebgp-multihop ttl " + ttl + " is invalid (valid: 1..255)");
        if (ttlSecurityHops < 0 || ttlSecurityHops > 254) throw new IllegalArgumentException("neighbor " + name + ": ttl-security hops " + ttlSecurityHops + " is invalid (valid: 1..254)");
        if (ttl > 0 && ttlSecurityHops > 0) throw new IllegalArgumentException("neighbor " + name + ": ebgp-multihop and ttl-security are mutually exclusive");
        families = families == null || families.isEmpty() ? Set.of(AddressFamily.IPV4_UNICAST) : Set.copyOf(EnumSet.copyOf(families));
        addPath = addPath == null || addPath.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(addPath));
        md5Key = md5Key == null || md5Key.length == 0 ? null : md5Key.clone();
        if (openHoldTime < 3 || openHoldTime > 65535) throw new IllegalArgumentException("neighbor " + name + ": open-hold-time " + openHoldTime + " is invalid (valid: 3..65535)");
        if (outputQueueLimit < 4096) throw new IllegalArgumentException("neighbor " + name + ": output-queue-limit " + outputQueueLimit + " is invalid (valid: at least 4096 octets)");
        if (md5Key != null && md5Key.length > 80) throw new IllegalArgumentException("neighbor " + name + ": password longer than 80 octets (TCP_MD5SIG_MAXKEYLEN)");
    }

    private static void checkAsn(String field, long asn) {
        if (asn < 1 || asn > 0xFFFF_FFFFL) throw new IllegalArgumentException(field + " " + asn + " is invalid (valid: 1..4294967295)");
    }

    @Override public byte[] md5Key() { return md5Key == null ? null : md5Key.clone(); }

    public boolean isIbgp() { return localAsn == peerAsn; }

    public boolean connectsOut() { return mode != ConnectMode.PASSIVE; }

    public boolean accepts() { return mode != ConnectMode.ACTIVE; }

    /** Our OPEN (RFC 4271 4.2) with the capabilities of RFC 5492 we offer this neighbor. */
    public OpenMessage openMessage() {
        List<Capability> caps = new ArrayList<>();
        for (AddressFamily f : families) caps.add(MultiprotocolCapability.of(f));
        if (routeRefresh) caps.add(new RouteRefreshCapability());
        if (enhancedRouteRefresh) caps.add(new EnhancedRouteRefreshCapability());
        if (extendedMessages) caps.add(new ExtendedMessageCapability());
        if (gracefulRestart != null) caps.add(gracefulRestart);
        caps.add(new FourOctetAsCapability(localAsn));
        if (!addPath.isEmpty()) {
            List<AddPathCapability.Family> fams = new ArrayList<>();
            addPath.forEach((f, m) -> fams.add(new AddPathCapability.Family(f.afi(), f.safi(), m)));
            caps.add(new AddPathCapability(fams));
        }
        int myAs = localAsn > 0xFFFF ? AS_TRANS : (int) localAsn;
        return new OpenMessage(4, myAs, holdTime, routerId, caps);
    }

    public static Builder builder(InetAddress remoteAddress, long localAsn, long peerAsn, Inet4Address routerId) {
        return new Builder(remoteAddress, localAsn, peerAsn, routerId);
    }

    /** Records compare arrays by reference; the key is compared by content. */
    @Override public boolean equals(Object o) {
        return o instanceof SessionSettings p && p.withoutKey().equals(withoutKey()) && Arrays.equals(p.md5Key, md5Key);
    }

    @Override public int hashCode() { return withoutKey().hashCode(); }

    private List<Object> withoutKey() {
        return Arrays.asList(name, remoteAddress, remotePort, localAddress, localAsn, peerAsn, routerId, holdTime, keepaliveTime,
                connectRetryTime, delayOpenTime, idleHoldTime, mode, families, routeRefresh, enhancedRouteRefresh, extendedMessages,
                gracefulRestart, addPath, ttl, ttlSecurityHops, openHoldTime, outputQueueLimit);
    }

    @Override public String toString() {
        return "SessionSettings[" + name + " " + remoteAddress.getHostAddress() + ":" + remotePort + " AS" + peerAsn + " local AS" + localAsn
                + " id " + routerId.getHostAddress() + " hold " + holdTime + " mode " + mode + " families " + families
                + (md5Key != null ? " md5" : "") + (ttl > 0 ? " ttl " + ttl : "") + (ttlSecurityHops > 0 ? " gtsm " + ttlSecurityHops : "") + "]";
    }

    /** Defaults follow FRR: hold 90, keepalive 30, connect-retry 120, mode BOTH, IPv4 unicast, route refresh. */
    public static final class Builder {
        private String name;
        private final InetAddress remoteAddress;
        private int remotePort = BGP_PORT;
        private InetAddress localAddress;
        private final long localAsn;
        private final long peerAsn;
        private final Inet4Address routerId;
        private int holdTime = 90;
        private int keepaliveTime = 30;
        private int connectRetryTime = 120;
        private int delayOpenTime;
        private int idleHoldTime = 5;
        private ConnectMode mode = ConnectMode.BOTH;
        private Set<AddressFamily> families = EnumSet.of(AddressFamily.IPV4_UNICAST);
        private boolean routeRefresh = true;
        private boolean enhancedRouteRefresh;
        private boolean extendedMessages;
        private GracefulRestartCapability gracefulRestart;
        private Map<AddressFamily, AddPathCapability.Mode> addPath = Map.of();
        private int ttl;
        private int ttlSecurityHops;
        private byte[] md5Key;
        private int openHoldTime = 240;
        private long outputQueueLimit = DEFAULT_OUTPUT_QUEUE_LIMIT;

        private Builder(InetAddress remoteAddress, long localAsn, long peerAsn, Inet4Address routerId) {
            this.remoteAddress = remoteAddress;
            this.localAsn = localAsn;
            this.peerAsn = peerAsn;
            this.routerId = routerId;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder remotePort(int v) { remotePort = v; return this; }
        public Builder localAddress(InetAddress v) { localAddress = v; return this; }
        public Builder holdTime(int v) { holdTime = v; return this; }
        public Builder keepaliveTime(int v) { keepaliveTime = v; return this; }
        public Builder connectRetryTime(int v) { connectRetryTime = v; return this; }
        public Builder delayOpenTime(int v) { delayOpenTime = v; return this; }
        public Builder idleHoldTime(int v) { idleHoldTime = v; return this; }
        public Builder mode(ConnectMode v) { mode = v; return this; }
        public Builder families(Set<AddressFamily> v) { families = v; return this; }
        public Builder routeRefresh(boolean v) { routeRefresh = v; return this; }
        public Builder enhancedRouteRefresh(boolean v) { enhancedRouteRefresh = v; return this; }
        public Builder extendedMessages(boolean v) { extendedMessages = v; return this; }
        public Builder gracefulRestart(GracefulRestartCapability v) { gracefulRestart = v; return this; }
        public Builder addPath(Map<AddressFamily, AddPathCapability.Mode> v) { addPath = v; return this; }
        public Builder ebgpMultihop(int v) { ttl = v; return this; }
        public Builder ttlSecurityHops(int v) { ttlSecurityHops = v; return this; }
        public Builder md5Key(byte[] v) { md5Key = v; return this; }
        public Builder openHoldTime(int v) { openHoldTime = v; return this; }
        public Builder outputQueueLimit(long v) { outputQueueLimit = v; return this; }
        public Builder password(String v) { md5Key = v == null ? null : v.getBytes(java.nio.charset.StandardCharsets.US_ASCII); return this; }

        public SessionSettings build() {
            return new SessionSettings(name, remoteAddress, remotePort, localAddress, localAsn, peerAsn, routerId, holdTime,
                    keepaliveTime, connectRetryTime, delayOpenTime, idleHoldTime, mode, families, routeRefresh,
                    enhancedRouteRefresh, extendedMessages, gracefulRestart, addPath, ttl, ttlSecurityHops, md5Key,
                    openHoldTime, outputQueueLimit);
        }
    }
}
