package dev.bgplab.lab.differential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of {@code differential/as-path-cases.txt}: an input AS path, the session (and so the
 * neighbor option or route-map) it crosses on the device under test, and where the expected output
 * comes from.
 *
 * @param id        short name, also the key of the prefix-list that selects the case's prefix
 * @param session   the DUT session that carries the case
 * @param input     the path the injector sends after its own ASN, bgplab notation ({@code 100 {300 400}})
 * @param frrSet    route-map set lines for FRR (empty: none, or FRR 8.4 lacks the command)
 * @param bgplabSet route-map set lines for bgplab
 * @param expected  null: compare with FRR live; "absent"; else the path the collector must show
 * @param source    where the expectation comes from
 */
record AsPathCase(String id, Session session, String input, List<String> frrSet, List<String> bgplabSet,
                  String expected, Source source) {

    static final String ABSENT = "absent";

    enum Source {
        LIVE("FRR 8.4 live"), DOCS("FRR docs (9.1+)"), RFC7606("RFC 7606 (FRR 8.4 output malformed)");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    /** The path as the device under test receives it: the injector's ASN in front. */
    String receivedPath() {
        String asn = session == Session.ORIGIN ? "65002" : "4200000001";
        return AsPathText.frr(asn + " " + input);
    }

    /** What the case does, as the FRR command a reader would type. */
    String operation() {
        if (session == Session.RM) return String.join("; ", bgplabSet);
        return session.command;
    }

    /** The row of the interop matrix this case counts towards. */
    String family() {
        if (session != Session.RM) return session.family;
        String op = bgplabSet.get(0);
        if (op.startsWith("set as-path prepend last-as")) return "prepend last-as";
        if (op.startsWith("set as-path prepend")) return "prepend ASN";
        if (op.equals("set as-path exclude all")) return "exclude all";
        if (op.startsWith("set as-path exclude as-path-access-list")) return "exclude as-path-access-list";
        if (op.startsWith("set as-path exclude")) return "exclude ASN";
        if (op.startsWith("set as-path replace as-path-access-list")) return "replace as-path-access-list";
        String[] w = op.split(" ");
        String what = w[3].equals("any") ? "replace any" : "replace ASN";
        return w.length > 4 ? what + " with ASN" : what;
    }

    static List<AsPathCase> load(String resource) {
        try (InputStream in = AsPathCase.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("test resource " + resource + " is missing");
            List<AsPathCase> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = Arrays.stream(line.split(" \\| ", -1)).map(String::strip).toArray(String[]::new);
                if (f.length != 7) throw new IllegalStateException(resource + ": 7 columns expected in: " + line);
                List<String> frr = lines(f[3]);
                List<String> bgplab = f[4].equals("=") ? frr : lines(f[4]);
                Source source = switch (f[6]) {
                    case "live" -> Source.LIVE;
                    case "docs" -> Source.DOCS;
                    case "rfc7606" -> Source.RFC7606;
                    default -> throw new IllegalStateException(resource + ": source must be live|docs|rfc7606 in: " + line);
                };
                out.add(new AsPathCase(f[0], Session.of(f[1]), f[2], frr, bgplab, f[5].equals("-") ? null : f[5], source));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    private static List<String> lines(String cell) {
        return cell.equals("-") ? List.of() : Arrays.stream(cell.split(";")).map(String::strip).toList();
    }
}
