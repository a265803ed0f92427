package dev.bgplab.lab.differential;

/** AS paths as text: FRR prints sets as {@code {1,2}}, bgplab's config reads {@code {1 2}} too. */
final class AsPathText {

    private AsPathText() {}

    /** bgplab or FRR notation to FRR's: single spaces between segments, commas inside sets. */
    static String frr(String path) {
        StringBuilder sb = new StringBuilder();
        boolean inSet = false;
        for (String tok : path.strip().replace("{", " { ").replace("}", " } ").replace(",", " ").split("\\s+")) {
            if (tok.isEmpty()) continue;
            switch (tok) {
                case "{" -> {
                    if (sb.length() > 0) sb.append(' ');
                    sb.append('{');
                    inSet = true;
                }
                case "}" -> {
                    sb.append('}');
                    inSet = false;
                }
                default -> {
                    char last = sb.length() == 0 ? 0 : sb.charAt(sb.length() - 1);
                    if (inSet && last != '{') sb.append(',');
                    else if (!inSet && sb.length() > 0) sb.append(' ');
                    sb.append(tok);
                }
            }
        }
        return sb.toString();
    }
}
