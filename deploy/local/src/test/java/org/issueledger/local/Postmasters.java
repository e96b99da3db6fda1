package org.issueledger.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the PostgreSQL server process of a data directory, as the tests check that none is left behind. */
final class Postmasters {

    private Postmasters() {}

    static long pid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("no postmaster.pid in " + dataDir, e);
        }
    }

    /**
     * Whether the process still runs. A zombie (exited, not yet reaped by a slow PID 1 as in some containers)
     * does not count, though {@link ProcessHandle#isAlive()} says it is alive.
     */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc: trust isAlive()
        }
    }

    /** Stops a server still running on the directory, if any, and waits until it has removed its pid file. */
    static void stopLeftover(Path dataDir) throws InterruptedException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        ProcessHandle.of(pid(dataDir)).ifPresent(ProcessHandle::destroy);
        for (int i = 0; i < 300 && Files.exists(pidFile) && running(pid(dataDir)); i++) {
            Thread.sleep(100);
        }
    }
}
