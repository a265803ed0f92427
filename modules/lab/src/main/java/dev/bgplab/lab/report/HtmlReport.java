package dev.bgplab.lab.report;

import static dev.bgplab.lab.report.Markup.esc;
import static dev.bgplab.lab.report.ReportFormat.blank;

import dev.bgplab.lab.report.LabReport.RouteChange;
import dev.bgplab.lab.report.LabReport.StepResult;
import dev.bgplab.lab.report.LabReport.TimelineEvent;
import dev.bgplab.lab.report.LabReport.Verdict;
import dev.bgplab.lab.report.ReportFormat.Measurement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG only, no scripts, nothing
 * fetched, works offline). Verdict banner; the topology drawn ({@link TopologySvg}); the steps with
 * verdict colours, reasons and durations; measurements; the timeline plotted ({@link TimelineSvg});
 * routes that changed; the actual RIB of each failed expectation. All text is escaped and the
 * markup is well-formed XML, so the page also parses as XHTML.
 */
public final class HtmlReport {

    private static final String CSS = loadCss();

    private HtmlReport() {}

    public static String render(LabReport r) {
        StringBuilder h = new StringBuilder(32_768);
        String verdict = ReportFormat.verdict(r);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(esc(verdict + " · " + ReportFormat.nullToEmpty(r.name()) + " · bgplab lab report")).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, r);
        section(h, "topology", "Topology", TopologySvg.render(r));
        steps(h, r);
        measurements(h, r);
        timeline(h, r);
        routeChanges(h, r);
        captures(h, r);
        effectiveRoutes(h, r);
        actualRibs(h, r);
        h.append("<footer>bgplab lab report · generated from ").append(esc(blank(r.scenarioFile()) ? "the scenario" : r.scenarioFile()))
                .append(" · times in UTC</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, LabReport r) {
        String cls = r.passed() ? "pass" : "fail";
        h.append("<header>\n<h1>").append(esc(r.name())).append("</h1>\n");
        h.append("<div class=\"banner ").append(cls).append("\" id=\"verdict\"><span class=\"word\">").append(ReportFormat.verdict(r))
                .append("</span><span class=\"detail\">").append(esc(ReportFormat.summary(r))).append(" · ")
                .append(esc(ReportFormat.duration(ReportFormat.runMillis(r)))).append(" · ")
                .append(r.nodes().size()).append(r.nodes().size() == 1 ? " node" : " nodes").append(" · runtime ")
                .append(esc(blank(r.runtime()) ? "?" : r.runtime())).append("</span></div>\n");
        h.append("<dl class=\"meta\">");
        meta(h, "topology", r.topologyFile());
        meta(h, "scenario", r.scenarioFile());
        meta(h, "runtime", r.runtime());
        meta(h, "started", ReportFormat.time(r.started()));
        meta(h, "finished", ReportFormat.time(r.finished()));
        h.append("</dl>\n</header>\n");
    }

    private static void meta(StringBuilder h, String name, String value) {
        if (blank(value)) return;
        h.append("<dt>").append(name).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private static void section(StringBuilder h, String id, String title, String body) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n").append(body).append("</section>\n");
    }

    private static String verdictClass(Verdict v) { return (v == null ? Verdict.INFO : v).name().toLowerCase(Locale.ROOT); }

