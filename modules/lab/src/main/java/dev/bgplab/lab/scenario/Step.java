package dev.bgplab.lab.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/** One scenario step, as read from the {@code *.scenario.yml}. */
public sealed interface Step {

    /** Where it was written ({@code steps[3]}), for messages. */
    String where();

    String name();

    String kind();

    /**
     * Waits until BGP sessions are Established: of every node with sessions, or of the named ones;
     * with {@code down} ({@code wait: {not-established: ...}}), until one of them is not, and says why.
     */
    record Wait(String where, String name, List<String> nodes, Duration timeout, boolean down) implements Step {
        public Wait(String where, String name, List<String> nodes, Duration timeout) {
            this(where, name, nodes, timeout, false);
        }

        public String kind() {
            return "wait";
        }
    }

    /** Retries an expectation until it holds or the timeout passes. */
    record Expect(String where, String name, Expectation expectation, Duration timeout) implements Step {
        public String kind() {
            return "expect";
        }
    }

    /** A fault or change: {@code action} is the key (stop, link-down, netem, ...), {@code args} its value. */
    record Fault(String where, String name, String action, JsonNode args) implements Step {
        public String kind() {
            return "fault";
        }
    }

    /** Time from the last fault until an expectation first holds. */
    record MeasureConvergence(String where, String name, Expectation until, Duration timeout) implements Step {
        public String kind() {
            return "measure";
        }
    }

    /** A ping stream from one node to an address while the nested steps run; lost probes are counted. */
    record Loss(String where, String name, String from, String to, Duration interval, int count, Integer maxLost,
            List<Step> during) implements Step {
        public String kind() {
            return "measure";
        }
    }

    /**
     * Traffic from one node while the nested steps run. {@code icmp}: one ping stream (with reply
     * timestamps): packets lost, the longest outage (last reply before the gap to the first after),
     * and the interfaces it crossed before and after, from every node's packet counters; with
     * {@code via} (the nodes that may carry it, e.g. the NVAs of an ECMP set), which of them carried
     * it each way before and after, and {@code ${carrier}} in the nested steps names the one that
     * carried it out before. {@code udp}/{@code tcp}: {@code flows} iperf3 streams to {@code receiver}
     * (each its own source port, so ECMP hashing spreads them), every packet seen leaving and
     * arriving: per flow, packets lost, the longest outage and the receiver's interface it arrived
     * on before and after.
     */
    record Traffic(String where, String name, String from, String to, String source, Duration interval, Integer maxLost,
            Duration maxOutage, List<Step> during, List<String> via, String protocol, int flows, String receiver) implements Step {

        public Traffic(String where, String name, String from, String to, String source, Duration interval, Integer maxLost,
                Duration maxOutage, List<Step> during, List<String> via) {
            this(where, name, from, to, source, interval, maxLost, maxOutage, during, via, "icmp", 1, null);
        }

        public Traffic(String where, String name, String from, String to, String source, Duration interval, Integer maxLost,
                Duration maxOutage, List<Step> during) {
            this(where, name, from, to, source, interval, maxLost, maxOutage, during, List.of(), "icmp", 1, null);
        }

        public String kind() {
            return "measure";
        }
    }
}
