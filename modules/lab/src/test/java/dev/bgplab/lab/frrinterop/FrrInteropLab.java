package dev.bgplab.lab.frrinterop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bgplab.lab.docker.LabNetwork;
import dev.bgplab.lab.docker.Leftovers;

/**
 * The set-up and tear-down every FRR interop class shares: one lab network named after the class's
 * prefix (leftovers of an earlier run with that prefix removed first), and at the end everything
 * the class started closed in order and proven gone (no container or network with the prefix left).
 */
final class FrrInteropLab {
    private FrrInteropLab() {}

    /** Removes leftovers named {@code prefix}, then creates the network {@code prefix + "net"} on a free subnet. */
    static LabNetwork network(String prefix, boolean ipv6, int subnetHint) {
        Leftovers.clean(prefix);
        return LabNetwork.createFree(prefix + "net", ipv6, subnetHint);
    }

    /** Closes {@code started} in the order given (null ones skipped), then asserts nothing named {@code prefix} is left. */
    static void stop(String prefix, AutoCloseable... started) {
        for (AutoCloseable c : started) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                System.err.println("clean-up: " + e);
            }
        }
        Leftovers.clean(prefix);
        assertThat(Leftovers.find(prefix).isEmpty()).as("containers and networks left by %s", prefix).isTrue();
    }
}
