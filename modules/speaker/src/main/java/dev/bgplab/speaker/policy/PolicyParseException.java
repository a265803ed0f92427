package dev.bgplab.speaker.policy;

/** A policy text that could not be read: names the line, quotes it, and says what would be valid. */
public final class PolicyParseException extends IllegalArgumentException {
    private final int line;

    public PolicyParseException(String source, int line, String text, String message) {
        super(source + " line " + line + ": " + message + " (in '" + text.strip() + "')");
        this.line = line;
    }

    public int line() { return line; }
}
