package dev.bgplab.lab.runtime;

/**
 * A finished command, on the host or in a container: its exit code (-1 when it could not be run or
 * did not finish) and what it wrote. One type for both, so the lab's command runners report alike.
 */
record CommandResult(int exitCode, String stdout, String stderr) {

    /** Both streams, stdout first: what a failure message shows. */
    String output() {
        return stdout + stderr;
    }
}
