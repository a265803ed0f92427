package dev.bgplab.lab.scenario;

import dev.bgplab.lab.runtime.LabNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A node's kernel network counters ({@code /proc/net/netstat} and {@code /proc/net/snmp} in its
 * namespace), as {@code TcpExt.TCPMD5NotFound}, {@code Icmp.InTimeExcds}...: what the kernel saw on
 * the wire (segments dropped for TCP-MD5, ICMP time-exceeded received), for the whole node.
 */
record KernelCounters(Map<String, Long> values) {

    long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** The node's counters, or empty when they cannot be read (an in-process node, a stopped container). */
    static Optional<KernelCounters> read(LabNode node) {
        try {
            return Optional.of(parse(node.exec("cat", "/proc/net/netstat", "/proc/net/snmp")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Pairs of lines: {@code TcpExt: NameA NameB ...} then {@code TcpExt: 1 2 ...}. */
    static KernelCounters parse(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            String[] names = lines[i].trim().split("\\s+");
            String[] nums = lines[i + 1].trim().split("\\s+");
            if (names.length < 2 || names.length != nums.length || !names[0].equals(nums[0]) || !names[0].endsWith(":")
                    || !nums[1].matches("-?\\d+")) {
                continue;
            }
            String group = names[0].substring(0, names[0].length() - 1);
            for (int k = 1; k < names.length; k++) {
                try {
                    out.put(group + "." + names[k], Long.parseLong(nums[k]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
            i++;
        }
        return new KernelCounters(out);
    }
}
