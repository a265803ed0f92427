package dev.bgplab.lab.report;

import dev.bgplab.lab.report.LabReport.Node;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.TimelineEvent;
import dev.bgplab.lab.report.LabReport.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Wording and numbers shared by the text and HTML reports, so both say the same thing the same way. */
final class ReportFormat {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern LEADING_INDEX = Pattern.compile("^\\s*(?:step\\s*)?#?(\\d+)\\b", Pattern.CASE_INSENSITIVE);

    private ReportFormat() {}

    /** One measured value as people read it: "convergence" and "2.31 s". */
    record Measurement(String label, String value) {
        @Override public String toString() { return label + " " + value; }
    }

    /** Step time window on the timeline. */
    record Span(Instant start, Instant end) {}

    static String nullToEmpty(String s) { return s == null ? "" : s; }

    static boolean blank(String s) { return s == null || s.isBlank(); }

    /** Drops control characters (ANSI escapes from a captured vtysh, NULs) that would garble a terminal or XML. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') b.append(c);
            else if (c == '\r') continue;
            else if (c == 0x1b) { // skip an ANSI CSI sequence: ESC [ params letter
                if (i + 1 < s.length() && s.charAt(i + 1) == '[') {
                    i += 2;
                    while (i < s.length() && !Character.isLetter(s.charAt(i))) i++;
                }
            } else if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff) continue;
            else if (Character.isSurrogate(c) && !validSurrogate(s, i)) continue;
            else b.append(c);
        }
        return b.toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    static String time(Instant at) { return at == null ? "?" : UTC.format(at); }

    /** "850 ms", "1.2 s", "2 min 5 s". */
    static String duration(long millis) {
        if (millis < 0) millis = 0;
        if (millis < 1000) return millis + " ms";
        if (millis < 60_000) return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        long s = Math.round(millis / 1000.0);
        return (s / 60) + " min " + (s % 60) + " s";
    }

    static long runMillis(LabReport r) {
        if (r.started() == null || r.finished() == null) return 0;
        return Math.max(0, Duration.between(r.started(), r.finished()).toMillis());
    }

