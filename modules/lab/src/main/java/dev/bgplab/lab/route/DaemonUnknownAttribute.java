package dev.bgplab.lab.route;

/**
 * A path attribute a daemon kept without understanding it, as it shows it.
 *
 * @param flags the flags octet, or -1 when the daemon does not show it (BIRD shows only [t])
 * @param transitive whether the daemon reports it as transitive
 * @param valueHex the value, lowercase hex without separators
 */
public record DaemonUnknownAttribute(int code, int flags, boolean transitive, String valueHex) {
}
