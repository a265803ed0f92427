package dev.bgplab.lab.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code report.json}: the {@link LabReport} as JSON (pretty-printed, times as ISO-8601 strings,
 * plus a derived top-level {@code "passed"} for scripts), and back. Thread-safe.
 */
public final class JsonReport {

    /** Adds the derived verdict on write and ignores it on read. */
    @JsonIgnoreProperties(value = "passed", allowGetters = true)
    private abstract static class LabReportMixin {
        @JsonProperty("passed")
        abstract boolean passed();
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(LabReport.class, LabReportMixin.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private JsonReport() {}

    public static String toJson(LabReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write lab report '" + report.name() + "' as JSON", e);
        }
    }

    /** Parses what {@link #toJson} wrote; an error names {@code source} and the line and column. */
    public static LabReport fromJson(String source, String json) {
        try {
            return MAPPER.readValue(json, LabReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a bgplab lab report: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        }
    }

    /** Writes the report as UTF-8 JSON, creating the parent directories. */
    public static void write(LabReport report, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static LabReport read(Path file) {
        try {
            return fromJson(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
