package dev.bgplab.lab.report;

import static dev.bgplab.lab.report.ReportFormat.blank;
import static dev.bgplab.lab.report.ReportFormat.clean;

import dev.bgplab.lab.report.LabReport.Node;
import dev.bgplab.lab.report.LabReport.RouteChange;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.report.ReportFormat.Measurement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report for a terminal and for {@code report.txt}: header with the verdict, one line per step
 * ({@code [PASS] 3 expect 10.0.0.0/8 at rs1 has next hops {10.0.1.4, 10.0.1.5}  (1.2 s)}) with the
 * reason indented under a failure, measurements, routes that changed, and the actual RIB of each
 * failed expectation. Plain text unless ANSI colour is asked for.
 */
public final class TextReport {

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final String REASON_INDENT = "       "; // under the step number, past "[FAIL] "

    private final boolean colour;
    private final StringBuilder out = new StringBuilder();

    private TextReport(boolean colour) { this.colour = colour; }

    /** Plain text, for report.txt and pipes. */
    public static String render(LabReport report) { return render(report, false); }

    /** With {@code colour}, verdicts and headings carry ANSI colour codes (for a terminal). */
    public static String render(LabReport report, boolean colour) {
        TextReport t = new TextReport(colour);
        t.header(report);
        t.steps(report);
        t.measurements(report);
        t.routeChanges(report);
        t.actualRibs(report);
        if (!report.captures().isEmpty()) {
            t.heading("Packet captures");
            for (LabReport.Capture c : report.captures()) t.line("  " + c.endpoint() + ": " + c.fileName() + " (" + c.bytes() + " bytes)");
        }
        if (!report.effectiveRoutes().isEmpty()) {
            t.heading("Effective routes (what Azure would program into the VMs, at the end of the run)");
            for (LabReport.NodeEffectiveRoutes e : report.effectiveRoutes()) {
                t.line("  " + e.node() + " (" + e.role() + "), virtual network " + e.virtualNetwork()
                        + (e.vms().isEmpty() ? "" : ", programs " + String.join(", ", e.vms())));
                t.line(String.format("    %-20s %-34s %-40s %s", "prefix", "next hops", "source", "AS path"));
                for (LabReport.EffectiveRoute r : e.routes()) {
                    t.line(String.format("    %-20s %-34s %-40s %s", r.prefix(), String.join(", ", r.nextHops()), r.source(), r.asPath()));
                }
                e.notProgrammed().forEach(x -> t.line("    not programmed: " + x));
            }
        }
        t.footer(report);
        return t.out.toString();
    }

    private void header(LabReport r) {
        line(paint(BOLD, "Lab " + clean(r.name())) + "  " + verdictWord(r.passed() ? Verdict.PASS : Verdict.FAIL)
                + "  " + ReportFormat.summary(r));
        field("runtime", r.runtime());
        field("topology", r.topologyFile());
        field("scenario", r.scenarioFile());
        field("started", ReportFormat.time(r.started()));
        field("finished", ReportFormat.time(r.finished()));
        field("duration", ReportFormat.duration(ReportFormat.runMillis(r)));
        if (!r.nodes().isEmpty()) {
            field("nodes", r.nodes().stream().map(TextReport::nodeLine).collect(Collectors.joining(", ")));
        }
        if (!r.links().isEmpty()) {
            field("links", r.links().stream()
                    .map(l -> clean(l.a()) + " - " + clean(l.b())
                            + (l.subnets() == null || l.subnets().isEmpty() ? "" : " " + String.join(" ", l.subnets())))
                    .collect(Collectors.joining(", ")));
        }
    }

    private static String nodeLine(Node n) {
        String what = ReportFormat.nodeSummary(n);
        return clean(n.name()) + (what.isEmpty() ? "" : " (" + clean(what) + ")");
    }

    private void steps(LabReport r) {
        heading("Steps");
        if (r.steps().isEmpty()) line("  (no steps)");
        for (StepResult s : r.steps()) {
            line(verdictWord(s.verdict()) + " " + ReportFormat.stepTitle(s)
                    + "  " + paint(DIM, "(" + ReportFormat.duration(s.durationMillis()) + ")"));
            if (s.verdict() != Verdict.PASS && !blank(s.reason())) {
                for (String l : clean(s.reason()).strip().split("\n")) line(REASON_INDENT + paint(s.verdict() == Verdict.FAIL ? RED : "", l));
            }
        }
    }

    private void measurements(LabReport r) {
        List<StepResult> measured = r.steps().stream().filter(s -> !s.measurements().isEmpty()).toList();
        if (measured.isEmpty()) return;
        heading("Measurements");
        for (StepResult s : measured) {
            for (Measurement m : ReportFormat.measurements(s.measurements())) {
                line("  " + paint(BOLD, m.label() + " " + m.value()) + "  " + paint(DIM, "(step " + s.index() + ")"));
            }
        }
    }

    private void routeChanges(LabReport r) {
        if (r.routeChanges().isEmpty()) return;
        heading("Routes that changed");
        for (RouteChange c : r.routeChanges()) {
            line("  " + ReportFormat.offset(r, c.at()) + "  " + clean(c.node()) + "  " + clean(c.prefix()) + "  "
                    + routeText(c.before()) + "  ->  " + routeText(c.after()));
        }
    }

    private static String routeText(String s) { return blank(s) ? "(none)" : clean(s).replace('\n', ' ').strip(); }

    private void actualRibs(LabReport r) {
        for (StepResult s : r.steps()) {
            if (blank(s.actualRib())) continue;
            heading((s.verdict() == Verdict.FAIL ? "Actual RIB for step " : "Why absent, step ") + ReportFormat.stepTitle(s));
            for (String l : clean(s.actualRib()).stripTrailing().split("\n")) line("    " + l);
        }
    }

    private void footer(LabReport r) {
        out.append('\n');
        line(verdictWord(r.passed() ? Verdict.PASS : Verdict.FAIL) + " " + clean(r.name()) + ": " + ReportFormat.summary(r)
                + " in " + ReportFormat.duration(ReportFormat.runMillis(r)));
    }

    private String verdictWord(Verdict v) {
        Verdict shown = v == null ? Verdict.INFO : v;
        String code = switch (shown) {
            case PASS -> GREEN;
            case FAIL -> RED + BOLD;
            case INFO -> CYAN;
        };
        return paint(code, "[" + shown + "]");
    }

    private void heading(String text) {
        out.append('\n');
        line(paint(BOLD + YELLOW, clean(text)));
    }

    private void field(String name, String value) {
        if (blank(value)) return;
        line("  " + String.format("%-9s", name) + " " + clean(value).replace('\n', ' '));
    }

    private String paint(String code, String text) {
        return colour && !code.isEmpty() ? code + text + RESET : text;
    }

    private void line(String s) { out.append(s).append('\n'); }
}
