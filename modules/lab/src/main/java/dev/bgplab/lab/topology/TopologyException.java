package dev.bgplab.lab.topology;

/** A topology or scenario file a user wrote that cannot be used; the message names the file, the path and what is valid. */
public final class TopologyException extends RuntimeException {
    public TopologyException(String message) {
        super(message);
    }
}
