package dev.bgplab.bench.routeserver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of the DUT and prints where CPU samples and allocation go: top methods by
 * self samples, by inclusive samples (method anywhere on the stack, bgplab and Netty frames only),
 * samples per thread, allocation by class and by allocating bgplab method, and GC pauses.
 */
public final class JfrSummary {
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Long> allocBySite = new HashMap<>();
    private long samples;
    private long allocBytes;
    private long gcCount;
    private double gcPauseMs;

    public static String summarize(Path jfr, int top) throws IOException {
        JfrSummary s = new JfrSummary();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            s.add(e);
        }
        return s.report(top);
    }

    private void add(RecordedEvent e) {
        String type = e.getEventType().getName();
        switch (type) {
            case "jdk.ExecutionSample" -> {
                samples++;
                RecordedStackTrace st = e.getStackTrace();
                String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1L, Long::sum);
                if (st == null || st.getFrames().isEmpty()) {
                    return;
                }
                self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
                st.getFrames().stream().map(JfrSummary::name).filter(n -> n.startsWith("dev.bgplab") || n.startsWith("io.netty"))
                        .distinct().forEach(n -> inclusive.merge(n, 1L, Long::sum));
            }
            case "jdk.ObjectAllocationSample" -> {
                long w = e.getLong("weight");
                allocBytes += w;
                allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st != null) {
                    st.getFrames().stream().map(JfrSummary::name).filter(n -> n.startsWith("dev.bgplab")).findFirst()
                            .ifPresent(n -> allocBySite.merge(n, w, Long::sum));
                }
            }
            case "jdk.GarbageCollection" -> {
                gcCount++;
                gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
            }
            default -> { }
        }
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private String report(int top) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "CPU samples: %d; allocation sampled: %,d MB; GCs: %d, pauses %.0f ms%n%n",
                samples, allocBytes >> 20, gcCount, gcPauseMs));
        table(b, "samples by thread", threads, samples, top, Function.identity());
        table(b, "top methods, self samples", self, samples, top, Function.identity());
        table(b, "bgplab and Netty methods, inclusive samples", inclusive, samples, top, Function.identity());
        table(b, "allocation by class (sampled bytes)", allocByClass, allocBytes, top, Function.identity());
        table(b, "allocation by allocating bgplab method", allocBySite, allocBytes, top, Function.identity());
        return b.toString();
    }

    private static void table(StringBuilder b, String title, Map<String, Long> counts, long total, int top,
            Function<String, String> label) {
        b.append("| ").append(title).append(" | share |\n|---|---|\n");
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top).toList();
        Map<String, Long> ordered = new LinkedHashMap<>();
        sorted.forEach(en -> ordered.put(en.getKey(), en.getValue()));
        ordered.forEach((k, v) -> b.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n", label.apply(k),
                total == 0 ? 0.0 : 100.0 * v / total)));
        b.append('\n');
    }
}
