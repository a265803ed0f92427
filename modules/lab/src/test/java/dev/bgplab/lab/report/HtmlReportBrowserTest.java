package dev.bgplab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renders the sample report in headless Chromium (Debian package {@code chromium}) and checks the
 * screenshot shows a drawn page, not a blank or broken one. The page and the PNG stay in
 * target/report-screenshot/ for a person to look at. Chromium gets a throwaway profile and every
 * network feature it would use off; the page itself references nothing outside the file.
 */
@Tag("browser")
class HtmlReportBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void chromiumDrawsTheSampleReport() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: /usr/bin/chromium is missing (Debian package 'chromium')");
        Path dir = Path.of("target", "report-screenshot").toAbsolutePath();
        Files.createDirectories(dir);
        Path html = dir.resolve("sample.html");
        Path png = dir.resolve("report.png");
        Files.deleteIfExists(png);
        Files.writeString(html, HtmlReport.render(SampleReports.routeServerLab()), StandardCharsets.UTF_8);
        Path profile = Files.createTempDirectory("bgplab-chromium-");
        try {
            Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--screenshot=" + png, "--window-size=1400,1800", html.toUri().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("chromium.log").toFile())
                    .start();
            boolean exited = p.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(exited).as("chromium finished within 120 s (log: %s)", dir.resolve("chromium.log")).isTrue();
            p.descendants().forEach(ProcessHandle::destroyForcibly); // a helper outliving the browser is ours too
        } finally {
            deleteTree(profile);
        }

        assertThat(png).as("screenshot (log: %s)", dir.resolve("chromium.log")).exists();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y) & 0xffffff);
        }
        // Verdict red, kind colours, step bars, antialiased text: a blank or unstyled page has far fewer.
        assertThat(colours.size()).isGreaterThan(300);
        assertThat(colours).contains(0xc62828); // the FAIL banner
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
