package dev.bgplab.speaker.rib;

/**
 * Told about every Loc-RIB change, synchronously on the RIB's thread, after the RIB has been
 * updated (so queries from inside the callback see the new state). Must not modify the RIB.
 */
@FunctionalInterface
public interface LocRibListener {
    void onChange(LocRibChange change);
}
