package dev.bgplab.lab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * What an interop test started: the bgplab speakers and the daemons they peer with. Closes the
 * speakers first (each sends Cease), then the daemons, and proves each daemon's processes are gone.
 */
final class InteropPeers implements AutoCloseable {
    private final List<ExternalDaemon> daemons = new ArrayList<>();
    private final List<LabSpeaker> speakers = new ArrayList<>();

    <T extends ExternalDaemon> T add(T daemon) {
        daemons.add(daemon);
        return daemon;
    }

    LabSpeaker add(LabSpeaker speaker) {
        speakers.add(speaker);
        return speaker;
    }

    @Override
    public void close() {
        for (LabSpeaker s : speakers) s.close();
        List<Long> pids = new ArrayList<>();
        for (int i = daemons.size() - 1; i >= 0; i--) {
            ExternalDaemon daemon = daemons.get(i);
            daemon.close();
            pids.addAll(daemon.stoppedPids());
            assertThat(daemon.isAlive()).as("%s pid %s alive after close", daemon.name(), daemon.pid()).isFalse();
            assertThat(daemon.workDir()).as("work dir of %s", daemon.name()).doesNotExist();
        }
        assertThat(pids).as("pids the daemons and their children had").allMatch(ExternalDaemon::isGone);
    }
}
