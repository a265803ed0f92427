package dev.bgplab.speaker.policy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * FRR AS-path regular expressions (bgpd/bgp_regex.c) translated to java.util.regex: {@code _}
 * stands for {@code (^|[,{}() ]|$)}, a separator or either end. Matching is a search anywhere in
 * the FRR string of the path, so {@code 65001} also matches "650012" unless anchored with {@code _}.
 */
public final class AsPathRegex {

    private static final String UNDERSCORE = "(?:^|[,{}() ]|$)";

    private static final String[][] POSIX_CLASSES = {
            {"[:digit:]", "\\p{Digit}"}, {"[:space:]", "\\s"}, {"[:alnum:]", "\\p{Alnum}"}, {"[:alpha:]", "\\p{Alpha}"}};

    private AsPathRegex() {}

    public static Pattern compile(String frrRegex) {
        StringBuilder sb = new StringBuilder();
        String posix = frrRegex;
        // POSIX classes FRR's regex library knows and java.util.regex spells differently
        for (String[] cls : POSIX_CLASSES) posix = posix.replace(cls[0], cls[1]);
        for (int i = 0; i < posix.length(); i++) {
            char c = posix.charAt(i);
            if (c == '_') sb.append(UNDERSCORE);
            else sb.append(c);
        }
        try {
            return Pattern.compile(sb.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + frrRegex + "' is not a valid AS-path regular expression: " + e.getDescription());
        }
    }
}
