package dev.bgplab.speaker;

import dev.bgplab.speaker.config.ConfigException;
import dev.bgplab.speaker.config.PeerConfig;
import dev.bgplab.speaker.config.SpeakerConfig;
import dev.bgplab.speaker.policy.NeighborPolicy;
import dev.bgplab.speaker.policy.PolicyConfig;
import dev.bgplab.speaker.policy.PolicyParseException;
import dev.bgplab.speaker.policy.PolicyParser;
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
            // Only the YAML's departures from the defaults win, so a YAML peer left at enforce-first-as
            // on does not undo 'no neighbor X enforce-first-as' in the policy lines.
            b.neighbor(key, b.neighbor(key).overlaidWith(p.policy()));
        }
        return b.build();
    }

    /** FRR's maximum-paths and bestpath knobs as the decision process takes them. */
    public static DecisionOptions decisionOptions(SpeakerConfig c) {
        SpeakerConfig.DecisionSettings d = c.decision();
        return DecisionOptions.DEFAULT
                .withMaximumPaths(d.maximumPathsEbgp(), d.maximumPathsIbgp())
                .withAsPathMultipathRelax(d.asPathMultipathRelax())
                .withCompareRouterId(d.compareRouterId() || DecisionOptions.DEFAULT.compareRouterId())
                .withAlwaysCompareMed(d.alwaysCompareMed())
                .withIgnoreAsPathLength(d.asPathIgnore());
    }
}