    private static void steps(StringBuilder h, LabReport r) {
        StringBuilder b = new StringBuilder();
        if (r.steps().isEmpty()) {
            b.append("<p class=\"muted\">The scenario had no steps.</p>\n");
        } else {
            b.append("<table class=\"steps\">\n<thead><tr><th class=\"num\">#</th><th>kind</th><th>step</th><th>verdict</th>")
                    .append("<th class=\"num\">took</th><th>reason</th></tr></thead>\n<tbody>\n");
            for (StepResult s : r.steps()) {
                String cls = verdictClass(s.verdict());
                b.append("<tr class=\"").append(cls).append("\" id=\"step-").append(s.index()).append("\">")
                        .append("<td class=\"num\">").append(s.index()).append("</td>")
                        .append("<td>").append(esc(s.kind())).append("</td>")
                        .append("<td class=\"desc\">").append(esc(s.description()));
                if (s.verdict() == Verdict.FAIL && !blank(s.actualRib())) {
                    b.append(" <a href=\"#rib-").append(s.index()).append("\">(actual RIB)</a>");
                }
                b.append("</td><td><span class=\"badge ").append(cls).append("\">").append(cls.toUpperCase(Locale.ROOT))
                        .append("</span></td><td class=\"num\">").append(esc(ReportFormat.duration(s.durationMillis())))
                        .append("</td><td class=\"reason\">").append(esc(ReportFormat.nullToEmpty(s.reason()).strip())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        section(h, "steps", "Steps", b.toString());
    }

    private static void measurements(StringBuilder h, LabReport r) {
        List<StepResult> measured = r.steps().stream().filter(s -> !s.measurements().isEmpty()).toList();
        if (measured.isEmpty()) return;
        StringBuilder b = new StringBuilder("<div class=\"cards\">\n");
        for (StepResult s : measured) {
            for (Measurement m : ReportFormat.measurements(s.measurements())) {
                b.append("<div class=\"card\"><div class=\"value\">").append(esc(m.value())).append("</div><div class=\"label\">")
                        .append(esc(m.label())).append("</div><div class=\"step\">step ").append(s.index()).append(" · ")
                        .append(esc(Markup.cut(s.description(), 60))).append("</div></div>\n");
            }
        }
        b.append("</div>\n");
        section(h, "measurements", "Measurements", b.toString());
    }

    private static void timeline(StringBuilder h, LabReport r) {
        StringBuilder b = new StringBuilder(TimelineSvg.render(r));
        List<TimelineEvent> events = r.timeline().stream()
                .sorted(Comparator.comparing(TimelineEvent::at, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        if (!events.isEmpty()) {
            b.append("<details><summary>All ").append(events.size()).append(events.size() == 1 ? " event" : " events")
                    .append("</summary>\n<table class=\"events\">\n<thead><tr><th class=\"num\">time</th><th>node</th><th>kind</th><th>what</th></tr></thead>\n<tbody>\n");
            for (TimelineEvent e : events) {
                b.append("<tr").append(ReportFormat.isFault(e) ? " class=\"fail\"" : "").append("><td class=\"num mono\">")
                        .append(esc(ReportFormat.offset(r, e.at()))).append("</td><td>").append(esc(blank(e.node()) ? TimelineSvg.LAB_LANE : e.node()))
                        .append("</td><td>").append(esc(e.kind())).append("</td><td class=\"reason\">").append(esc(e.text())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n</details>\n");
        }
        section(h, "timeline", "Timeline", b.toString());
    }

    private static void routeChanges(StringBuilder h, LabReport r) {
        StringBuilder b = new StringBuilder();
        if (r.routeChanges().isEmpty()) {
            b.append("<p class=\"muted\">No route changed during the run.</p>\n");
        } else {
            b.append("<table class=\"routes\">\n<thead><tr><th class=\"num\">time</th><th>node</th><th>prefix</th><th>before</th><th>after</th></tr></thead>\n<tbody>\n");
            for (RouteChange c : r.routeChanges()) {
                b.append("<tr><td class=\"num mono\">").append(esc(ReportFormat.offset(r, c.at()))).append("</td><td>").append(esc(c.node()))
                        .append("</td><td class=\"mono\">").append(esc(c.prefix())).append("</td><td class=\"mono before\">")
                        .append(esc(blank(c.before()) ? "(none)" : c.before())).append("</td><td class=\"mono after\">")
                        .append(esc(blank(c.after()) ? "(none)" : c.after())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        section(h, "routes", "Routes that changed", b.toString());
    }

    private static void captures(StringBuilder h, LabReport r) {
        if (r.captures().isEmpty()) return;
        StringBuilder b = new StringBuilder("<ul>\n");
        for (LabReport.Capture c : r.captures()) {
            b.append("<li><a href=\"").append(esc(c.fileName())).append("\">").append(esc(c.endpoint())).append("</a> (")
                    .append(c.bytes()).append(" bytes, pcap: open with Wireshark or tcpdump -r)</li>\n");
        }
        section(h, "captures", "Packet captures", b.append("</ul>\n").toString());
    }

    private static void effectiveRoutes(StringBuilder h, LabReport r) {
        if (r.effectiveRoutes().isEmpty()) return;
        StringBuilder b = new StringBuilder();
        for (LabReport.NodeEffectiveRoutes e : r.effectiveRoutes()) {
            b.append("<h3>").append(esc(e.node() + " (" + e.role() + ")")).append("</h3>\n<p>virtual network ")
                    .append(esc(String.join(", ", e.virtualNetwork())))
                    .append(e.vms().isEmpty() ? "" : esc("; programs " + String.join(", ", e.vms()))).append("</p>\n");
            b.append("<table><thead><tr><th>prefix</th><th>next hops</th><th>source</th><th>AS path</th></tr></thead><tbody>\n");
            for (LabReport.EffectiveRoute x : e.routes()) {
                b.append("<tr><td>").append(esc(x.prefix())).append("</td><td>").append(esc(String.join(", ", x.nextHops())))
                        .append("</td><td>").append(esc(x.source())).append("</td><td>").append(esc(x.asPath())).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
            for (String x : e.notProgrammed()) b.append("<p>not programmed: ").append(esc(x)).append("</p>\n");
        }
        section(h, "effective-routes", "Effective routes (what Azure would program into the VMs, at the end of the run)", b.toString());
    }

    private static void actualRibs(StringBuilder h, LabReport r) {
        // failed expectations, and absent ones that passed (a bgplab node's explain says why the route is missing)
        List<StepResult> failed = r.steps().stream().filter(s -> !blank(s.actualRib())).toList();
        if (failed.isEmpty()) return;
        StringBuilder b = new StringBuilder();
        for (StepResult s : failed) {
            b.append("<h3 id=\"rib-").append(s.index()).append("\">Step ").append(esc(ReportFormat.stepTitle(s))).append("</h3>\n");
            if (!blank(s.reason())) b.append("<p class=\"before\">").append(esc(s.reason().strip())).append("</p>\n");
            b.append("<pre>").append(esc(s.actualRib().stripTrailing())).append("</pre>\n");
        }
        section(h, "actual-ribs", "Actual RIB of failed expectations", b.toString());
    }

    private static String loadCss() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/report.css")) {
            if (in == null) throw new IllegalStateException("report/report.css is missing from the bgplab-lab jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report/report.css", e);
        }
    }
}