    /** Time since the run started: "+12.3 s". */
    static String offset(LabReport r, Instant at) {
        if (r.started() == null || at == null) return time(at);
        double s = Duration.between(r.started(), at).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "%s%.1f s", s < 0 ? "-" : "+", Math.abs(s));
    }

    /** "4 of 5 steps passed", "1 of 5 steps failed". */
    static String summary(LabReport r) {
        long failed = r.steps().stream().filter(s -> s.verdict() == Verdict.FAIL).count();
        long passed = r.steps().stream().filter(s -> s.verdict() == Verdict.PASS).count();
        int n = r.steps().size();
        if (failed > 0) return failed + " of " + n + (n == 1 ? " step" : " steps") + " failed";
        return passed + " of " + n + (n == 1 ? " step" : " steps") + " passed"
                + (passed < n ? ", " + (n - passed) + " info" : "");
    }

    static String verdict(LabReport r) { return r.passed() ? "PASS" : "FAIL"; }

    static String asn(Node n) {
        Map<String, String> a = n.addresses() == null ? Map.of() : n.addresses();
        for (String k : List.of("asn", "as", "ASN", "AS")) if (!blank(a.get(k))) return a.get(k).trim();
        return null;
    }

    /** Address entries other than the AS number, sorted by key. */
    static List<Map.Entry<String, String>> addresses(Node n) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (n.addresses() == null) return out;
        new TreeMap<>(n.addresses()).forEach((k, v) -> {
            if (!List.of("asn", "as").contains(k.toLowerCase(Locale.ROOT)) && !blank(v)) out.add(Map.entry(k, v));
        });
        return out;
    }

    /** "frr, nva, AS 65001": what a node is, in one line. */
    static String nodeSummary(Node n) {
        List<String> parts = new ArrayList<>();
        if (!blank(n.kind())) parts.add(n.kind());
        if (!blank(n.role())) parts.add(n.role());
        String asn = asn(n);
        if (asn != null) parts.add("AS " + asn);
        return String.join(", ", parts);
    }

    /**
     * The measurements of one step in reading order (sorted by key, loss pairs joined): a key ending
     * in Millis in seconds, xLost with xSent as "x loss lost/sent (p %)", anything else as words and number.
     */
    static List<Measurement> measurements(Map<String, Double> m) {
        List<Measurement> out = new ArrayList<>();
        if (m == null || m.isEmpty()) return out;
        TreeMap<String, Double> sorted = new TreeMap<>(m);
        for (Map.Entry<String, Double> e : sorted.entrySet()) {
            String key = e.getKey();
            Double v = e.getValue();
            if (key.endsWith("Sent") && sorted.containsKey(key.substring(0, key.length() - 4) + "Lost")) continue;
            if (key.endsWith("Lost") && key.length() > 4) {
                String stem = key.substring(0, key.length() - 4);
                Double sent = sorted.get(stem + "Sent");
                if (sent != null && v != null) {
                    String what = humanize(stem);
                    if (what.endsWith("s") && what.length() > 1) what = what.substring(0, what.length() - 1);
                    String pct = sent > 0 ? String.format(Locale.ROOT, " (%.1f %%)", 100.0 * v / sent) : "";
                    out.add(new Measurement(what + " loss", number(v) + "/" + number(sent) + pct));
                    continue;
                }
            }
            if (key.endsWith("Millis") && key.length() > 6 && v != null) {
                out.add(new Measurement(humanize(key.substring(0, key.length() - 6)),
                        String.format(Locale.ROOT, "%.2f s", v / 1000.0)));
            } else {
                out.add(new Measurement(humanize(key), v == null ? "-" : number(v)));
            }
        }
        return out;
    }

    /** "convergenceTime" / "convergence_time" / "convergence-time" to "convergence time". */
    static String humanize(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
        return spaced.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** 14 for 14.0, 2.5 for 2.5, 0.333 for 1/3. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** "[PASS] 3 expect 10.0.0.0/8 at rs1 has next hops {...}" without the duration. */
    static String stepTitle(StepResult s) {
        return s.index() + " " + nullToEmpty(s.kind()) + (blank(s.kind()) ? "" : " ") + clean(s.description()).replace('\n', ' ');
    }

    static boolean isStepStart(TimelineEvent e) {
        String k = nullToEmpty(e.kind()).toLowerCase(Locale.ROOT);
        return k.equals("step-start") || k.equals("step-started") || k.equals("step-begin");
    }

    static boolean isStepEnd(TimelineEvent e) {
        String k = nullToEmpty(e.kind()).toLowerCase(Locale.ROOT);
        return k.equals("step-end") || k.equals("step-ended") || k.equals("step-finished") || k.equals("step-done");
    }

    static boolean isFault(TimelineEvent e) {
        return nullToEmpty(e.kind()).toLowerCase(Locale.ROOT).contains("fault");
    }

    /**
     * When each step ran: from step-start/step-end timeline events (the text begins with the step
     * index; without one, the n-th start belongs to the n-th step), else one after another from the
     * start of the run, each as long as its duration.
     */
    static Map<Integer, Span> stepSpans(LabReport r) {
        Map<Integer, Instant> starts = new HashMap<>();
        Map<Integer, Instant> ends = new HashMap<>();
        int startOrdinal = 0;
        int endOrdinal = 0;
        for (TimelineEvent e : r.timeline()) {
            if (e.at() == null) continue;
            if (isStepStart(e)) {
                Integer i = stepIndex(e.text(), r.steps(), startOrdinal++);
                if (i != null) starts.putIfAbsent(i, e.at());
            } else if (isStepEnd(e)) {
                Integer i = stepIndex(e.text(), r.steps(), endOrdinal++);
                if (i != null) ends.put(i, e.at());
            }
        }
        Map<Integer, Span> spans = new HashMap<>();
        Instant cursor = r.started();
        for (StepResult s : r.steps()) {
            Instant start = starts.get(s.index());
            Instant end = ends.get(s.index());
            if (start == null && end != null) start = end.minusMillis(Math.max(0, s.durationMillis()));
            if (start == null) start = cursor;
            if (start == null) continue;
            if (end == null) end = start.plusMillis(Math.max(0, s.durationMillis()));
            spans.put(s.index(), new Span(start, end));
            cursor = end;
        }
        return spans;
    }

    private static Integer stepIndex(String text, List<StepResult> steps, int ordinal) {
        if (text != null) {
            Matcher m = LEADING_INDEX.matcher(text);
            if (m.find()) {
                try {
                    return Integer.parseInt(m.group(1));
                } catch (NumberFormatException tooLong) {
                    // fall through to the ordinal
                }
            }
        }
        return ordinal < steps.size() ? steps.get(ordinal).index() : null;
    }
}
