package dev.bgplab.lab.scenario;

import java.nio.file.Path;
import java.util.List;

/** The ordered steps of a {@code *.scenario.yml}. */
public record Scenario(Path file, List<Step> steps, List<String> captures) {
    public Scenario {
        steps = List.copyOf(steps);
        captures = List.copyOf(captures);
    }

    public Scenario(Path file, List<Step> steps) {
        this(file, steps, List.of());
    }
}
