package dev.bgplab.lab.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgplab.lab.topology.InterfaceAddress;
import dev.bgplab.lab.topology.LinkSpec;
import dev.bgplab.lab.topology.NodeRole;
import dev.bgplab.lab.topology.NodeSpec;
import dev.bgplab.lab.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Programs into each {@code vm} node's kernel what Azure would program into that VM: the routes
 * learned by the Azure node that serves it (a Route Server instance, hub or gateway: its GET
 * /api/effective-routes), as {@code proto 186 metric 20} routes, multipath where ECMP, withdrawn
 * routes removed. A VM is served by the node its label {@code bgplab.served-by} names, else by the
 * bgplab node with a role it shares a link with. A next hop on one of the VM's own subnets is used
 * as it is (the VM sends straight to the NVA, as on Azure); any other goes through the serving
 * node's address on the VM's link (the node is the lab's virtual network fabric and its kernel holds
 * the same routes). The virtual network's own prefixes and static routes are not programmed: the
 * VM's subnet and its exec lines give those. One daemon thread owns everything here; it polls the
 * serving nodes every 250 ms and writes a VM only when what it should hold changed (and checks the
 * VM's table every 5 s, so a restarted VM gets its routes back).
 */
public final class VmRoutes implements AutoCloseable {

    public static final String LABEL_SERVED_BY = "bgplab.served-by";
    static final String PROTO = "186";

    /** One VM and the node that programs it. */
    record Served(LabNode vm, LabNode server, String fabric, List<InterfaceAddress> vmAddresses) {}

    private final List<Served> served;
    private final Map<String, Map<String, List<String>>> installed = new LinkedHashMap<>();
    private final Consumer<String> progress;
    private final Thread thread;
    private volatile boolean running = true;

    private VmRoutes(List<Served> served, Consumer<String> progress) {
        this.served = served;
        this.progress = progress;
        this.thread = new Thread(this::loop, "bgplab-vm-routes");
        this.thread.setDaemon(true);
    }

    /** Starts following the serving nodes of every VM of the lab; empty when no VM is served by an Azure node. */
    public static Optional<VmRoutes> start(Topology topology, Map<String, ? extends LabNode> nodes, Consumer<String> progress) {
        List<Served> served = new ArrayList<>();
        for (NodeSpec vm : topology.nodes()) {
            if (vm.role() != NodeRole.VM) {
                continue;
            }
            serving(topology, vm).ifPresent(s -> {
                LabNode server = nodes.get(s[0]);
                if (server != null && server.speakerApi().isPresent() && hasRole(server)) {
                    served.add(new Served(nodes.get(vm.name()), server, s[1], vm.addresses()));
                    progress.accept(vm.name() + " gets its routes from " + s[0] + "'s effective routes (through " + s[1] + " when the next hop is off its subnet)");
                }
            });
        }
        if (served.isEmpty()) {
            return Optional.empty();
        }
        VmRoutes r = new VmRoutes(served, progress);
        r.thread.start();
        return Optional.of(r);
    }

    private static boolean hasRole(LabNode server) {
        try {
            return !server.speakerApi().get().get("/api/effective-routes").path("role").isNull()
                    && !server.speakerApi().get().get("/api/effective-routes").path("role").asText("").isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {serving node, its address on the VM's link}: the label's node, else the first bgplab node linked to the VM. */
    public static Optional<String[]> serving(Topology topology, NodeSpec vm) {
        String wanted = vm.labels().get(LABEL_SERVED_BY);
        for (LinkSpec l : topology.links()) {
            LinkSpec.Endpoint mine = l.end(vm.name());
            if (mine == null) {
                continue;
            }
            LinkSpec.Endpoint other = l.other(mine);
            Optional<NodeSpec> o = topology.node(other.node());
            if (o.isEmpty() || (wanted != null ? !wanted.equals(other.node()) : o.get().role() != NodeRole.BGPLAB)) {
                continue;
            }
            Optional<String> fabric = o.get().addressesOn(other.iface()).stream().filter(a -> !a.isIpv6()).map(InterfaceAddress::address).findFirst();
            if (fabric.isPresent()) {
                return Optional.of(new String[] {other.node(), fabric.get()});
            }
        }
        return Optional.empty();
    }

    private void loop() {
        long lastCheck = 0;
        while (running) {
            boolean check = System.nanoTime() - lastCheck > 5_000_000_000L;
            if (check) {
                lastCheck = System.nanoTime();
            }
            for (Served s : served) {
                try {
                    sync(s, check);
                } catch (RuntimeException e) {
                    // the serving node or the VM is down: its routes stay as they were, as Azure's would
                }
            }
            try {
                Thread.sleep(250); // polling period of the serving nodes' effective routes
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sync(Served s, boolean check) {
        Map<String, List<String>> want = wanted(s, s.server().speakerApi().orElseThrow().get("/api/effective-routes"));
        Map<String, List<String>> have = installed.get(s.vm().name());
        if (check && have != null) {
            have = actual(s.vm());
        }
        if (want.equals(have)) {
            return;
        }
        Map<String, List<String>> before = have == null ? actual(s.vm()) : have;
        List<String> lines = new ArrayList<>();
        for (String p : before.keySet()) {
            if (!want.containsKey(p)) {
                lines.add("route del " + p + " proto " + PROTO + " metric 20");
            }
        }
        for (Map.Entry<String, List<String>> e : want.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                StringBuilder b = new StringBuilder("route replace " + e.getKey() + " proto " + PROTO + " metric 20");
                if (e.getValue().size() == 1) {
                    b.append(" via ").append(e.getValue().get(0));
                } else {
                    e.getValue().forEach(h -> b.append(" nexthop via ").append(h));
                }
                lines.add(b.toString());
            }
        }
        if (!lines.isEmpty()) {
            s.vm().exec("sh", "-c", "printf '" + String.join("\\n", lines) + "\\n' | ip -force -batch -");
        }
        installed.put(s.vm().name(), want);
    }

    /** Prefix to next hops the VM should hold: learned routes only, each next hop direct when on the VM's subnet, else the fabric. */
    static Map<String, List<String>> wanted(Served s, JsonNode table) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (JsonNode r : table.path("routes")) {
            String source = r.path("source").asText();
            String prefix = r.path("prefix").asText();
            if (source.equals("VNet") || source.startsWith("static") || prefix.contains(":")) {
                continue;
            }
            List<String> hops = new ArrayList<>();
            for (JsonNode h : r.path("nextHops")) {
                String hop = s.vmAddresses().stream().anyMatch(a -> a.contains(h.asText())) ? h.asText() : s.fabric();
                if (!hops.contains(hop)) {
                    hops.add(hop);
                }
            }
            if (!hops.isEmpty()) {
                hops.sort(null);
                out.put(prefix, hops);
            }
        }
        return out;
    }

    /** The VM's proto-186 routes now ({@code ip -j route show proto 186}). */
    static Map<String, List<String>> actual(LabNode vm) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        JsonNode routes;
        try {
            routes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(vm.exec("ip", "-j", "route", "show", "proto", PROTO));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(vm.name() + ": ip -j route: " + e.getMessage(), e);
        }
        for (JsonNode r : routes) {
            List<String> hops = new ArrayList<>();
            if (r.has("gateway")) {
                hops.add(r.get("gateway").asText());
            }
            r.path("nexthops").forEach(h -> hops.add(h.path("gateway").asText()));
            hops.sort(null);
            String dst = r.path("dst").asText();
            out.put(dst.equals("default") ? "0.0.0.0/0" : dst.contains("/") ? dst : dst + "/32", hops);
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
