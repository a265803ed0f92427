package dev.bgplab.lab.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import dev.bgplab.lab.docker.Docker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} through the Docker API, with the output and exit code. */
final class ContainerExec {

    private ContainerExec() {
    }

    static CommandResult run(String container, int timeoutSeconds, String... argv) {
        DockerClient client = Docker.client();
        ExecCreateCmdResponse created = client.execCreateCmd(container).withCmd(argv).withAttachStdout(true)
                .withAttachStderr(true).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            boolean done = client.execStartCmd(created.getId()).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    switch (frame.getStreamType()) {
                        case STDOUT, RAW -> out.writeBytes(frame.getPayload());
                        case STDERR -> err.writeBytes(frame.getPayload());
                        default -> { }
                    }
                }
            }).awaitCompletion(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                throw new IllegalStateException(container + ": '" + String.join(" ", argv) + "' did not finish within "
                        + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(container + ": interrupted running " + String.join(" ", argv), e);
        }
        Long code = client.inspectExecCmd(created.getId()).exec().getExitCodeLong();
        return new CommandResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and fails with the output when the exit code is not 0. */
    static String check(String container, String... argv) {
        CommandResult r = run(container, 60, argv);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(container + ": '" + String.join(" ", argv) + "' exited " + r.exitCode() + ": "
                    + r.output().strip());
        }
        return r.stdout();
    }

    static String sh(String container, String script) {
        return check(container, "sh", "-c", script);
    }

    static List<String> words(String commandLine) {
        // containerlab's cmd/entrypoint are strings split like a shell would, without expansion
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : commandLine.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) {
            out.add(cur.toString());
        }
        return out;
    }
}
