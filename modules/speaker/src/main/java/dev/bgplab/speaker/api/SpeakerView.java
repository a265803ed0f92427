package dev.bgplab.speaker.api;

/**
 * What the management API may ask of a speaker. Implementations run each call on the speaker's
 * event loop and return immutable values (records, lists, maps) that Jackson can write.
 */
public interface SpeakerView {
    Object summary() throws Exception;

    Object peers() throws Exception;

    Object rib(RibRequest query) throws Exception;

    Object explain(String prefix) throws Exception;

    Object softReset(String peer, String direction) throws Exception;

    Object reload(String yaml) throws Exception;

    /** Re-reads the config file the speaker was started from and applies it; a bad file changes nothing. */
    default Object reloadFile() throws Exception { throw new ManagementApi.ApiError(409, "this speaker was not started from a config file"); }

    /** Route and session events with their times, for {@code GET /api/events}. */
    RouteEventLog events();

    /** What Azure would program into the VMs (dev.bgplab.speaker.role.EffectiveRoutes). */
    default Object effectiveRoutes() throws Exception { throw new UnsupportedOperationException(); }
}
