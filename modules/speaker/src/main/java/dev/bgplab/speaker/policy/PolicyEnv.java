package dev.bgplab.speaker.policy;

import dev.bgplab.speaker.rib.PeerInfo;
import dev.bgplab.wire.nlri.Prefix;

/** What a match or set clause may look at: the lists, the session the policy runs on, the way and the route's prefix and sender. */
record PolicyEnv(PolicyConfig config, PeerContext session, Direction direction, Prefix prefix, PeerInfo source) {}
