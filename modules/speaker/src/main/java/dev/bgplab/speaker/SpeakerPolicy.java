package dev.bgplab.speaker;

import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.policy.MaximumPrefix;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.policy.PolicyParseException;
import dev.bgplab.speaker.policy.PolicyParser;
import dev.bgplab.speaker.policy.RemovePrivateAs;
import dev.bgplab.speaker.rib.DecisionOptions;

/**
 * Turns a speaker's YAML config into the policy engine's {@link PolicyConfig}: the FRR-style
 * `policy:` lines, then each peer's YAML options laid over whatever `neighbor X ...` lines said.
 */
public final class SpeakerPolicy {
    private SpeakerPolicy() {}

    /** The policy for a config; a parse error is reported with the config file and its absolute line. */
    public static PolicyConfig of(SpeakerConfig c) {
        PolicyConfig base = PolicyConfig.builder().ebgpRequiresPolicy(c.ebgpRequiresPolicy()).build();
        PolicyConfig parsed;
        try {
            parsed = c.policy().isBlank() ? base : PolicyParser.parse(c.source(), c.policy(), base);
        } catch (PolicyParseException e) {
            // The block starts on the line after "policy: |".
            int line = c.policyLine() + e.line();
            String msg = e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(c.source()) + " line \\d+: ", "");
            throw new ConfigException(c.source() + ":" + line + ": field 'policy' " + msg);
        }
        PolicyConfig.Builder b = parsed.toBuilder().ebgpRequiresPolicy(c.ebgpRequiresPolicy());
        for (PeerConfig p : c.peers()) {
            String key = p.address().getHostAddress();
            NeighborPolicy.Builder n = b.neighbor(key).toBuilder();
            if (p.routeMapIn() != null) n.routeMapIn(p.routeMapIn());
            if (p.routeMapOut() != null) n.routeMapOut(p.routeMapOut());
            if (p.prefixListIn() != null) n.prefixListIn(p.prefixListIn());
            if (p.prefixListOut() != null) n.prefixListOut(p.prefixListOut());
            if (p.removePrivateAs() != RemovePrivateAs.NONE) n.removePrivateAs(p.removePrivateAs());
            if (p.asOverride()) n.asOverride(true);
            if (p.allowasInOrigin()) n.allowasInOrigin();
            else if (p.allowasIn() > 0) n.allowasIn(p.allowasIn());
            if (p.localAs() != null) n.localAs(p.localAs().asn(), p.localAs().noPrepend(), p.localAs().replaceAs());
            // YAML defaults (enforce-first-as on, send-community all) equal FRR's, so only a departure
            // from them is laid over the policy lines; else 'no neighbor X enforce-first-as' was lost.
            if (!p.enforceFirstAs()) n.enforceFirstAs(false);
            if (p.routeServerClient()) n.routeServerClient(true);
            if (p.nextHopSelf()) n.nextHopSelf(true);
            if (p.defaultOriginate()) n.defaultOriginate(true);
            switch (p.sendCommunity()) {
                case ALL -> { } // the default: whatever the policy lines say
                case STANDARD -> n.sendCommunity(true, false, false);
                case EXTENDED -> n.sendCommunity(false, true, false);
                case LARGE -> n.sendCommunity(false, false, true);
                case NONE -> n.sendCommunity(false, false, false);
            }
            if (p.maximumPrefix() != null) {
                n.maximumPrefix(p.maximumPrefix());
            }
            b.neighbor(key, n.build());
        }
        return b.build();
    }

    /** FRR's maximum-paths and bestpath knobs as the decision process takes them. */
    public static DecisionOptions decisionOptions(SpeakerConfig c) {
        SpeakerConfig.Decision d = c.decision();
        return DecisionOptions.DEFAULT
                .withMaximumPaths(d.maximumPathsEbgp(), d.maximumPathsIbgp())
                .withAsPathMultipathRelax(d.asPathMultipathRelax())
                .withCompareRouterId(d.compareRouterId() || DecisionOptions.DEFAULT.compareRouterId())
                .withAlwaysCompareMed(d.alwaysCompareMed())
                .withIgnoreAsPathLength(d.asPathIgnore());
    }
}
