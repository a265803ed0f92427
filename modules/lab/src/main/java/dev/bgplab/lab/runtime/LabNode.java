package dev.bgplab.lab.runtime;

import dev.bgplab.lab.topology.NodeSpec;
import java.util.List;

/**
 * A running node of a lab, in a container or in-process. Reads are safe from any thread; faults
 * and config changes are made by the one thread running the scenario.
 */
public interface LabNode {

    NodeSpec spec();

    default String name() {
        return spec().name();
    }

    /** BGP sessions with their state; empty for a plain host. */
    List<Session> sessions();

    /**
     * The table expectations read: the BGP table (Loc-RIB) of FRR and bgplab nodes, the kernel
     * table of a plain host. {@code table = "kernel"} asks for the kernel table of any container node.
     */
    List<RouteEntry> routes(String table);

    /** The management API of a bgplab node (effective routes, explain); empty for FRR and hosts. */
    default java.util.Optional<SpeakerApiClient> speakerApi() { return java.util.Optional.empty(); }

    /** Runs a command in the node (containers only). */
    String exec(String... argv);

    /** Stops the node the polite way (SIGTERM: daemons send Cease, TCP closes with FIN); says when the signal was delivered. */
    FaultTime stop();

    void start();

    /** SIGKILL: the kernel closes the node's sockets (FIN or RST), no NOTIFICATION. */
    FaultTime kill();

    /**
     * Every interface but loopback and the management {@code eth0} stops passing packets at one
     * instant (a packet filter dropping everything, applied atomically): no FIN, RST or link-down
     * reaches a peer, which finds out only when its hold timer expires.
     */
    default FaultTime crash() {
        throw new UnsupportedOperationException(name() + ": crash needs the docker runtime");
    }

    /** Undoes {@link #crash()}: the node's packet filter as it was before. */
    default FaultTime recover() {
        throw new UnsupportedOperationException(name() + ": recover needs the docker runtime");
    }

    /**
     * A silent failure: the node stops forwarding (a packet filter drops everything routed through
     * it, applied atomically) and then its processes freeze (docker pause), so its BGP daemons send
     * nothing more; its links stay up and its kernel still answers ARP, ping and TCP, so peers see
     * no FIN, RST or link-down and find out only when their hold timer expires.
     */
    default FaultTime hang() {
        throw new UnsupportedOperationException(name() + ": hang needs the docker runtime");
    }

    /** Undoes {@link #hang()}: the processes resume, then the node forwards again. */
    default FaultTime unhang() {
        throw new UnsupportedOperationException(name() + ": unhang needs the docker runtime");
    }

    /** Sets interfaces of this node down (or up, re-applying the addresses and routes the topology gives them) in one command. */
    default FaultTime setLinks(List<String> interfaces, boolean up) {
        throw new UnsupportedOperationException(name() + ": link faults need the docker runtime");
    }

    /** Silently drops (or stops dropping) BGP packets to and from one peer address. */
    default FaultTime blackhole(String peer, boolean on) {
        throw new UnsupportedOperationException(name() + ": blackhole needs the docker runtime");
    }

    /** A bgplab node's explain for a prefix (GET /api/explain), one sentence per line; empty for other nodes. */
    default List<String> explain(String prefix) {
        return List.of();
    }

    /** What the node reports about one session (bgplab: its /api/peers entry; FRR: its show bgp neighbors json entry), or null. */
    default com.fasterxml.jackson.databind.JsonNode sessionDetail(Session s) {
        return null;
    }

    /**
     * Route changes and session transitions the node reported since it was deployed, stamped by
     * the node, oldest first (each call collects what is new).
     */
    default List<RouteEvent> events() {
        return List.of();
    }

    void pause();

    void unpause();

    /**
     * Changes the running configuration: FRR: vtysh configuration lines ({@code router bgp 65001},
     * {@code neighbor X shutdown}); bgplab: the whole new speaker YAML (POST /api/config).
     */
    void configure(List<String> lines);

    /** Clears a session: soft (route refresh / re-advertise) or hard (reset). */
    void clear(String peer, boolean soft);

    /** What an IGP of the node has converged to, in a line (FRR: OSPF neighbours Full), or "" when it runs none. */
    default String igpSummary() {
        return "";
    }
}
