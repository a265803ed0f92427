package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and memory from /proc (Linux). */
final class ProcStats {
    /** USER_HZ; 100 on every Linux the bench targets. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** utime + stime in seconds, from /proc/PID/stat fields 14 and 15. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Peak resident set (VmHWM) in kB, kept by the kernel over the process's life. */
    static long peakRssKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
