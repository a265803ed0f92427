package dev.bgplab.lab.report;

import static dev.bgplab.lab.report.Markup.cut;
import static dev.bgplab.lab.report.Markup.esc;
import static dev.bgplab.lab.report.Markup.n;
import static dev.bgplab.lab.report.ReportFormat.blank;

import dev.bgplab.lab.report.LabReport.Link;
import dev.bgplab.lab.report.LabReport.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology drawn as inline SVG. Deterministic layered layout: one row per node kind (in the
 * order kinds first appear), nodes of the same role side by side, rows centred and wrapped after
 * {@value #MAX_PER_ROW} nodes. Links are lines between boxes with the interface name near each end
 * and the subnet in the middle; parallel links are spread apart, links within a row that would cross
 * another box arc below the row. One {@code <g class="node">} per node and one {@code <g class="link">}
 * per link.
 */
final class TopologySvg {

    static final int MAX_PER_ROW = 5;
    private static final int GAP_X = 120;
    private static final int ROW_GAP = 150;
    private static final int MARGIN = 36;
    private static final int LINE_H = 16;
    private static final double CHAR_W = 7.3;      // 12px sans-serif, generous
    private static final double NAME_CHAR_W = 8.6; // 14px bold
    private static final int MAX_LINE_CHARS = 30;

    /** Fill and stroke per node kind; unknown kinds take the next spare palette entry. */
    private static final Map<String, String[]> KIND_COLOURS = Map.of(
            "bgplab", new String[] {"#e3edff", "#2f6fde"},
            "frr", new String[] {"#fff0e0", "#d9731a"});
    private static final String[][] SPARE = {
            {"#e6f4ea", "#2e7d32"}, {"#f3e8f7", "#7b1fa2"}, {"#e9eef2", "#546e7a"}, {"#fdf6d8", "#a07d00"}};

    private record Box(String name, Node node, double x, double y, double w, double h, List<String> lines) {
        double cx() { return x + w / 2; }
        double cy() { return y + h / 2; }
    }

    private record End(String node, String iface) {}

    private TopologySvg() {}

    static String render(LabReport r) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node node : r.nodes()) {
            Node named = node.name() == null ? new Node("", node.kind(), node.image(), node.role(), node.addresses()) : node;
            nodes.putIfAbsent(named.name(), named);
        }
        List<End[]> ends = new ArrayList<>();
        Map<String, Node> implicit = new LinkedHashMap<>();
        for (Link l : r.links()) {
            End a = end(l.a(), nodes);
            End b = end(l.b(), nodes);
            for (End e : new End[] {a, b}) {
                if (!nodes.containsKey(e.node())) implicit.putIfAbsent(e.node(), new Node(e.node(), "", "", "", Map.of()));
            }
            ends.add(new End[] {a, b});
        }
        Map<String, Node> all = new LinkedHashMap<>(nodes);
        all.putAll(implicit);
        if (all.isEmpty()) {
            return "<svg class=\"topology\" width=\"400\" height=\"60\" viewBox=\"0 0 400 60\" role=\"img\" aria-label=\"no nodes\">"
                    + "<text x=\"20\" y=\"35\" class=\"muted\">No nodes in this report.</text></svg>\n";
        }

        // Box content and size (same size for all boxes so rows line up).
        Map<String, List<String>> lines = new LinkedHashMap<>();
        int maxLines = 1;
        double boxW = 150;
        for (Node node : all.values()) {
            List<String> ls = boxLines(node, implicit.containsKey(node.name()));
            lines.put(node.name(), ls);
            maxLines = Math.max(maxLines, ls.size());
            boxW = Math.max(boxW, ls.get(0).length() * NAME_CHAR_W + 20);
            for (int i = 1; i < ls.size(); i++) boxW = Math.max(boxW, ls.get(i).length() * CHAR_W + 20);
        }
        boxW = Math.min(boxW, MAX_LINE_CHARS * CHAR_W + 20);
        double boxH = 14 + maxLines * LINE_H + 4;

        // Rows: by kind, then role; wrapped.
        List<List<String>> rows = rows(all, implicit);
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        boolean hasArcs = false;
        double width = Math.max(640, widest * boxW + (widest - 1) * GAP_X + 2 * MARGIN);
        Map<String, Box> boxes = new HashMap<>();
        Map<String, int[]> rowCol = new HashMap<>();
        for (int ri = 0; ri < rows.size(); ri++) {
            List<String> row = rows.get(ri);
            double rowW = row.size() * boxW + (row.size() - 1) * GAP_X;
            double x0 = (width - rowW) / 2;
            double y = MARGIN + ri * (boxH + ROW_GAP);
            for (int ci = 0; ci < row.size(); ci++) {
                String name = row.get(ci);
                boxes.put(name, new Box(name, all.get(name), x0 + ci * (boxW + GAP_X), y, boxW, boxH, lines.get(name)));
                rowCol.put(name, new int[] {ri, ci});
            }
        }
        for (End[] e : ends) {
            int[] a = rowCol.get(e[0].node());
            int[] b = rowCol.get(e[1].node());
            if (a[0] == b[0] && Math.abs(a[1] - b[1]) > 1) hasArcs = true;
        }
        List<String> kinds = new ArrayList<>();
        for (Node node : all.values()) {
            String k = kindKey(node, implicit.containsKey(node.name()));
            if (!kinds.contains(k)) kinds.add(k);
        }
        double height = MARGIN + rows.size() * boxH + (rows.size() - 1) * ROW_GAP + (hasArcs ? 90 : 20) + 34;

        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"topology\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" role=\"img\" aria-label=\"topology: ").append(all.size()).append(" nodes, ")
                .append(r.links().size()).append(" links\">\n");

        // Links first, so boxes sit on top of line ends.
        Map<String, Integer> pairCount = new HashMap<>();
        for (End[] e : ends) pairCount.merge(pairKey(e[0].node(), e[1].node()), 1, Integer::sum);
        Map<String, Integer> pairSeen = new HashMap<>();
        StringBuilder labels = new StringBuilder(); // drawn after all lines and boxes so nothing covers them
        for (int i = 0; i < ends.size(); i++) {
            End[] e = ends.get(i);
            Link link = r.links().get(i);
            String key = pairKey(e[0].node(), e[1].node());
            int k = pairSeen.merge(key, 1, Integer::sum) - 1;
            int m = pairCount.get(key);
            link(s, labels, link, e[0], e[1], boxes, rowCol, k, m);
        }
        for (Node node : all.values()) box(s, boxes.get(node.name()), implicit.containsKey(node.name()), kinds);
        s.append(labels);
        legend(s, kinds, height - 22);
        s.append("</svg>\n");
        return s.toString();
    }

    /** "node:iface": the node is the longest known node name before a colon, else the text before the first colon. */
    private static End end(String endpoint, Map<String, Node> nodes) {
        String e = endpoint == null ? "?" : endpoint.trim();
        if (nodes.containsKey(e)) return new End(e, "");
        int last = e.lastIndexOf(':');
        if (last > 0 && nodes.containsKey(e.substring(0, last))) return new End(e.substring(0, last), e.substring(last + 1));
        int first = e.indexOf(':');
        if (first > 0) return new End(e.substring(0, first), e.substring(first + 1));
        return new End(e.isEmpty() ? "?" : e, "");
    }

    private static String pairKey(String a, String b) { return a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a; }

    private static String kindKey(Node node, boolean implicitNode) {
        if (implicitNode) return "(not deployed)";
        return blank(node.kind()) ? "other" : node.kind().trim().toLowerCase(Locale.ROOT);
    }

    private static List<List<String>> rows(Map<String, Node> all, Map<String, Node> implicit) {
        Map<String, Map<String, List<String>>> byKindRole = new LinkedHashMap<>();
        for (Node node : all.values()) {
            String kind = kindKey(node, implicit.containsKey(node.name()));
            String role = blank(node.role()) ? "" : node.role().trim();
            byKindRole.computeIfAbsent(kind, x -> new LinkedHashMap<>()).computeIfAbsent(role, x -> new ArrayList<>()).add(node.name());
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, List<String>> roles : byKindRole.values()) {
            List<String> row = new ArrayList<>();
            roles.values().forEach(row::addAll);
            for (int i = 0; i < row.size(); i += MAX_PER_ROW) rows.add(row.subList(i, Math.min(row.size(), i + MAX_PER_ROW)));
        }
        return rows;
    }

    private static List<String> boxLines(Node node, boolean implicitNode) {
        List<String> ls = new ArrayList<>();
        ls.add(cut(node.name(), MAX_LINE_CHARS - 4));
        if (implicitNode) {
            ls.add("not in the node list");
            return ls;
        }
        List<String> what = new ArrayList<>();
        if (!blank(node.kind())) what.add(node.kind());
        if (!blank(node.role())) what.add(node.role());
        if (!what.isEmpty()) ls.add(cut(String.join(" · ", what), MAX_LINE_CHARS));
        String asn = ReportFormat.asn(node);
        if (asn != null) ls.add(cut("AS " + asn, MAX_LINE_CHARS));
        List<Map.Entry<String, String>> addrs = ReportFormat.addresses(node);
        for (int i = 0; i < Math.min(2, addrs.size()); i++) {
            ls.add(cut(addrs.get(i).getKey() + " " + addrs.get(i).getValue(), MAX_LINE_CHARS));
        }
        if (addrs.size() > 2) ls.add("+" + (addrs.size() - 2) + " more");
        return ls;
    }

    private static String[] colours(String kind, List<String> kinds) {
        if (KIND_COLOURS.containsKey(kind)) return KIND_COLOURS.get(kind);
        if (kind.equals("(not deployed)")) return new String[] {"#ffffff", "#8a8f98"};
        int spare = 0;
        for (String k : kinds) {
            if (k.equals(kind)) break;
            if (!KIND_COLOURS.containsKey(k) && !k.equals("(not deployed)")) spare++;
        }
        return SPARE[spare % SPARE.length];
    }

    private static void box(StringBuilder s, Box b, boolean implicitNode, List<String> kinds) {
        Node node = b.node();
        String kind = kindKey(node, implicitNode);
        String[] c = colours(kind, kinds);
        s.append("<g class=\"node\" data-node=\"").append(esc(b.name())).append("\">");
        s.append("<title>").append(esc(nodeTooltip(node, implicitNode))).append("</title>");
        s.append("<rect x=\"").append(n(b.x())).append("\" y=\"").append(n(b.y())).append("\" width=\"").append(n(b.w()))
                .append("\" height=\"").append(n(b.h())).append("\" rx=\"8\" fill=\"").append(c[0]).append("\" stroke=\"")
                .append(c[1]).append('"').append(implicitNode ? " stroke-dasharray=\"5 4\"" : "").append(" stroke-width=\"1.6\"/>");
        s.append("<rect x=\"").append(n(b.x())).append("\" y=\"").append(n(b.y())).append("\" width=\"6\" height=\"")
                .append(n(b.h())).append("\" rx=\"3\" fill=\"").append(c[1]).append("\"/>");
        double y = b.y() + 22;
        for (int i = 0; i < b.lines().size(); i++) {
            s.append("<text x=\"").append(n(b.x() + 14)).append("\" y=\"").append(n(y)).append("\" class=\"")
                    .append(i == 0 ? "node-name" : "node-line").append("\">").append(esc(b.lines().get(i))).append("</text>");
            y += i == 0 ? LINE_H + 2 : LINE_H;
        }
        s.append("</g>\n");
    }

    private static String nodeTooltip(Node node, boolean implicitNode) {
        StringBuilder t = new StringBuilder(ReportFormat.nullToEmpty(node.name()));
        if (implicitNode) return t.append(" (named by a link, not in the node list)").toString();
        if (!blank(node.kind())) t.append("\nkind: ").append(node.kind());
        if (!blank(node.role())) t.append("\nrole: ").append(node.role());
        if (!blank(node.image())) t.append("\nimage: ").append(node.image());
        String asn = ReportFormat.asn(node);
        if (asn != null) t.append("\nAS ").append(asn);
        for (Map.Entry<String, String> a : ReportFormat.addresses(node)) t.append('\n').append(a.getKey()).append(": ").append(a.getValue());
        return t.toString();
    }

    private static void link(StringBuilder s, StringBuilder labels, Link link, End a, End b, Map<String, Box> boxes,
                             Map<String, int[]> rowCol, int k, int m) {
        Box ba = boxes.get(a.node());
        Box bb = boxes.get(b.node());
        String subnets = link.subnets() == null ? "" : String.join(", ", link.subnets());
        // On the drawing only the link's own subnet (the first); the rest (Docker's) in the tooltip.
        String shown = link.subnets() == null || link.subnets().isEmpty() ? "" : link.subnets().get(0).split(",")[0].split(" docker ")[0].trim();
        String tip = ReportFormat.nullToEmpty(link.a()) + " ↔ " + ReportFormat.nullToEmpty(link.b())
                + (subnets.isEmpty() ? "" : "\n" + subnets);
        s.append("<g class=\"link\"><title>").append(esc(tip)).append("</title>");
        if (ba == bb) { // a loop on one node: a small arc above the box
            double x = ba.x() + ba.w() - 30;
            double y = ba.y();
            s.append("<path d=\"M").append(n(x)).append(' ').append(n(y)).append(" c 0 -40 40 -40 20 0\" class=\"wire\" fill=\"none\"/>");
            s.append("</g>\n");
            label(labels, x + 10, y - 34, a.iface() + (b.iface().isEmpty() ? "" : " / " + b.iface()), "iface");
            return;
        }
        int[] ra = rowCol.get(a.node());
        int[] rb = rowCol.get(b.node());
        double spread = (k - (m - 1) / 2.0) * 16;
        if (ra[0] == rb[0] && Math.abs(ra[1] - rb[1]) > 1) {
            // Same row with boxes between: arc below the row instead of running through them.
            double x1 = ba.cx() + spread;
            double x2 = bb.cx() + spread;
            double y = ba.y() + ba.h();
            double cy = y + 70 + 10 * Math.abs(ra[1] - rb[1]) + Math.abs(spread);
            s.append("<path d=\"M").append(n(x1)).append(' ').append(n(y)).append(" Q").append(n((x1 + x2) / 2)).append(' ')
                    .append(n(cy)).append(' ').append(n(x2)).append(' ').append(n(y)).append("\" class=\"wire\" fill=\"none\"/>");
            s.append("</g>\n");
            double midY = (y + 2 * cy + y) / 4;
            label(labels, (x1 + x2) / 2, midY + 4, shown, "subnet");
            label(labels, x1 + (x2 > x1 ? 1 : -1) * 14, y + 24, a.iface(), "iface");
            label(labels, x2 + (x1 > x2 ? 1 : -1) * 14, y + 24, b.iface(), "iface");
            return;
        }
        double dx = bb.cx() - ba.cx();
        double dy = bb.cy() - ba.cy();
        double len = Math.max(1, Math.hypot(dx, dy));
        double px = -dy / len * spread;
        double py = dx / len * spread;
        double x1 = ba.cx() + px;
        double y1 = ba.cy() + py;
        double x2 = bb.cx() + px;
        double y2 = bb.cy() + py;
        s.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" class=\"wire\"/>");
        s.append("</g>\n");
        double[] ea = exit(ba, x1, y1, dx, dy);
        double[] eb = exit(bb, x2, y2, -dx, -dy);
        double ux = dx / len;
        double uy = dy / len;
        if (Math.abs(uy) < 0.4) {
            // Flat line: interface names under it near each box, the subnet above it, so none sits on a box edge.
            label(labels, ea[0] + ux * 20, ea[1] + uy * 20 + 15, a.iface(), "iface", ux > 0 ? "start" : "end");
            label(labels, eb[0] - ux * 20, eb[1] - uy * 20 + 15, b.iface(), "iface", ux > 0 ? "end" : "start");
            label(labels, (ea[0] + eb[0]) / 2, (ea[1] + eb[1]) / 2 - 7, shown, "subnet");
        } else {
            // Interface names a little outside each box, along the line; the subnet halfway.
            label(labels, ea[0] + ux * 26, ea[1] + uy * 26 + 4, a.iface(), "iface");
            label(labels, eb[0] - ux * 26, eb[1] - uy * 26 + 4, b.iface(), "iface");
            label(labels, (ea[0] + eb[0]) / 2, (ea[1] + eb[1]) / 2 + 4, shown, "subnet");
        }
    }

    /** Where a ray from (x, y) inside box b in direction (dx, dy) leaves the box. */
    private static double[] exit(Box b, double x, double y, double dx, double dy) {
        double t = Double.MAX_VALUE;
        if (dx > 0) t = Math.min(t, (b.x() + b.w() - x) / dx);
        if (dx < 0) t = Math.min(t, (b.x() - x) / dx);
        if (dy > 0) t = Math.min(t, (b.y() + b.h() - y) / dy);
        if (dy < 0) t = Math.min(t, (b.y() - y) / dy);
        if (t == Double.MAX_VALUE || t < 0) t = 0;
        return new double[] {x + dx * t, y + dy * t};
    }

    private static void label(StringBuilder s, double x, double y, String text, String cls) {
        label(s, x, y, text, cls, "middle");
    }

    private static void label(StringBuilder s, double x, double y, String text, String cls, String anchor) {
        if (blank(text)) return;
        s.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" class=\"lbl ").append(cls)
                .append("\" text-anchor=\"").append(anchor).append("\">").append(esc(cut(text, 40))).append("</text>\n");
    }

    private static void legend(StringBuilder s, List<String> kinds, double y) {
        double x = MARGIN;
        s.append("<g class=\"legend\">");
        for (String k : kinds) {
            String[] c = colours(k, kinds);
            s.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y - 10)).append("\" width=\"14\" height=\"12\" rx=\"3\" fill=\"")
                    .append(c[0]).append("\" stroke=\"").append(c[1]).append("\"/>");
            s.append("<text x=\"").append(n(x + 20)).append("\" y=\"").append(n(y)).append("\" class=\"node-line\">").append(esc(k)).append("</text>");
            x += 34 + k.length() * CHAR_W;
        }
        s.append("</g>\n");
    }
}
