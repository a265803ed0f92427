package dev.bgplab.wire.capability;

import java.util.List;

/**
 * Graceful restart (RFC 4724 3): restart flags, restart time in seconds (12 bits), and per family
 * whether forwarding state was preserved.
 */
public record GracefulRestartCapability(boolean restarting, boolean notification, int restartTime,
                                        List<FamilyForwarding> families) implements Capability {
    public record FamilyForwarding(int afi, int safi, boolean forwardingPreserved) {}

    public GracefulRestartCapability {
        if (restartTime < 0 || restartTime > 0xFFF) throw new IllegalArgumentException("restart time out of range 0..4095: " + restartTime);
        families = List.copyOf(families);
    }

    @Override public int code() { return GRACEFUL_RESTART; }
    @Override public String label() { return "graceful-restart " + restartTime + "s" + (restarting ? " (restarting)" : ""); }
}
