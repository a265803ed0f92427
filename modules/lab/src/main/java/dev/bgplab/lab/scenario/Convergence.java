package dev.bgplab.lab.scenario;

import dev.bgplab.lab.runtime.FaultTime;
import dev.bgplab.lab.runtime.LabNode;
import dev.bgplab.lab.runtime.RouteEvent;
import dev.bgplab.lab.topology.NodeRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A convergence figure: from the instant a fault took effect to the route change, stamped by the
 * node itself, after which the expected state held. Its error is the fault instant's uncertainty
 * plus a millisecond for stamping (a speaker stamps its Loc-RIB change as it makes it; {@code ip
 * monitor} stamps the kernel's netlink message as it reads it). When the node reported no change
 * for the prefix, the figure falls back to when the harness saw the state, with that polling error.
 *
 * @param end    the route change (or the poll) that ended it
 * @param source what stamped the end: loc-rib, kernel, or "polled"
 */
record Convergence(FaultTime fault, Instant end, String source, Duration error, String note) {

    private static final Duration STAMP_ERROR = Duration.ofMillis(1);
    static final Duration POLL_ERROR = Duration.ofMillis(250);

    double millis() {
        return Duration.between(fault.at(), end).toNanos() / 1e6;
    }

    double errorMillis() {
        return error.toNanos() / 1e6;
    }

    String describe() {
        return String.format("converged %.1f ms after the fault took effect (error +%.1f ms; fault: %s; end: %s)%s", millis(),
                errorMillis(), fault.how(), source, note);
    }

    /** For an FRR node: its BMP Loc-RIB stream when it sends one for the prefix, else its post-policy Adj-RIB-In stream, else its kernel. */
    static String bmpSource(List<RouteEvent> events, String prefix) {
        for (String s : List.of("bmp loc-rib", "bmp adj-rib-in post-policy")) {
            if (events.stream().anyMatch(e -> e.source().equals(s) && e.prefix() != null && Expectation.samePrefix(e.prefix(), prefix))) {
                return s;
            }
        }
        return "kernel";
    }

    /** The events of {@code node} for the expectation's prefix after the fault, up to when the expectation was seen holding. */
    static Convergence measure(Expectation x, LabNode node, FaultTime fault, Instant heldAt) {
        List<RouteEvent> all = node.events();
        String source = "kernel".equals(x.table()) || node.spec().role() == NodeRole.VM ? "kernel"
                : node.spec().role() == NodeRole.BGPLAB ? "loc-rib" : bmpSource(all, x.prefix());
        List<RouteEvent> events = all.stream()
                .filter(e -> e.source().equals(source) && e.prefix() != null && Expectation.samePrefix(e.prefix(), x.prefix()))
                .filter(e -> !e.at().isBefore(fault.at().minus(fault.error())) && !e.at().isAfter(heldAt.plusMillis(50)))
                .toList();
        String what = source.equals("kernel") ? node.name() + "'s kernel table (ip monitor)"
                : source.startsWith("bmp ") ? node.name() + "'s BGP table through BMP (" + source.substring(4) + ", stamped on arrival)"
                : node.name() + "'s Loc-RIB (its event stream)";
        if (node.spec().role() == NodeRole.FRR && source.equals("kernel") && !"kernel".equals(x.table())) {
            what += "; FRR's BGP best paths as zebra installed them";
        }
        if (events.isEmpty()) {
            return new Convergence(fault, heldAt, "polled", fault.error().plus(POLL_ERROR),
                    " — " + node.name() + " reported no change of " + x.prefix() + " after the fault, so this is when the harness saw it");
        }
        // the change that made the state hold: the first of the final run of events that each satisfy it
        Instant end = events.get(events.size() - 1).at();
        Optional<Boolean> evaluable = x.holdsAfter(events.get(events.size() - 1));
        if (evaluable.isPresent()) {
            for (int i = events.size() - 1; i >= 0 && x.holdsAfter(events.get(i)).orElse(false); i--) {
                end = events.get(i).at();
            }
        }
        return new Convergence(fault, end, what, fault.error().plus(STAMP_ERROR), "");
    }
}
