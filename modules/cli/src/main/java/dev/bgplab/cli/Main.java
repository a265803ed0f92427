package dev.bgplab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The `bgplab` command. */
@Command(name = "bgplab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A BGP-4 speaker and lab for Azure hybrid routing topologies, with real FRRouting peers.",
        subcommands = {SpeakerCommand.class, ExplainCommand.class, CheckConfigCommand.class, LabCommand.class, CaCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "lab commands: show the container library's and Docker client's logging on the terminal (else it goes"
                    + " to ~/.cache/bgplab/logs/bgplab.log)")
    boolean verbose;

    private static Path logFile;

    public static void main(String[] args) {
        // lab commands keep the terminal to their own lines; the speaker's log stays on the terminal
        boolean lab = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("").equals("lab");
        configureLogging(!lab || java.util.Arrays.asList(args).contains("--verbose"));
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    /**
     * Library logging (Testcontainers, docker-java, Netty) goes to {@code bgplab.log} in
     * {@code $BGPLAB_LOG_DIR} (default {@code ~/.cache/bgplab/logs}) unless {@code --verbose}; the
     * terminal shows only bgplab's own progress lines and results. Must run before any logger exists.
     */
    static void configureLogging(boolean verbose) {
        String dir = System.getenv("BGPLAB_LOG_DIR");
        if (dir == null || dir.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            dir = (cache == null || cache.isBlank() ? System.getProperty("user.home") + "/.cache" : cache) + "/bgplab/logs";
        }
        logFile = Path.of(dir, "bgplab.log");
        if (verbose || System.getProperty("org.slf4j.simpleLogger.logFile") != null) {
            return;
        }
        try {
            Files.createDirectories(logFile.getParent());
            System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        } catch (java.io.IOException e) {
            // cannot write there: keep only warnings on the terminal
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** The file library logging goes to, and the scripts' output of the first-run bootstrap. */
    static Path logFile() {
        if (logFile == null) {
            configureLogging(true);
        }
        return logFile.resolveSibling("bootstrap.log");
    }

    /** One line naming the log files, after a lab command. */
    static void mentionLog() {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") != null && logFile != null) {
            System.err.println("lab: library log: " + logFile + (Files.exists(logFile()) ? "; engine/image scripts: " + logFile() : ""));
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bgplab " + (v == null ? "dev" : v) + " on Java " + Runtime.version()};
        }
    }
}
