package dev.bgplab.lab.frr;

import java.util.List;

/** A command run in an FRR container failed; carries what was run and what it printed. */
public final class FrrCommandException extends RuntimeException {

    private final List<String> command;
    private final int exitCode;
    private final String output;

    FrrCommandException(String node, List<String> command, int exitCode, String output) {
        super(node + ": " + String.join(" ", command) + " exited with " + exitCode
                + (output.isBlank() ? "" : ":\n" + output.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.output = output;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String output() {
        return output;
    }
}
