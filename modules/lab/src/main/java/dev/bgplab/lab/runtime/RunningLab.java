package dev.bgplab.lab.runtime;

import dev.bgplab.lab.report.LabReport;
import dev.bgplab.lab.topology.Topology;
import java.util.List;
import java.util.Map;

/** A deployed lab: its nodes by name. {@link #close()} removes everything it created. */
public interface RunningLab extends AutoCloseable {

    Topology topology();

    /** "docker", or "embedded (why)". */
    String runtime();

    Map<String, LabNode> nodes();

    default LabNode node(String name) {
        LabNode n = nodes().get(name);
        if (n == null) {
            throw new IllegalArgumentException(topology().file() + ": no node named '" + name + "'; nodes are " + nodes().keySet());
        }
        return n;
    }

    /** True when container faults (link down, netem, iptables, ss -K, probes) are available. */
    boolean containers();

    List<LabReport.Node> reportNodes();

    List<LabReport.Link> reportLinks();

    @Override
    void close();
}
