package dev.bgplab.bench;

import dev.bgplab.bench.routeserver.RouteServerCommand;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bgplab bench ...}: the route-server benchmark, the lab footprint and the JMH microbenchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "bgplab benchmarks: route server against FRR, BIRD and GoBGP; lab footprint; JMH microbenchmarks.",
        subcommands = {RouteServerCommand.class, RouteServerCommand.FootprintCommand.class,
                RouteServerCommand.ProfileCommand.class, MicroCommand.class,
                BenchMain.RelayCommand.class})
public final class BenchMain implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The RIB-less relay the route-server benchmark starts as its own process to show its ceiling. */
    @Command(name = "relay", hidden = true, description = "Forward every feeder's messages to every receiver (no RIB).")
    static final class RelayCommand implements Callable<Integer> {
        @Option(names = "--address", required = true)
        String address;
        @Option(names = "--port", required = true)
        int port;
        @Option(names = "--asn", defaultValue = "65000")
        long asn;
        @Option(names = "--feeders", split = ",", required = true)
        List<String> feeders;

        @Override
        public Integer call() throws Exception {
            Set<InetAddress> f = new HashSet<>();
            for (String a : feeders) {
                f.add(InetAddress.getByName(a));
            }
            dev.bgplab.bench.routeserver.Relay.main(InetAddress.getByName(address), port, asn, f);
            return 0;
        }
    }
}
