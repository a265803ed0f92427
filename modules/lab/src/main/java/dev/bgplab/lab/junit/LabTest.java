package dev.bgplab.lab.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that deploys a lab, runs its scenario and fails with the failed steps' reasons:
 * <pre>
 * &#64;LabTest("lab-configs/quickstart-lab/quickstart.clab.yml")
 * void quickstart(LabReport report) { ... further assertions on the report ... }
 * </pre>
 * The path is relative to the working directory, or, when not found there, to its parents (so a
 * module's tests can name files from the repository root). The report is written as
 * {@code target/lab-reports/<class>/<method>/report.json} and {@code report.txt}, and its folder
 * is published as the report entry {@code lab-report}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(LabTestExtension.class)
public @interface LabTest {

    /** The topology file ({@code *.clab.yml}); the scenario is the {@code *.scenario.yml} beside it. */
    String value();

    /**
     * Another scenario than the one beside the topology, as {@code lab run --scenario} takes it: a
     * name N for {@code N.scenario.yml} beside the topology, a file, or a folder.
     */
    String scenario() default "";

    /** {@code auto}, {@code docker} or {@code embedded}. */
    String runtime() default "auto";
}
