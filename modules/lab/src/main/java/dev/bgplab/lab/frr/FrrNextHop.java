package dev.bgplab.lab.frr;

/**
 * One next hop of a BGP path as FRR 8.4 prints it. An IPv6 path learned over a shared link has two:
 * the global address (scope {@code global}) and the link-local one ({@code link-local}), and FRR
 * marks the link-local one {@code used}.
 */
public record FrrNextHop(String ip, String afi, String scope, boolean used, boolean accessible) {
}
