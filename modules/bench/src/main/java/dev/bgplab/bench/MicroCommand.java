package dev.bgplab.bench;

import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench micro}: the JMH microbenchmarks, short by default. */
@Command(name = "micro", mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks: UPDATE decode/encode, decision process, policy with AS-path operations.")
final class MicroCommand implements Callable<Integer> {
    @Option(names = "--long", description = "3 forks, 5 warm-up and 10 measured iterations of 2 s (default: 1 fork, 2+3 of 1 s)")
    boolean longRun;
    @Option(names = "--include", defaultValue = "dev.bgplab.bench.micro.*", description = "JMH regex of benchmarks; default ${DEFAULT-VALUE}")
    String include;

    @Override
    public Integer call() throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).shouldFailOnError(true);
        if (longRun) {
            o.forks(3).warmupIterations(5).measurementIterations(10)
                    .warmupTime(TimeValue.seconds(2)).measurementTime(TimeValue.seconds(2));
        } else {
            o.forks(1).warmupIterations(2).measurementIterations(3)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        new Runner(o.build()).run();
        return 0;
    }
}
