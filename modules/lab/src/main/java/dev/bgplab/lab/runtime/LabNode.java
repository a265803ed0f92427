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

    void stop();

    void start();

    void kill();

    void pause();

    void unpause();

    /**
     * Changes the running configuration: FRR: vtysh configuration lines ({@code router bgp 65001},
     * {@code neighbor X shutdown}); bgplab: the whole new speaker YAML (POST /api/config).
     */
    void configure(List<String> lines);

    /** Clears a session: soft (route refresh / re-advertise) or hard (reset). */
    void clear(String peer, boolean soft);
}
