package dev.bgplab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `bgplab` command. */
@Command(name = "bgplab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A BGP-4 speaker and lab for Azure hybrid routing topologies, with real FRRouting peers.",
        subcommands = {SpeakerCommand.class, ExplainCommand.class, CheckConfigCommand.class, LabCommand.class, CaCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
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
