package dev.bgplab.lab.frr;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A BGP neighbor as FRR 8.4 reports it in {@code show bgp neighbors json}.
 *
 * @param state             FSM state as FRR names it: Idle, Connect, Active, OpenSent, OpenConfirm, Established
 * @param uptime            time since the session reached Established; zero when it is not
 * @param prefixesReceived  accepted prefixes by address family key ({@code ipv4Unicast})
 * @param prefixesSent      advertised prefixes by address family key (FRR prints it while Established only)
 * @param lastResetReason   FRR's {@code lastResetDueTo}, e.g. "BGP Notification received"
 * @param lastNotification  the last NOTIFICATION sent or received, when FRR reports one
 * @param raw               FRR's JSON for this neighbor, for fields not mapped here
 */
public record BgpNeighbor(String address, long remoteAs, long localAs, String state, Optional<String> remoteRouterId,
        Optional<String> hostname, Duration uptime, Map<String, Long> prefixesReceived, Map<String, Long> prefixesSent,
        Optional<String> lastResetReason, Optional<LastNotification> lastNotification, Capabilities capabilities,
        JsonNode raw) {

    public static final String ESTABLISHED = "Established";

    public boolean established() {
        return ESTABLISHED.equals(state);
    }

    public long prefixesReceived(FrrFamily family) {
        return prefixesReceived.getOrDefault(family.jsonKey(), 0L);
    }

    public long prefixesSent(FrrFamily family) {
        return prefixesSent.getOrDefault(family.jsonKey(), 0L);
    }

    /**
     * A NOTIFICATION (RFC 4271 4.5) as FRR remembers it: code and subcode from
     * {@code lastErrorCodeSubcode} ("0602"), FRR's text ("Cease/Administrative Shutdown"), whether
     * it was received (else sent), and the RFC 9003 shutdown message if any.
     */
    public record LastNotification(int code, int subcode, String reason, boolean received,
            Optional<String> shutdownMessage) {
    }

    /**
     * Capabilities as FRR reports them per neighbor. {@code states} holds the plain ones by FRR's
     * name ({@code 4byteAs}, {@code routeRefresh}, {@code gracefulRestart}, ...) with values such as
     * {@code advertisedAndReceived}, {@code advertised}, {@code received}; {@code multiprotocol}
     * and {@code addPath} hold one entry per address family key.
     */
    public record Capabilities(Map<String, String> states, Map<String, String> multiprotocol,
            Map<String, Set<String>> addPath) {

        /** True when both sides advertised the capability, e.g. {@code negotiated("4byteAs")}. */
        public boolean negotiated(String name) {
            String value = states.get(name);
            return value != null && value.startsWith("advertisedAndReceived");
        }

        /** Address families both sides advertised in the multiprotocol capability (RFC 4760). */
        public Set<FrrFamily> families() {
            Set<FrrFamily> out = new TreeSet<>();
            for (FrrFamily family : FrrFamily.values()) {
                if ("advertisedAndReceived".equals(multiprotocol.get(family.jsonKey()))) {
                    out.add(family);
                }
            }
            return out;
        }
    }
}
