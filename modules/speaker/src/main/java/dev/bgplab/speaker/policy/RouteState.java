package dev.bgplab.speaker.policy;

import dev.bgplab.wire.attribute.PathAttributes;

/**
 * The attributes of one route while one policy run changes them. Lives only inside a single
 * {@link ImportPolicy} or {@link ExportPolicy} call, on the caller's thread.
 */
final class RouteState {
    PathAttributes attributes;
    int weight;
    /** Set when a route-map touched the next hop (address, peer-address or unchanged): the default next-hop rules then keep out. */
    boolean nextHopSetByPolicy;

    RouteState(PathAttributes attributes, int weight) {
        this.attributes = attributes;
        this.weight = weight;
    }
}
