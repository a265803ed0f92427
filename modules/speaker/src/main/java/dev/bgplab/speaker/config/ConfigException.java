package dev.bgplab.speaker.config;

/** A configuration the speaker cannot run: the message names the file, the field, the line and what would be valid. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
