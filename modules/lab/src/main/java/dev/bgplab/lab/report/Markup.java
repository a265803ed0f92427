package dev.bgplab.lab.report;

import java.util.Locale;

/** Escaping and number formatting for the HTML page and its SVG drawings (XHTML-compatible output). */
final class Markup {

    private Markup() {}

    /** Text for an element or an attribute value: control characters dropped, &lt; &gt; &amp; and both quotes escaped. */
    static String esc(String s) {
        String c = ReportFormat.clean(s);
        StringBuilder b = new StringBuilder(c.length() + 16);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** A coordinate: one decimal, no locale surprises. */
    static String n(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "0";
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Cuts text to {@code max} characters with an ellipsis (the full text goes in a title). */
    static String cut(String s, int max) {
        String c = ReportFormat.clean(s).replace('\n', ' ');
        if (c.codePointCount(0, c.length()) <= max) return c;
        return c.substring(0, c.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }
}
