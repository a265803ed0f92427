package dev.bgplab.lab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The report folder {@code bgplab lab run} leaves behind: report.txt, report.json and report.html. */
public final class ReportFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The three files, as written. */
    public record Written(Path directory, Path text, Path json, Path html) {}

    private ReportFiles() {}

    /** {@code <root>/<lab>-<yyyyMMdd-HHmmss>} (UTC start time; the lab name reduced to [A-Za-z0-9._-]). */
    public static Path directoryFor(Path root, LabReport report) {
        String name = report.name() == null ? "lab" : report.name().replaceAll("[^A-Za-z0-9._-]+", "_");
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) name = "lab";
        Instant at = report.started() == null ? Instant.now() : report.started();
        return root.resolve(name + "-" + STAMP.format(at));
    }

    /** Writes all three renderings into {@code directory}, creating it. */
    public static Written write(LabReport report, Path directory) {
        try {
            Files.createDirectories(directory);
            Path text = directory.resolve("report.txt");
            Path json = directory.resolve("report.json");
            Path html = directory.resolve("report.html");
            Files.writeString(text, TextReport.render(report), StandardCharsets.UTF_8);
            JsonReport.write(report, json);
            Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
            for (LabReport.Capture c : report.captures()) {
                Path target = directory.resolve(c.fileName());
                Files.createDirectories(target.getParent());
                Files.copy(Path.of(c.source()), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new Written(directory, text, json, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of lab '" + report.name() + "' to " + directory, e);
        }
    }
}
