package dev.bgplab.lab.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The interoperability matrix (peer x feature: pass / fail / peer lacks it), written by the
 * interop suite as it runs: one JSON line per check in {@code target/interop/matrix.jsonl}, and the
 * table rendered again after each check to {@code target/interop/interop-matrix.md}. The last
 * verdict for a (peer, feature) pair wins. Thread-safe (tests may run in parallel).
 */
public final class InteropMatrix {

    public enum CellOutcome {
        PASS("pass"), FAIL("FAIL"), PEER_LACKS("peer lacks it");
        final String label;
        CellOutcome(String label) { this.label = label; }
    }

    /** Assertions for one cell. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private static final Path DIR = Path.of(System.getProperty("bgplab.interop.dir", "target/interop"));

    private InteropMatrix() {}

    /** Runs the assertions, records pass or fail for (peer, feature), and rethrows a failure. */
    public static void check(String peer, String feature, Check check) throws Exception {
        try {
            check.run();
            record(peer, feature, CellOutcome.PASS, "");
        } catch (Exception | AssertionError e) {
            record(peer, feature, CellOutcome.FAIL, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw e;
        }
    }

    /** Records that the peer implementation does not offer the feature, and why we know. */
    public static void peerLacks(String peer, String feature, String why) {
        record(peer, feature, CellOutcome.PEER_LACKS, why);
    }

    public static synchronized void record(String peer, String feature, CellOutcome outcome, String note) {
        try {
            Files.createDirectories(DIR);
            String line = "{\"peer\":\"" + esc(peer) + "\",\"feature\":\"" + esc(feature) + "\",\"outcome\":\"" + outcome.name()
                    + "\",\"note\":\"" + esc(note) + "\",\"at\":\"" + Instant.now() + "\"}\n";
            Files.writeString(DIR.resolve("matrix.jsonl"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            render();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void render() throws IOException {
        Map<String, Map<String, String[]>> cells = new LinkedHashMap<>(); // feature -> peer -> {outcome, note}
        TreeSet<String> peers = new TreeSet<>();
        for (String l : Files.readAllLines(DIR.resolve("matrix.jsonl"))) {
            String peer = field(l, "peer"), feature = field(l, "feature");
            peers.add(peer);
            cells.computeIfAbsent(feature, k -> new LinkedHashMap<>()).put(peer, new String[] {field(l, "outcome"), field(l, "note")});
        }
        StringBuilder md = new StringBuilder("# bgplab interoperability matrix\n\nWritten by the interop suite (")
                .append(Instant.now()).append("). Rows are features, columns the peer implementation bgplab ran against.\n\n| feature |");
        for (String p : peers) md.append(' ').append(p).append(" |");
        md.append("\n|---|");
        md.append("---|".repeat(peers.size())).append('\n');
        List<String> notes = new ArrayList<>();
        for (var row : cells.entrySet()) {
            md.append("| ").append(row.getKey()).append(" |");
            for (String p : peers) {
                String[] c = row.getValue().get(p);
                if (c == null) {
                    md.append(" - |");
                    continue;
                }
                String label = CellOutcome.valueOf(c[0]).label;
                if (!c[1].isEmpty()) {
                    notes.add(p + " / " + row.getKey() + ": " + c[1]);
                    label += " [" + notes.size() + "]";
                }
                md.append(' ').append(label).append(" |");
            }
            md.append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            for (int i = 0; i < notes.size(); i++) md.append(i + 1).append(". ").append(notes.get(i)).append('\n');
        }
        Files.writeString(DIR.resolve("interop-matrix.md"), md.toString());
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int i = json.indexOf(key) + key.length();
        StringBuilder b = new StringBuilder();
        for (int j = i; j < json.length(); j++) {
            char c = json.charAt(j);
            if (c == '\\' && j + 1 < json.length()) b.append(json.charAt(++j));
            else if (c == '"') break;
            else b.append(c);
        }
        return b.toString();
    }
}
