/**
 * What a lab run produced ({@link dev.bgplab.lab.report.LabReport}) and its three renderings,
 * which {@code bgplab lab run} writes to {@code reports/<lab>-<timestamp>/}
 * ({@link dev.bgplab.lab.report.ReportFiles#write}):
 * <ul>
 *   <li>{@link dev.bgplab.lab.report.TextReport}: {@code report.txt} and the terminal (ANSI colour
 *       only when asked);
 *   <li>{@link dev.bgplab.lab.report.JsonReport}: {@code report.json}, read back with
 *       {@code JsonReport.read} (times as ISO-8601 strings);
 *   <li>{@link dev.bgplab.lab.report.HtmlReport}: {@code report.html}, one self-contained page (inline
 *       CSS and SVG, no scripts, nothing fetched): verdict, topology drawing, steps, measurements,
 *       timeline plot, route changes, actual RIBs of failed expectations.
 * </ul>
 *
 * <p>Conventions the renderers read from a report (the harness produces them):
 * <ul>
 *   <li>Measurement keys ({@link dev.bgplab.lab.report.LabReport.StepResult#measurements}) are
 *       camelCase; a key ending in {@code Millis} is shown in seconds ({@code convergenceMillis
 *       2310} reads "convergence 2.31 s"); a pair {@code xLost} and {@code xSent} reads as a loss
 *       ({@code probesLost 14, probesSent 500} reads "probe loss 14/500 (2.8 %)"); any other key is
 *       shown as its words and number ({@code pathsInstalled 2} reads "paths installed 2").
 *   <li>Timeline events of kind {@code step-start} and {@code step-end} whose text begins with the
 *       step index ("3 expect ...") give the step bars on the timeline; without them the steps are
 *       drawn one after another from {@code started}, each as long as its duration.
 *   <li>Timeline kind {@code fault} is highlighted; {@code session} and {@code route} get marks of
 *       their own; an event whose node is null or blank goes on a "lab" lane.
 *   <li>A node's {@code addresses} entry {@code asn} (or {@code as}) is shown as its AS number; the
 *       other entries as addresses.
 * </ul>
 */
package dev.bgplab.lab.report;
