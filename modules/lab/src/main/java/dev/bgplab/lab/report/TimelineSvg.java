package dev.bgplab.lab.report;

import static dev.bgplab.lab.report.Markup.cut;
import static dev.bgplab.lab.report.Markup.esc;
import static dev.bgplab.lab.report.Markup.n;
import static dev.bgplab.lab.report.ReportFormat.blank;

import dev.bgplab.lab.report.LabReport.Node;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.TimelineEvent;
import dev.bgplab.lab.report.ReportFormat.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline plotted as inline SVG: a time axis from started to finished, a lane of step bars
 * (verdict colours) and one lane per node with its events as marks (tooltips in {@code <title>}).
 * Faults get a red line across all lanes and a label under the plot; fault steps a red band.
 */
final class TimelineSvg {

    static final String LAB_LANE = "lab";
    private static final int WIDTH = 1180;
    private static final int LEFT = 130;
    private static final int RIGHT = 24;
    private static final int TOP = 30;
    private static final int LANE_H = 30;
    private static final int FAULT_ROW_H = 16;
    private static final double CHAR_W = 6.6; // 11px sans-serif

    private TimelineSvg() {}

    static String render(LabReport r) {
        Map<Integer, Span> spans = ReportFormat.stepSpans(r);
        List<TimelineEvent> events = r.timeline().stream()
                .filter(e -> e.at() != null && !ReportFormat.isStepStart(e) && !ReportFormat.isStepEnd(e))
                .sorted(Comparator.comparing(TimelineEvent::at))
                .toList();
        if (events.isEmpty() && spans.isEmpty()) {
            return "<p class=\"muted\">No events were recorded.</p>\n";
        }

        // Time range: the run, widened to anything recorded outside it.
        Instant t0 = r.started();
        Instant t1 = r.finished();
        for (TimelineEvent e : events) {
            if (t0 == null || e.at().isBefore(t0)) t0 = e.at();
            if (t1 == null || e.at().isAfter(t1)) t1 = e.at();
        }
        for (Span sp : spans.values()) {
            if (t0 == null || sp.start().isBefore(t0)) t0 = sp.start();
            if (t1 == null || sp.end().isAfter(t1)) t1 = sp.end();
        }
        long totalMillis = Math.max(1000, Duration.between(t0, t1).toMillis());
        Instant origin = t0;
        double plotW = WIDTH - LEFT - RIGHT;
        java.util.function.ToDoubleFunction<Instant> x = at ->
                LEFT + Math.max(0, Math.min(1, Duration.between(origin, at).toMillis() / (double) totalMillis)) * plotW;

        // Lanes: steps, then nodes in report order, then nodes named only by events, then lab-wide events.
        List<String> lanes = new ArrayList<>();
        for (Node node : r.nodes()) if (!lanes.contains(ReportFormat.nullToEmpty(node.name()))) lanes.add(ReportFormat.nullToEmpty(node.name()));
        boolean labLane = false;
        for (TimelineEvent e : events) {
            if (blank(e.node())) labLane = true;
            else if (!lanes.contains(e.node())) lanes.add(e.node());
        }
        if (labLane) lanes.add(LAB_LANE);
        Map<String, Integer> laneIndex = new HashMap<>();
        for (int i = 0; i < lanes.size(); i++) laneIndex.put(lanes.get(i), i + 1); // lane 0 is the steps lane
        int laneCount = lanes.size() + 1;
        double lanesBottom = TOP + laneCount * LANE_H;

        // Fault labels under the plot, each on the first row where it does not overlap the one before.
        List<TimelineEvent> faults = events.stream().filter(ReportFormat::isFault).toList();
        List<double[]> faultLabels = new ArrayList<>(); // x, row, width
        List<Double> rowEnds = new ArrayList<>();
        for (TimelineEvent f : faults) {
            String text = faultLabel(f);
            double fx = x.applyAsDouble(f.at());
            double w = text.length() * CHAR_W + 8;
            double lx = Math.min(fx, WIDTH - RIGHT - w);
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > lx) row++;
            if (row == rowEnds.size()) rowEnds.add(0.0);
            rowEnds.set(row, lx + w);
            faultLabels.add(new double[] {lx, row, w});
        }
        double faultsBottom = lanesBottom + (rowEnds.isEmpty() ? 0 : 8 + rowEnds.size() * FAULT_ROW_H);
        double height = faultsBottom + 40;

        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"timeline\" width=\"").append(WIDTH).append("\" height=\"").append(n(height))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(n(height))
                .append("\" role=\"img\" aria-label=\"timeline of ").append(events.size()).append(" events\">\n");

        // Lane stripes and names.
        for (int i = 0; i < laneCount; i++) {
            double y = TOP + i * LANE_H;
            String name = i == 0 ? "steps" : lanes.get(i - 1);
            s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(plotW))
                    .append("\" height=\"").append(LANE_H).append("\" class=\"").append(i % 2 == 0 ? "lane-even" : "lane-odd").append("\"/>");
            s.append("<text x=\"").append(LEFT - 10).append("\" y=\"").append(n(y + LANE_H / 2.0 + 4))
                    .append("\" text-anchor=\"end\" class=\"").append(i == 0 ? "lane-name steps-lane" : "lane-name").append("\">");
            s.append("<title>").append(esc(name)).append("</title>").append(esc(cut(name, 16))).append("</text>\n");
        }

        // Axis: ticks at a round interval, grid lines through the lanes.
        long tick = niceTick(totalMillis);
        s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(n(LEFT + plotW))
                .append("\" y2=\"").append(TOP).append("\" class=\"axis\"/>\n");
        for (long t = 0; t <= totalMillis; t += tick) {
            double tx = LEFT + t / (double) totalMillis * plotW;
            s.append("<line x1=\"").append(n(tx)).append("\" y1=\"").append(TOP - 5).append("\" x2=\"").append(n(tx))
                    .append("\" y2=\"").append(n(lanesBottom)).append("\" class=\"grid\"/>");
            s.append("<text x=\"").append(n(tx)).append("\" y=\"").append(TOP - 9).append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(esc(tickLabel(t, tick))).append("</text>\n");
        }

        // Fault steps: a red band over their time across every lane.
        for (StepResult st : r.steps()) {
            Span sp = spans.get(st.index());
            if (sp == null || !"fault".equalsIgnoreCase(ReportFormat.nullToEmpty(st.kind()).trim())) continue;
            double bx = x.applyAsDouble(sp.start());
            double bw = Math.max(3, x.applyAsDouble(sp.end()) - bx);
            s.append("<rect x=\"").append(n(bx)).append("\" y=\"").append(TOP).append("\" width=\"").append(n(bw))
                    .append("\" height=\"").append(n(lanesBottom - TOP)).append("\" class=\"fault-band\"><title>")
                    .append(esc("fault step " + ReportFormat.stepTitle(st))).append("</title></rect>\n");
        }

        // Step bars.
        for (StepResult st : r.steps()) {
            Span sp = spans.get(st.index());
            if (sp == null) continue;
            double bx = x.applyAsDouble(sp.start());
            double bw = Math.max(3, x.applyAsDouble(sp.end()) - bx);
            double by = TOP + 6;
            String verdict = st.verdict() == null ? "INFO" : st.verdict().name();
            s.append("<g class=\"step-bar ").append(verdict.toLowerCase(Locale.ROOT)).append("\"><title>")
                    .append(esc("step " + ReportFormat.stepTitle(st) + "\n" + verdict + " in " + ReportFormat.duration(st.durationMillis())
                            + (blank(st.reason()) ? "" : "\n" + st.reason())))
                    .append("</title><rect x=\"").append(n(bx)).append("\" y=\"").append(n(by)).append("\" width=\"").append(n(bw))
                    .append("\" height=\"").append(LANE_H - 12).append("\" rx=\"3\"/>");
            String idx = Integer.toString(st.index());
            if (bw >= idx.length() * CHAR_W + 6) {
                s.append("<text x=\"").append(n(bx + bw / 2)).append("\" y=\"").append(n(by + 13))
                        .append("\" text-anchor=\"middle\" class=\"step-num\">").append(idx).append("</text>");
            }
            s.append("</g>\n");
        }

        // Fault lines across all lanes, with their labels below.
        for (int i = 0; i < faults.size(); i++) {
            TimelineEvent f = faults.get(i);
            double fx = x.applyAsDouble(f.at());
            double[] lbl = faultLabels.get(i);
            double ly = lanesBottom + 8 + lbl[1] * FAULT_ROW_H + 11;
            s.append("<g class=\"fault\"><title>").append(esc(tooltip(r, f))).append("</title>");
            s.append("<line x1=\"").append(n(fx)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(n(fx))
                    .append("\" y2=\"").append(n(ly - 10)).append("\" class=\"fault-line\"/>");
            s.append("<text x=\"").append(n(lbl[0] + 3)).append("\" y=\"").append(n(ly)).append("\" class=\"fault-label\">")
                    .append(esc(faultLabel(f))).append("</text></g>\n");
        }

        // Event marks; marks closer than 9 px in a lane are stacked up and down so each stays hoverable.
        Map<String, List<Double>> levelEnds = new LinkedHashMap<>();
        double[] levelOffsets = {0, -8, 8};
        for (TimelineEvent e : events) {
            String lane = blank(e.node()) ? LAB_LANE : e.node();
            double cy = TOP + laneIndex.get(lane) * LANE_H + LANE_H / 2.0;
            double ex = x.applyAsDouble(e.at());
            List<Double> ends = levelEnds.computeIfAbsent(lane, k -> new ArrayList<>(List.of(-1e9, -1e9, -1e9)));
            int level = 0;
            while (level < 3 && ex - ends.get(level) < 9) level++;
            if (level == 3) level = 0;
            ends.set(level, ex);
            cy += levelOffsets[level];
            s.append("<g class=\"ev ").append(markClass(e)).append("\"><title>").append(esc(tooltip(r, e))).append("</title>")
                    .append(mark(e, ex, cy)).append("</g>\n");
        }

        legend(s, faultsBottom + 26);
        s.append("</svg>\n");
        return s.toString();
    }

    private static String faultLabel(TimelineEvent f) {
        return "⚡ " + cut((blank(f.node()) ? "" : f.node() + ": ") + ReportFormat.nullToEmpty(f.text()), 48);
    }

    static String tooltip(LabReport r, TimelineEvent e) {
        return ReportFormat.offset(r, e.at()) + "  " + ReportFormat.time(e.at())
                + "\n" + (blank(e.node()) ? LAB_LANE : e.node()) + "  " + ReportFormat.nullToEmpty(e.kind())
                + "\n" + ReportFormat.nullToEmpty(e.text());
    }

    static String markClass(TimelineEvent e) {
        String k = ReportFormat.nullToEmpty(e.kind()).toLowerCase(Locale.ROOT);
        if (ReportFormat.isFault(e)) return "ev-fault";
        if (k.contains("session") || k.contains("peer") || k.contains("state")) return "ev-session";
        if (k.contains("route") || k.contains("rib") || k.contains("prefix")) return "ev-route";
        return "ev-other";
    }

    private static String mark(TimelineEvent e, double x, double y) {
        return switch (markClass(e)) {
            case "ev-fault" -> "<path d=\"M" + n(x) + " " + n(y - 7) + " L" + n(x + 7) + " " + n(y) + " L" + n(x) + " " + n(y + 7)
                    + " L" + n(x - 7) + " " + n(y) + " Z\"/>";
            case "ev-route" -> "<rect x=\"" + n(x - 4) + "\" y=\"" + n(y - 4) + "\" width=\"8\" height=\"8\"/>";
            case "ev-session" -> "<circle cx=\"" + n(x) + "\" cy=\"" + n(y) + "\" r=\"5\"/>";
            default -> "<circle cx=\"" + n(x) + "\" cy=\"" + n(y) + "\" r=\"4\"/>";
        };
    }

    private static void legend(StringBuilder s, double y) {
        double x = LEFT;
        s.append("<g class=\"legend\">");
        String[][] bars = {{"pass", "step passed"}, {"fail", "step failed"}, {"info", "step (info)"}};
        for (String[] b : bars) {
            s.append("<g class=\"step-bar ").append(b[0]).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y - 10))
                    .append("\" width=\"22\" height=\"12\" rx=\"3\"/></g>");
            s.append("<text x=\"").append(n(x + 28)).append("\" y=\"").append(n(y)).append("\" class=\"tick\">").append(b[1]).append("</text>");
            x += 28 + b[1].length() * CHAR_W + 18;
        }
        String[][] marks = {{"ev-session", "session"}, {"ev-route", "route"}, {"ev-fault", "fault"}, {"ev-other", "other"}};
        for (String[] m : marks) {
            TimelineEvent sample = new TimelineEvent(Instant.EPOCH, "", m[1], "");
            s.append("<g class=\"ev ").append(m[0]).append("\">").append(mark(sample, x + 6, y - 4)).append("</g>");
            s.append("<text x=\"").append(n(x + 18)).append("\" y=\"").append(n(y)).append("\" class=\"tick\">").append(m[1]).append("</text>");
            x += 18 + m[1].length() * CHAR_W + 18;
        }
        s.append("</g>\n");
    }

    /** A round tick interval giving about 6 to 12 ticks: 1, 2 or 5 times a power of ten milliseconds. */
    static long niceTick(long totalMillis) {
        double raw = totalMillis / 10.0;
        double pow = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
        for (double f : new double[] {1, 2, 5, 10}) if (f * pow >= raw) return Math.max(1, Math.round(f * pow));
        return Math.max(1, Math.round(10 * pow));
    }

    static String tickLabel(long t, long tick) {
        if (t == 0) return "0";
        if (tick < 1000) return ReportFormat.number(t / 1000.0) + " s";
        long sec = t / 1000;
        if (tick >= 60_000 || sec >= 600) return (sec / 60) + ":" + String.format(Locale.ROOT, "%02d", sec % 60);
        return sec + " s";
    }
}
