package dev.bgplab.lab.interop;

/**
 * The bgplab side every speaker-interop class (BIRD, GoBGP, ExaBGP) configures the same way: one
 * IPv4 /24 and one IPv6 /48 per speaker with MED, communities, a large community and a prepend, and
 * route-map OUT adding RT 65100:9 and setting the next hops; peers with hold time 9 s, connect
 * retry 1 s and OUT applied. {@code tag} (101, 112, ...) makes prefixes and next hops unique per speaker.
 */
final class InteropSpeakerConfig {
    private InteropSpeakerConfig() {}

    /**
     * {@code networks:} and {@code policy:}: 10.TAG.0.0/24 and 2001:db8:TAG::/48, large communities
     * under {@code largeAsn}, IPv6 next hop 2001:db8:ffff::TAG and, when {@code ipv4NextHop}, IPv4 next
     * hop 192.0.2.TAG (GoBGP refuses 127/8 next hops); {@code extraPolicy} goes at the end of the policy.
     */
    static String networksAndPolicy(int tag, long largeAsn, boolean ipv4NextHop, String extraPolicy) {
        return """
                networks:
                  - {prefix: 10.%1$d.0.0/24, med: 77, communities: ['65100:1', '65535:666'], large-communities: ['%2$d:1:2'], as-path-prepend: '4200000077'}
                  - {prefix: '2001:db8:%1$d::/48', med: 66, communities: ['65100:6'], large-communities: ['%2$d:6:6']}
                policy: |
                  ipv6 prefix-list ALL6 seq 5 permit ::/0 le 128
                  ip prefix-list ALL4 seq 5 permit 0.0.0.0/0 le 32
                  route-map OUT permit 10
                   match ip address prefix-list ALL4
                   set extcommunity rt 65100:9
                %3$s  route-map OUT permit 20
                   match ipv6 address prefix-list ALL6
                   set extcommunity rt 65100:9
                   set ipv6 next-hop global 2001:db8:ffff::%1$d
                %4$s
                """.formatted(tag, largeAsn, ipv4NextHop ? "   set ip next-hop 192.0.2." + tag + "\n" : "",
                extraPolicy.indent(2).stripTrailing());
    }

    /** One entry of {@code peers:} with hold time 9 s, connect retry 1 s and route-map-out OUT. */
    static String peer(String name, String address, int port, long asn) {
        return """
                  - name: %s
                    address: %s
                    port: %d
                    asn: %d
                    hold-time: 9
                    connect-retry: 1
                    route-map-out: OUT
                """.formatted(name, address, port, asn);
    }

    /** A whole speaker body with one peer that also has ADD-PATH both ways and {@code extraPeer} lines. */
    static String withOnePeer(int tag, long largeAsn, boolean ipv4NextHop, String extraPolicy, String peerName, String peerAddress,
                              int peerPort, long peerAsn, String extraPeer) {
        return networksAndPolicy(tag, largeAsn, ipv4NextHop, extraPolicy) + "peers:\n" + peer(peerName, peerAddress, peerPort, peerAsn)
                + "    add-path: both\n" + extraPeer.indent(4).stripTrailing() + "\n";
    }
}
