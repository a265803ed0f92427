package dev.bgplab.lab.frr;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: when a test fails, writes an {@link FrrReport} of every watched node into
 * {@code target/lab-reports/<test class>/<test method>/} (system property {@code bgplab.lab.reports}
 * changes the root) and prints the path. It runs right after the test method, before
 * {@code @AfterEach}, so nodes closed there are still readable.
 *
 * <pre>{@code
 * @RegisterExtension static FrrReportExtension reports = new FrrReportExtension();
 * ... reports.watch(FrrNode.builder("bgplab-test-x-r1")...start());
 * }</pre>
 */
public final class FrrReportExtension implements AfterTestExecutionCallback {

    public static final String ROOT_PROPERTY = "bgplab.lab.reports";

    private final List<FrrNode> nodes = new CopyOnWriteArrayList<>();
    private final Path root;

    /** Reports go under {@code -Dbgplab.lab.reports}, else {@code target/lab-reports}. */
    public FrrReportExtension() {
        this(Path.of(System.getProperty(ROOT_PROPERTY, "target/lab-reports")));
    }

    public FrrReportExtension(Path root) {
        this.root = root;
    }

    /** Includes {@code node} in the reports of failing tests; returns it. */
    public FrrNode watch(FrrNode node) {
        nodes.add(node);
        return node;
    }

    public void forget(FrrNode node) {
        nodes.remove(node);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty() || nodes.isEmpty()) {
            return;
        }
        Path dir = root
                .resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(testFolder(context));
        for (FrrNode node : nodes) {
            FrrReport.write(dir, node);
        }
        String message = "lab report of failed test " + context.getDisplayName() + ": " + dir.toAbsolutePath();
        System.out.println(message);
    }

    /** The method name; for parameterized and repeated tests also the invocation's display name. */
    private static String testFolder(ExtensionContext context) {
        String method = context.getTestMethod().map(m -> m.getName()).orElse("class");
        String display = context.getDisplayName();
        if (display.equals(method + "()")) {
            return method;
        }
        return method + "-" + display.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }
}
