package dev.bgplab.speaker.config;

import dev.bgplab.wire.attribute.Community;
import dev.bgplab.wire.attribute.LargeCommunity;
import dev.bgplab.wire.nlri.Prefix;
import java.util.List;

/** A network this speaker originates (FRR's `network P`), with optional attributes. */
public record NetworkConfig(Prefix prefix, List<Community> communities, List<LargeCommunity> largeCommunities,
                            Long med, String asPathPrepend) {
    public NetworkConfig {
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }

    public static NetworkConfig of(Prefix p) { return new NetworkConfig(p, List.of(), List.of(), null, null); }
}
